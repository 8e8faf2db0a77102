// `config` (docs/backup-format.md §5): the one clear file of a repository. It says what the folder is
// and which BK opens it; it is not authenticated, and needs not be (§5 explains why).
import { z } from 'zod';
import { AppError } from '../../../src-shared/errors.ts';
import { FORMAT_VERSION, SUITE_V1 } from '../../crypto/object-header.ts';
import type { Destination } from '../destination/destination.ts';
import { CONFIG_NAME } from '../destination/names.ts';

export const REPOSITORY_FORMAT = 'companion-backup';
/** A config is a few hundred bytes; anything far larger is not one. */
const MAX_CONFIG_BYTES = 64 * 1024;

export interface RepositoryConfig {
  readonly format: typeof REPOSITORY_FORMAT;
  readonly version: typeof FORMAT_VERSION;
  readonly suite: typeof SUITE_V1;
  /** 32 hex: bound into every object header and every slot. */
  readonly repositoryId: string;
  /** 32 hex: HKDF(BK, "", "companion/v1/key-id", 16). */
  readonly keyId: string;
  readonly created: string;
}

const hexId = z.string().regex(/^[0-9a-f]{32}$/);
// Unknown fields are ignored (§5): z.object strips them.
const Fields = z.object({
  repositoryId: hexId,
  keyId: hexId,
  created: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
});

/** Compact JSON, fields in the order of §5. */
export function encodeConfig(config: RepositoryConfig): Buffer {
  const { format, version, suite, repositoryId, keyId, created } = config;
  return Buffer.from(JSON.stringify({ format, version, suite, repositoryId, keyId, created }), 'utf8');
}

/**
 * Checks in the order that gives the most useful answer: not ours at all (NOT_A_REPOSITORY), then a
 * version or suite this build does not know (FORMAT_UNSUPPORTED, before the other fields, which a
 * future version may change), then the fields themselves.
 */
export function parseConfig(bytes: Uint8Array): RepositoryConfig {
  if (bytes.byteLength === 0) throw notARepository('empty');
  if (bytes.byteLength > MAX_CONFIG_BYTES) throw notARepository('size');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw notARepository('json');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw notARepository('json');
  const record = json as Record<string, unknown>;
  if (record['format'] !== REPOSITORY_FORMAT) throw notARepository('format');
  for (const [field, supported] of [
    ['version', FORMAT_VERSION],
    ['suite', SUITE_V1],
  ] as const) {
    const found = record[field];
    if (typeof found !== 'number') throw notARepository('fields');
    if (found !== supported) throw new AppError('BACKUP_FORMAT_UNSUPPORTED', undefined, { field, found, supported });
  }
  const fields = Fields.safeParse(record);
  if (!fields.success) throw notARepository('fields');
  return { format: REPOSITORY_FORMAT, version: FORMAT_VERSION, suite: SUITE_V1, ...fields.data };
}

/** Reads and validates `config`; a destination without one is not a repository (or an unfinished creation). */
export async function readConfig(destination: Destination): Promise<RepositoryConfig> {
  let bytes: Buffer;
  try {
    bytes = await destination.getBytes(CONFIG_NAME);
  } catch (error) {
    if (error instanceof AppError && error.code === 'BACKUP_OBJECT_MISSING') throw notARepository('missing');
    throw error;
  }
  return parseConfig(bytes);
}

function notARepository(reason: string): AppError {
  return new AppError('BACKUP_NOT_A_REPOSITORY', undefined, { reason });
}
