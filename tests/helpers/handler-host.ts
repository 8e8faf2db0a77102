// The handler table of a real app context on a profile folder (the browser host's kind), called the
// way a transport calls it: name and untyped input in, a Result out. Contexts close after each test.
import { afterEach } from 'vitest';
import type { Result } from '../../src-shared/errors.ts';
import { dispatch } from '../../src-main/ipc/dispatch.ts';
import { createHandlers } from '../../src-main/ipc/handlers.ts';
import { closeAppContext, createAppContext, type AppContext } from '../../src-main/services/app-context.ts';

const contexts: AppContext[] = [];
afterEach(() => {
  for (const context of contexts.splice(0)) closeAppContext(context);
});

export type HandlerCall = (name: string, input: unknown) => Promise<Result<unknown>>;

export function handlerHost(dir: string): HandlerCall {
  const context = createAppContext(dir, { kind: 'web', version: 'test' });
  contexts.push(context);
  const handlers = createHandlers(context);
  return (name, input) => dispatch(handlers, name, input);
}

/** The same, returning the value and failing the test on an error result. */
export function handlerHostOk(dir: string): <T>(name: string, input: unknown) => Promise<T> {
  const call = handlerHost(dir);
  return async <T>(name: string, input: unknown): Promise<T> => {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}`);
    return result.value as T;
  };
}
