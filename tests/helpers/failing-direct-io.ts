// A disk whose unbuffered (O_DIRECT) handles start failing: the `open` seam of the sequential reader
// and writer, over real files. Handles opened without O_DIRECT (their fallback) work normally.
import * as fs from 'node:fs/promises';
import { O_DIRECT, type OpenFile } from '../../src-main/files/direct-io.ts';

/** An open() whose O_DIRECT handles fail `method` with `errno` after `okCalls` calls to it, in all. */
export function failingDirectCalls(method: 'read' | 'write', errno: string, okCalls = 0): OpenFile {
  let calls = 0;
  return async (file, flags, mode) => {
    const handle = await fs.open(file, flags, mode);
    if ((flags & (O_DIRECT ?? 0)) === 0) return handle;
    return new Proxy(handle, {
      get(target, key) {
        if (key !== method) return Reflect.get(target, key, target) as unknown;
        return (...args: unknown[]) => {
          calls += 1;
          if (calls > okCalls) return Promise.reject(Object.assign(new Error(`${errno}: injected`), { code: errno }));
          return (target[method] as (...all: unknown[]) => Promise<unknown>)(...args);
        };
      },
    });
  };
}
