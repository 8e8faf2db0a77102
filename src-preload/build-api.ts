// Builds window.companion from the contract: one method per call, plus on(event). Pure (no electron
// import), so tests run it with a fake transport; preload.ts supplies ipcRenderer.
import type { CallMethods, CompanionApi } from '../src-shared/api.ts';
import { callNames, channelOf, eventNames, type EventName } from '../src-shared/contract.ts';
import type { ErrorData, Result } from '../src-shared/errors.ts';

export interface PreloadTransport {
  /** ipcRenderer.invoke */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** ipcRenderer.on with a wrapper that drops the IpcRendererEvent; returns the unsubscribe. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

const noAnswer: ErrorData = { code: 'INTERNAL_ERROR', message: 'The main process did not answer.' };

function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}

export function buildApi(transport: PreloadTransport): CompanionApi {
  const calls: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of callNames) {
    const channel = channelOf(name);
    // Errors cross as data: a rejected invoke (no handler, main gone) becomes a Result too.
    calls[name] = (input) => transport.invoke(channel, input).catch((): Result<never> => ({ ok: false, error: noAnswer }));
  }
  const on: CompanionApi['on'] = (event, listener) => {
    if (!isEventName(event)) throw new TypeError('Unknown event.');
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    return transport.on(channelOf(event), listener as (payload: unknown) => void);
  };
  // The loop above covers exactly callNames, which is CallMethods' key set; the results are
  // whatever main's dispatch() returned, which is typed by the contract on that side.
  return { ...(calls as unknown as CallMethods), on };
}
