// Validates and runs one contract call. Every transport (Electron IPC, WebSocket, tests) goes through
// here, so a malformed payload is refused the same way everywhere and never throws into the host.
import type { z } from 'zod';
import { contract, isCallName, type CallName, type CallOutput, type ParsedInput } from '../../src-shared/contract.ts';
import { AppError, type Result } from '../../src-shared/errors.ts';
import { toErrorData } from './to-error-data.ts';

export type Handlers = {
  readonly [K in CallName]: (input: ParsedInput<K>) => Promise<CallOutput<K>>;
};

/** Names the invalid fields without echoing their values, which may be secrets. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(payload)'}: ${issue.code}`)
    .join('; ');
}

export async function dispatch(handlers: Handlers, name: unknown, payload: unknown): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, error: new AppError('IPC_UNKNOWN_METHOD', 'Unknown method.').toData() };
  }
  const spec = contract.calls[name];
  const parsed = spec.input.safeParse(payload ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: new AppError('IPC_INVALID_INPUT', `Invalid input for ${name}.`, {
        method: name,
        issues: describeIssues(parsed.error),
      }).toData(),
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    // The contract binds main too: an output that breaks it is a bug here, not in the renderer.
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      return {
        ok: false,
        error: new AppError('INTERNAL_ERROR', `The result of ${name} broke the contract.`, {
          method: name,
          issues: describeIssues(checked.error),
        }).toData(),
      };
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}
