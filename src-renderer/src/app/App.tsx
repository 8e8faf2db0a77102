// The app shell: top-level navigation, and which chat or view is open.
import { useCallback, useState } from 'react';
import type { ImportResult, SearchHit } from '../../../src-shared/contract.ts';
import { useStoreEvents } from '../api/use-store-events.ts';
import { ImportProvider } from '../import/import-context.tsx';
import type { JumpRequest } from '../messages/jump.ts';
import { RestoreProvider } from '../restore/restore-context.tsx';
import { RestoreScreen } from '../restore/RestoreScreen.tsx';
import { SettingsView } from '../settings/SettingsView.tsx';
import { BackupNotice } from './BackupNotice.tsx';
import { ChatsScreen } from './ChatsScreen.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { Rail, type View } from './Rail.tsx';
import type { Selection } from './selection.ts';

let nextNonce = 1;

export function App() {
  useStoreEvents();
  const [view, setView] = useState<View | 'restore'>('chats');
  /** The view "Restore from backup" was opened from, where Back returns and the rail stays lit. */
  const [restoreFrom, setRestoreFrom] = useState<View>('chats');
  const openRestore = useCallback(() => {
    if (view !== 'restore') setRestoreFrom(view);
    setView('restore');
  }, [view]);
  const [selection, setSelection] = useState<Selection>({ chatId: null, jump: null });

  const openChat = useCallback((chatId: number) => setSelection({ chatId, jump: null }), []);
  const jumpTo = useCallback(
    (chatId: number, request: JumpRequest) => setSelection({ chatId, jump: { ...request, nonce: nextNonce++ } }),
    [],
  );
  const openHit = useCallback((hit: SearchHit) => jumpTo(hit.chatId, { seq: hit.seq, align: 'center', highlight: true }), [jumpTo]);
  const closeChat = useCallback(() => setSelection({ chatId: null, jump: null }), []);
  const onImported = useCallback((result: ImportResult) => {
    setView('chats');
    setSelection({ chatId: result.chatId, jump: null });
  }, []);

  return (
    <ImportProvider onImported={onImported}>
      <RestoreProvider>
        <div className="shell" data-pane={view === 'chats' && selection.chatId !== null ? 'chat' : 'list'}>
          <BackupNotice onOpenSettings={() => setView('settings')} />
          <Rail view={view === 'restore' ? restoreFrom : view} onChange={setView} />
          {view === 'chats' ? (
            <ChatsScreen
              selection={selection}
              onOpenChat={openChat}
              onOpenHit={openHit}
              onJump={jumpTo}
              onCloseChat={closeChat}
              onRestore={openRestore}
            />
          ) : view === 'restore' ? (
            <RestoreScreen onOpenChats={() => setView('chats')} onBack={() => setView(restoreFrom)} />
          ) : (
            <SettingsView onRestore={openRestore} />
          )}
          <ConnectionBanner />
        </div>
      </RestoreProvider>
    </ImportProvider>
  );
}
