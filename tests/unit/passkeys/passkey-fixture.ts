// A profile with a real backup repository in temp folders, its handler table, and dispatch through
// the contract (so inputs and outputs are validated exactly as over IPC).
import path from 'node:path';
import { expect } from 'vitest';
import type { CallName, CallOutput } from '../../../src-shared/contract.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import { initForProfile } from '../../../src-main/backup/backup-service.ts';
import { dispatch } from '../../../src-main/ipc/dispatch.ts';
import { createHandlers } from '../../../src-main/ipc/handlers.ts';
import { createAppContext, type AppContext } from '../../../src-main/services/app-context.ts';
import { tempDir } from '../../helpers/profile.ts';

export const RP_ID = 'localhost';
export const ORIGIN = 'http://localhost:5173';

export interface Fixture {
  readonly context: AppContext;
  readonly call: <K extends CallName>(name: K, input: unknown) => Promise<CallOutput<K>>;
  readonly fail: (name: CallName, input: unknown) => Promise<{ code: ErrorCode; details?: Readonly<Record<string, unknown>> }>;
}

export function fixtureFor(profileDir: string, host: { rpId?: string; origin?: string } = {}): Fixture {
  const context = createAppContext(profileDir, { kind: 'web', version: 'test', rpId: host.rpId ?? RP_ID, origin: host.origin ?? ORIGIN });
  const handlers = createHandlers(context);
  return {
    context,
    call: async (name, input) => {
      const result = await dispatch(handlers, name, input);
      if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
      return result.value as never;
    },
    fail: async (name, input) => {
      const result = await dispatch(handlers, name, input);
      expect(result.ok, `${name} should fail`).toBe(false);
      if (result.ok) throw new Error('unreachable');
      return result.error;
    },
  };
}

/** A profile that has set up backups (BK cached in the key file) to a fresh folder. */
export async function profileWithBackup(): Promise<
  Fixture & { readonly location: { kind: 'folder'; path: string }; readonly recoveryKey: string }
> {
  const root = tempDir('companion-passkeys-');
  const location = { kind: 'folder' as const, path: path.join(root, 'backup') };
  const fixture = fixtureFor(path.join(root, 'profile'));
  const outcome = await initForProfile(fixture.context.paths, location);
  return { ...fixture, location, recoveryKey: outcome.recoveryKey };
}

/** An empty profile on "another computer": nothing cached, no backup configured. */
export function newComputer(host?: { rpId?: string; origin?: string }): Fixture {
  return fixtureFor(path.join(tempDir('companion-new-computer-'), 'profile'), host);
}
