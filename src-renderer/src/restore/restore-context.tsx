// The running restore lives above the screens, so the person can open their chats as soon as the
// messages are in (storeChanged 'restore') while media keep arriving.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import type { RestoreResult } from '../../../src-shared/backup-contract.ts';
import { useApi } from '../api/api-context.tsx';
import { settingsQueryKeys } from '../api/queries.ts';
import { useOperation, type Operation } from '../common/use-operation.ts';

export type RestoreOutcome = z.infer<typeof RestoreResult>;

export interface RestoreController {
  readonly operation: Operation<RestoreOutcome>;
  /** The messages are in: the chats can be read while media continue. */
  readonly messagesIn: boolean;
  readonly restore: (sessionId: string, snapshotId: string) => void;
}

const RestoreContext = createContext<RestoreController | null>(null);

export function useRestore(): RestoreController {
  const controller = useContext(RestoreContext);
  if (controller === null) throw new Error('useRestore needs a RestoreProvider');
  return controller;
}

export function RestoreProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const operation = useOperation<RestoreOutcome>();
  const [messagesIn, setMessagesIn] = useState(false);
  const { busy, start } = operation;

  useEffect(
    () =>
      api.on('storeChanged', ({ reason }) => {
        if (reason === 'restore' && busy) setMessagesIn(true);
      }),
    [api, busy],
  );

  const restore = useCallback(
    (sessionId: string, snapshotId: string) => {
      setMessagesIn(false);
      void start((operationId) => api.restoreBackup({ sessionId, snapshotId, operationId })).then((result) => {
        if (result !== null) setMessagesIn(true);
        // This computer now holds the backup key and backs up to the same place, with its history.
        for (const queryKey of Object.values(settingsQueryKeys)) void queryClient.invalidateQueries({ queryKey });
      });
    },
    [api, queryClient, start],
  );

  const controller = useMemo(() => ({ operation, messagesIn, restore }), [operation, messagesIn, restore]);
  return <RestoreContext value={controller}>{children}</RestoreContext>;
}
