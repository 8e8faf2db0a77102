// Hands the chosen transport to the component tree.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { CompanionApi } from '../../../src-shared/api.ts';
import type { ConnectionState } from './connection.ts';
import type { Transport } from './transport.ts';

const TransportContext = createContext<Transport | null>(null);

export function TransportProvider({ transport, children }: { readonly transport: Transport; readonly children: ReactNode }) {
  return <TransportContext value={transport}>{children}</TransportContext>;
}

export function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (transport === null) throw new Error('useTransport needs a TransportProvider');
  return transport;
}

export function useApi(): CompanionApi {
  return useTransport().api;
}

export function useConnectionState(): ConnectionState {
  const { connection } = useTransport();
  return useSyncExternalStore(connection.subscribe, connection.getState);
}
