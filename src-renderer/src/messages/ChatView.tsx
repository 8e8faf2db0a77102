// The open chat: its header and its messages.
import type { ChatSummary } from '../../../src-shared/contract.ts';
import { Avatar } from '../chats/Avatar.tsx';
import { plural } from '../common/format.ts';
import { ArrowLeftIcon } from '../common/icons.tsx';
import type { JumpRequest, JumpTarget } from './jump.ts';
import { MessageList } from './MessageList.tsx';

interface ChatViewProps {
  readonly chat: ChatSummary;
  readonly jump: JumpTarget | null;
  readonly onJump: (request: JumpRequest) => void;
  /** Narrow windows show one pane at a time; this returns to the list. */
  readonly onBack: () => void;
}

export function ChatView({ chat, jump, onJump, onBack }: ChatViewProps) {
  return (
    <>
      <header className="chat-header">
        <button type="button" className="icon-button chat-header__back" aria-label="Back to chats" onClick={onBack}>
          <ArrowLeftIcon />
        </button>
        <Avatar name={chat.title} size={40} />
        <div className="chat-header__text">
          <h2 className="chat-header__title">{chat.title}</h2>
          <p className="chat-header__meta">
            {plural(chat.messageCount, 'message', 'messages')} · {plural(chat.participantCount, 'participant', 'participants')}
          </p>
        </div>
      </header>
      {chat.messageCount === 0 ? (
        <p className="empty-note">This chat has no messages.</p>
      ) : (
        <MessageList
          // A new list per chat and per jump: each starts from a clean window and scroll position.
          key={`${chat.id}:${jump?.nonce ?? 0}`}
          chatId={chat.id}
          title={chat.title}
          total={chat.messageCount}
          jump={jump}
          onJump={onJump}
        />
      )}
    </>
  );
}
