// The handler table: one function per contract call. Every host binds this same table.
import type { AppContext } from '../services/app-context.ts';
import { listChats, readStats } from '../store/read-chats.ts';
import { readMessages } from '../store/read-messages.ts';
import { searchMessages } from '../store/search-messages.ts';
import { createBackupHandlers } from './backup-handlers.ts';
import { createDiagnosticsHandlers } from './diagnostics-handlers.ts';
import { createScheduleHandlers } from './schedule-handlers.ts';
import { createHistoryHandlers } from './history-handlers.ts';
import type { Handlers } from './dispatch.ts';
import { createPasskeyHandlers } from './passkey-handlers.ts';
import { runImport } from './run-import.ts';

export interface HandlerHooks {
  /** A saved schedule: the desktop app's scheduler decides again at once (not at its next check). */
  readonly onScheduleChange?: () => void;
}

export function createHandlers(context: AppContext, hooks: HandlerHooks = {}): Handlers {
  const { store, host } = context;
  return {
    getAppInfo: () =>
      Promise.resolve({
        version: host.version,
        host: host.kind,
        platform: process.platform,
        canPickFiles: host.pickImportFile !== undefined,
      }),
    getStats: () => Promise.resolve(readStats(store.db)),
    listChats: () => Promise.resolve(listChats(store.db)),
    getMessages: ({ chatId, offset, limit }) => Promise.resolve(readMessages(store.db, chatId, offset, limit)),
    searchMessages: ({ query, chatId, limit }) => Promise.resolve(searchMessages(store.db, query, { chatId, limit })),
    importChatExport: (input) => runImport(context, input),
    // Cancelling something that already finished is not an error: it simply had nothing to stop.
    cancelOperation: ({ operationId }) => Promise.resolve({ cancelled: context.operations.cancel(operationId) }),
    ...createBackupHandlers(context),
    ...createPasskeyHandlers(context),
    ...createDiagnosticsHandlers(context),
    ...createScheduleHandlers(context, hooks.onScheduleChange),
    ...createHistoryHandlers(context),
  };
}
