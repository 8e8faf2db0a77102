// Carries the contract over one WebSocket: call frames go through the same dispatch as Electron IPC,
// and every EventBus event is pushed to the client.
import type { WebSocket } from 'ws';
import { AppError } from '../../src-shared/errors.ts';
import { ClientFrame, type ServerFrame } from '../../src-shared/ws-protocol.ts';
import { dispatch, type Handlers } from '../ipc/dispatch.ts';
import type { EventBus } from '../services/event-bus.ts';

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

function parseFrame(data: unknown): ClientFrame | null {
  try {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    const parsed = ClientFrame.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function serveSocket(socket: WebSocket, handlers: Handlers, events: EventBus): void {
  const unsubscribe = events.subscribe((event, payload) => send(socket, { type: 'event', event, payload }));
  socket.on('close', unsubscribe);
  socket.on('message', (data, isBinary) => {
    const frame = isBinary ? null : parseFrame(data);
    if (frame === null) {
      const error = new AppError('IPC_INVALID_INPUT', 'The message is not a valid call frame.').toData();
      send(socket, { type: 'result', id: null, result: { ok: false, error } });
      return;
    }
    void dispatch(handlers, frame.method, frame.input).then((result) => send(socket, { type: 'result', id: frame.id, result }));
  });
}
