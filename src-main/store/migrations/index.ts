// The registry of schema migrations, in order. Add one file per migration and list it here.
import { initialSchema } from './001-initial.ts';
import { namedFingerprintIndex } from './002-named-fingerprint-index.ts';
import type { Migration } from './migration.ts';

export const migrations: readonly Migration[] = [initialSchema, namedFingerprintIndex];

export const latestVersion = migrations.length;
