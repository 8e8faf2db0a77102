import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { callNames, channelOf, eventNames } from '../../../src-shared/contract.ts';
import { buildApi, type PreloadTransport } from '../../../src-preload/build-api.ts';

function fakeTransport(answer: (channel: string, input: unknown) => Promise<unknown> = () => Promise.resolve({ ok: true, value: 42 })) {
  const invoked: Array<{ channel: string; input: unknown }> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: PreloadTransport = {
    invoke: (channel, input) => {
      invoked.push({ channel, input });
      return answer(channel, input);
    },
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  const emit = (channel: string, payload: unknown): void => listeners.get(channel)?.forEach((listener) => listener(payload));
  return { transport, invoked, emit };
}

describe('buildApi', () => {
  it('exposes exactly one method per contract call, plus on', () => {
    const api = buildApi(fakeTransport().transport);
    expect(Object.keys(api).sort()).toEqual([...callNames, 'on'].sort());
    for (const key of Object.keys(api)) expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function');
  });

  it('invokes each call on its contract channel with the input, and returns main’s answer', async () => {
    const { transport, invoked } = fakeTransport();
    const api = buildApi(transport) as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    for (const name of callNames) {
      await expect(api[name]?.({ probe: name })).resolves.toEqual({ ok: true, value: 42 });
    }
    expect(invoked).toEqual(callNames.map((name) => ({ channel: channelOf(name), input: { probe: name } })));
  });

  it('turns a rejected invoke into error data, without the rejection’s text', async () => {
    const { transport } = fakeTransport(() => Promise.reject(new Error("No handler registered for 'companion:getStats' at /secret/path")));
    const result = await buildApi(transport).getStats({});
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL_ERROR', message: 'The main process did not answer.' } });
  });

  it('delivers event payloads on the event’s channel until unsubscribed', () => {
    const { transport, emit } = fakeTransport();
    const api = buildApi(transport);
    const listener = vi.fn();
    const unsubscribe = api.on('storeChanged', listener);
    emit(channelOf('storeChanged'), { reason: 'import' });
    emit(channelOf('progress'), { operationId: 'x' });
    unsubscribe();
    emit(channelOf('storeChanged'), { reason: 'seed' });
    expect(listener.mock.calls).toEqual([[{ reason: 'import' }]]);
  });

  it('subscribes on every contract event', () => {
    const subscribed: string[] = [];
    const api = buildApi({ invoke: () => Promise.resolve(null), on: (channel) => (subscribed.push(channel), () => undefined) });
    for (const name of eventNames) api.on(name, () => undefined);
    expect(subscribed).toEqual(eventNames.map(channelOf));
  });

  it('rejects unknown event names and non-function listeners', () => {
    const { transport } = fakeTransport();
    // What a hostile page could pass, bypassing the types.
    const api = buildApi(transport) as unknown as { on(this: void, event: string, listener: unknown): () => void };
    expect(() => api.on('getStats', () => undefined)).toThrow('Unknown event.');
    expect(() => api.on('__proto__', () => undefined)).toThrow('Unknown event.');
    expect(() => api.on('storeChanged', 'not a function')).toThrow(TypeError);
  });
});

describe('channel names', () => {
  it('are never written by hand in the preload or the Electron shell', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    for (const dir of ['src-preload', 'src-main/app']) {
      for (const file of readdirSync(path.join(root, dir)).filter((name) => name.endsWith('.ts'))) {
        expect(readFileSync(path.join(root, dir, file), 'utf8'), `${dir}/${file}`).not.toMatch(/companion:/);
      }
    }
  });
});
