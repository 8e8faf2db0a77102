// CompanionApi over the browser host's WebSocket (/ws). Same contract as the Electron preload: the
// method table comes from the contract, so a new call needs no change here.
import type { CallMethods, CompanionApi } from '../../../src-shared/api.ts';
import { callNames, type CallName, type EventName, type EventPayload } from '../../../src-shared/contract.ts';
import type { Result } from '../../../src-shared/errors.ts';
import { ApiError } from './api-error.ts';
import { ConnectionStore, type Connection } from './connection.ts';

interface PendingCall {
  readonly frame: string;
  sent: boolean;
  readonly resolve: (result: Result<unknown>) => void;
  readonly reject: (error: ApiError) => void;
}

type AnyListener = (payload: unknown) => void;

export interface WebSocketClientOptions {
  /** Injected by tests; the browser's WebSocket otherwise. */
  readonly createSocket?: (url: string) => WebSocket;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface WebSocketClient {
  readonly api: CompanionApi;
  readonly connection: Connection;
  close(): void;
}

/** The /ws address on the page's own origin, where the session cookie is valid. */
export function defaultSocketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function createWebSocketClient(url: string, options: WebSocketClientOptions = {}): WebSocketClient {
  const createSocket = options.createSocket ?? ((address: string) => new WebSocket(address));
  const minDelayMs = options.minDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const connection = new ConnectionStore();
  const pending = new Map<number, PendingCall>();
  const listeners = new Map<EventName, Set<AnyListener>>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  // A call whose answer may never come is rejected, never left hanging: the caller can retry.
  function failPending(): void {
    const error = new ApiError('CONNECTION_LOST', 'The connection to Companion was lost.');
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  }

  function connect(): void {
    const ws = createSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      connection.set('open');
      for (const call of pending.values()) {
        if (!call.sent) {
          ws.send(call.frame);
          call.sent = true;
        }
      }
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') receive(event.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failPending();
      if (!closed) scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    connection.set('reconnecting');
    // Jittered exponential backoff so a restarted host is not hammered by every open tab at once.
    const delay = Math.min(maxDelayMs, minDelayMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    attempt += 1;
    retryTimer = setTimeout(connect, delay);
  }

  function receive(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const { type, id, result, event, payload } = frame as Record<string, unknown>;
    if (type === 'result' && typeof id === 'number') {
      const call = pending.get(id);
      if (call === undefined) return;
      pending.delete(id);
      call.resolve(result as Result<unknown>);
    } else if (type === 'event' && typeof event === 'string') {
      for (const listener of listeners.get(event as EventName) ?? []) listener(payload);
    }
  }

  function call(method: CallName, input: unknown): Promise<Result<unknown>> {
    return new Promise((resolve, reject) => {
      if (closed) {
        reject(new ApiError('CONNECTION_LOST', 'The connection to Companion is closed.'));
        return;
      }
      const id = nextId++;
      const entry: PendingCall = { frame: JSON.stringify({ type: 'call', id, method, input }), sent: false, resolve, reject };
      pending.set(id, entry);
      // Otherwise it waits for the next open; a failed attempt rejects it through failPending.
      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(entry.frame);
        entry.sent = true;
      }
    });
  }

  const methods = Object.fromEntries(callNames.map((name) => [name, (input: unknown) => call(name, input)])) as unknown as CallMethods;

  const api: CompanionApi = {
    ...methods,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      listeners.set(event, set);
      const untyped = listener as AnyListener;
      set.add(untyped);
      return () => set.delete(untyped);
    },
  };

  connect();

  return {
    api,
    connection,
    close(): void {
      closed = true;
      clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      ws?.close();
      failPending();
    },
  };
}
