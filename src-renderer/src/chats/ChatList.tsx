// The chat list: one button per chat, newest activity first (main sorts it).
import { useQuery } from '@tanstack/react-query';
import type { ChatSummary } from '../../../src-shared/contract.ts';
import { useApi } from '../api/api-context.tsx';
import { chatsQuery } from '../api/queries.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { formatListDate, plural } from '../common/format.ts';
import { Avatar } from './Avatar.tsx';

interface ChatListProps {
  readonly selectedChatId: number | null;
  readonly onSelect: (chatId: number) => void;
}

export function ChatList({ selectedChatId, onSelect }: ChatListProps) {
  const api = useApi();
  const chats = useQuery(chatsQuery(api));

  return (
    <nav className="chat-list" aria-label="Chats">
      {chats.isPending && <ChatListSkeleton />}
      {chats.isError && <ErrorAlert title="Could not load your chats" error={chats.error} onRetry={() => void chats.refetch()} />}
      {chats.data?.length === 0 && <p className="chat-list__empty">No chats yet. Imported chats appear here.</p>}
      {chats.data !== undefined && chats.data.length > 0 && (
        <ul className="chat-list__items">
          {chats.data.map((chat) => (
            <li key={chat.id}>
              <ChatListItem chat={chat} selected={chat.id === selectedChatId} onSelect={onSelect} />
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function ChatListItem({
  chat,
  selected,
  onSelect,
}: {
  readonly chat: ChatSummary;
  readonly selected: boolean;
  readonly onSelect: (id: number) => void;
}) {
  return (
    <button
      type="button"
      className="chat-item"
      aria-current={selected ? 'true' : undefined}
      aria-label={`${chat.title}, ${plural(chat.messageCount, 'message', 'messages')}`}
      onClick={() => onSelect(chat.id)}
    >
      <Avatar name={chat.title} />
      <span className="chat-item__text">
        <span className="chat-item__top">
          <span className="chat-item__title">{chat.title}</span>
          {chat.lastMessageAt !== null && <span className="chat-item__date">{formatListDate(chat.lastMessageAt)}</span>}
        </span>
        <span className="chat-item__preview">{previewOf(chat)}</span>
      </span>
    </button>
  );
}

/** Only a media message has an empty body (a caption would be its text). */
function previewOf(chat: ChatSummary): string {
  if (chat.lastMessagePreview === null) return 'No messages';
  return chat.lastMessagePreview === '' ? 'Attachment' : chat.lastMessagePreview;
}

function ChatListSkeleton() {
  return (
    <ul className="chat-list__items" aria-hidden="true">
      {[0, 1, 2, 3].map((key) => (
        <li key={key} className="chat-item chat-item--skeleton">
          <span className="avatar skeleton" />
          <span className="chat-item__text">
            <span className="skeleton skeleton--line" />
            <span className="skeleton skeleton--line skeleton--short" />
          </span>
        </li>
      ))}
    </ul>
  );
}
