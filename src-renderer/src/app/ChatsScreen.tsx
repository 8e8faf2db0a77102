// The chats view: sidebar (search, chat list or search results, import status) and the open chat.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SearchHit } from '../../../src-shared/contract.ts';
import { useApi } from '../api/api-context.tsx';
import { chatsQuery } from '../api/queries.ts';
import { ChatList } from '../chats/ChatList.tsx';
import { ImportButton } from '../import/ImportButton.tsx';
import { ImportPanel } from '../import/ImportPanel.tsx';
import { RestoreFooter } from '../restore/RestoreFooter.tsx';
import type { JumpRequest } from '../messages/jump.ts';
import { ChatView } from '../messages/ChatView.tsx';
import { SearchBox } from '../search/SearchBox.tsx';
import { SearchResults } from '../search/SearchResults.tsx';
import { useDebouncedValue } from '../search/use-debounced-value.ts';
import type { Selection } from './selection.ts';
import { EmptyState, NoChatSelected } from './EmptyState.tsx';

interface ChatsScreenProps {
  readonly selection: Selection;
  readonly onOpenChat: (chatId: number) => void;
  readonly onOpenHit: (hit: SearchHit) => void;
  readonly onJump: (chatId: number, request: JumpRequest) => void;
  readonly onCloseChat: () => void;
  readonly onRestore: () => void;
}

export function ChatsScreen({ selection, onOpenChat, onOpenHit, onJump, onCloseChat, onRestore }: ChatsScreenProps) {
  const api = useApi();
  const chats = useQuery(chatsQuery(api));
  const [query, setQuery] = useState('');
  const settledQuery = useDebouncedValue(query.trim(), 250);
  const searching = query.trim() !== '';
  const chat = chats.data?.find((candidate) => candidate.id === selection.chatId);

  return (
    <>
      <div className="sidebar">
        <div className="sidebar__header">
          <h1 className="sidebar__title">Chats</h1>
          <ImportButton />
        </div>
        <SearchBox value={query} onChange={setQuery} />
        {searching ? (
          <SearchResults query={settledQuery} onOpen={onOpenHit} />
        ) : (
          <ChatList selectedChatId={selection.chatId} onSelect={onOpenChat} />
        )}
        <div className="sidebar__footer">
          <RestoreFooter />
          <ImportPanel />
        </div>
      </div>
      <main className="main" aria-label={chat === undefined ? 'Messages' : chat.title}>
        {chat !== undefined ? (
          <ChatView chat={chat} jump={selection.jump} onJump={(request) => onJump(chat.id, request)} onBack={onCloseChat} />
        ) : chats.data?.length === 0 ? (
          <EmptyState onRestore={onRestore} />
        ) : (
          <NoChatSelected count={chats.data?.length ?? null} />
        )}
      </main>
    </>
  );
}
