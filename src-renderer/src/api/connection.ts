// The state of the link to the main process, as a tiny external store for useSyncExternalStore.

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

// Function properties, not methods: useSyncExternalStore receives them unbound.
export interface Connection {
  readonly getState: () => ConnectionState;
  /** Called on every state change; returns the function that unsubscribes. */
  readonly subscribe: (listener: () => void) => () => void;
}

/** Electron's IPC cannot drop, so its connection is always open. */
export const alwaysOpen: Connection = {
  getState: () => 'open',
  subscribe: () => () => undefined,
};

export class ConnectionStore implements Connection {
  private state: ConnectionState = 'connecting';
  private readonly listeners = new Set<() => void>();

  getState = (): ConnectionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: ConnectionState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
