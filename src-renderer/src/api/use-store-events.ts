// Keeps the query cache in step with the store: main announces changes, and a reconnect may have
// missed some announcements, so it refetches everything.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTransport } from './api-context.tsx';
import { storeQueryKeys } from './queries.ts';

export function useStoreEvents(): void {
  const { api, connection } = useTransport();
  const queryClient = useQueryClient();

  useEffect(
    () =>
      api.on('storeChanged', () => {
        for (const queryKey of storeQueryKeys) void queryClient.invalidateQueries({ queryKey });
      }),
    [api, queryClient],
  );

  useEffect(() => {
    let previous = connection.getState();
    return connection.subscribe(() => {
      const next = connection.getState();
      if (previous === 'reconnecting' && next === 'open') void queryClient.invalidateQueries();
      previous = next;
    });
  }, [connection, queryClient]);
}
