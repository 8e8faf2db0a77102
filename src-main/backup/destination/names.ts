// The names a repository may contain (docs/backup-format.md §2), shared by every destination: the
// folder destination turns them into paths, an S3 destination will turn them into keys below a prefix.
// Names come from the repository layer, but a destination checks them anyway: a name is never allowed
// to reach outside the repository (no `..`, no absolute path, no separators of another platform).
import { isHexId } from '../../crypto/ids.ts';

export const REPOSITORY_FOLDERS = ['keys', 'data', 'index', 'snapshots', 'locks'] as const;
export type RepositoryFolder = (typeof REPOSITORY_FOLDERS)[number];

export const CONFIG_NAME = 'config';

/** `keys/<id>`, `index/<id>`, … and `data/<first 2 hex>/<id>` for packs. */
export function objectName(folder: RepositoryFolder, id: string): string {
  if (!isHexId(id)) throw new TypeError('an object id is 32 lowercase hex characters');
  return folder === 'data' ? `data/${id.slice(0, 2)}/${id}` : `${folder}/${id}`;
}

/** The id at the end of a valid object name (`config` has none). */
export function idOfName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** True for `config` and for every object name `objectName` can produce. */
export function isRepositoryName(name: string): boolean {
  if (name === CONFIG_NAME) return true;
  const parts = name.split('/');
  const [folder, a, b] = parts;
  if (folder === 'data') return parts.length === 3 && b !== undefined && isHexId(b) && a === b.slice(0, 2);
  return parts.length === 2 && a !== undefined && isHexId(a) && (REPOSITORY_FOLDERS as readonly string[]).includes(folder ?? '');
}

/** A programming error, not a storage one: the repository layer only builds valid names. */
export function assertRepositoryName(name: string): void {
  if (!isRepositoryName(name)) throw new TypeError('not a repository object name');
}

/** `<name>.tmp-<16 hex>`: where a folder destination writes before renaming (§2, §14). */
export const TEMPORARY_SUFFIX = /\.tmp-[0-9a-f]{16}$/;

/** `.companion-probe-<16 hex>`: what testBackupDestination writes and deletes; outside the layout, so ignored. */
export const PROBE_PREFIX = '.companion-probe-';
