// A repository in a local folder: an external drive, a NAS mount, a synced cloud-drive folder.
//
// Confirmed writes (§14): the body streams into `<name>.tmp-<16 hex>` next to its final name, is
// fsync'ed, then renamed (or hard-linked, for create-if-absent) into place, and the directory is
// fsync'ed. A reader, a crash or a sync client therefore sees the whole object or none of it; at worst
// a temporary file is left, which readers ignore and prune removes after 24 hours.
//
// The root folder is never created: a backup drive that is not mounted must read as unavailable, not
// turn into an empty repository on the system disk. Subfolders (keys/, data/ab/, …) are created on
// first use, one level at a time below the root.
import type { Dirent } from 'node:fs';
import * as fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SequentialReader } from '../../files/sequential-reader.ts';
import { SequentialWriter } from '../../files/sequential-writer.ts';
import { syncDirectory } from '../../files/sync-directory.ts';
import { AppError } from '../../../src-shared/errors.ts';
import { isHexId } from '../../crypto/ids.ts';
import { randomBytes } from '../../crypto/sodium.ts';
import { createLogger } from '../../log.ts';
import type { Destination, DestinationProbe, ObjectBody, PutOptions, RepositoryFolder, StoredObjectInfo } from './destination.ts';
import { errnoOf, isMissing, mapFolderError } from './folder-errors.ts';
import type { FolderOperation } from './folder-errors.ts';
import { assertRepositoryName, CONFIG_NAME, PROBE_PREFIX } from './names.ts';
import { alternating, piecesAhead, type PieceSource } from './pieces-ahead.ts';

/** The part of node:fs/promises this destination uses: the seam where tests inject a failing disk. */
export type FolderFileSystem = Pick<typeof fs, 'open' | 'link' | 'rename' | 'unlink' | 'mkdir' | 'readdir' | 'stat' | 'readFile'>;

export interface FolderDestinationOptions {
  readonly fileSystem?: FolderFileSystem;
}

const READ_CHUNK_BYTES = 256 * 1024;
/**
 * Write blocks per object (1 MiB each): an encoder hands over a 4 MiB media chunk at a time, and
 * with room for all of it the disk writes one chunk while the job thread encrypts the next.
 */
const WRITE_BLOCKS = 4;
/** link() on FAT/exFAT and some network file systems: no hard links at all. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

const log = createLogger('backup.destination.folder');

export function createFolderDestination(dir: string, options: FolderDestinationOptions = {}): Destination {
  const root = path.resolve(dir);
  const fsys = options.fileSystem ?? fs;
  /** How the sequential reader and writer open files: through `fsys`, so a test's failing disk is used. */
  const openFile = (file: string, flags: number, mode?: number): Promise<FileHandle> => fsys.open(file, flags, mode);
  const pathOf = (name: string): string => {
    assertRepositoryName(name);
    return path.join(root, ...name.split('/'));
  };

  /** After ENOENT: is it the object that is missing, or the whole destination? */
  const unavailableIfRootGone = async (error: unknown, operation: FolderOperation): Promise<void> => {
    try {
      const stat = await fsys.stat(root);
      if (stat.isDirectory()) return;
    } catch (statError) {
      if (!isMissing(statError)) throw mapFolderError(statError, operation);
    }
    throw new AppError('BACKUP_DESTINATION_UNAVAILABLE', undefined, { errno: errnoOf(error) ?? 'ENOENT', operation }, { cause: error });
  };

  const readFailure = async (error: unknown, name: string): Promise<unknown> => {
    if (!isMissing(error)) return mapFolderError(error, 'read');
    await unavailableIfRootGone(error, 'read');
    return new AppError('BACKUP_OBJECT_MISSING', undefined, { object: name });
  };

  const syncFolder = (directory: string): Promise<void> => syncDirectory(directory, openFile);

  /** keys/, data/, data/ab/: created one level at a time, so a missing root is noticed, never created. */
  const ensureParents = async (name: string): Promise<void> => {
    let parent = root;
    for (const part of name.split('/').slice(0, -1)) {
      const folder = path.join(parent, part);
      try {
        await fsys.mkdir(folder);
        await syncFolder(parent);
      } catch (error) {
        if (errnoOf(error) === 'EEXIST') {
          parent = folder;
          continue;
        }
        if (isMissing(error)) await unavailableIfRootGone(error, 'write');
        throw error;
      }
      parent = folder;
    }
  };

  const createTemporary = async (name: string, temporary: string): Promise<SequentialWriter> => {
    try {
      return await SequentialWriter.create(temporary, { open: openFile, blocks: WRITE_BLOCKS });
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    await ensureParents(name);
    return await SequentialWriter.create(temporary, { open: openFile, blocks: WRITE_BLOCKS });
  };

  /** No-clobber publish: link() fails with EEXIST when the name is taken, atomically on POSIX and NTFS. */
  const publishIfAbsent = async (name: string, temporary: string, final: string): Promise<void> => {
    try {
      await fsys.link(temporary, final);
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') throw new AppError('BACKUP_OBJECT_EXISTS', undefined, { object: name });
      if (!NO_HARD_LINKS.has(errnoOf(error) ?? '')) throw error;
      // No hard links (FAT, exFAT): claim the name with an exclusive create, then rename over the
      // claim. A reader may see an empty file for a moment; a crash there leaves an empty object,
      // which reads as damaged and never as someone else's content.
      await (await reserve(name, final)).close();
      try {
        await fsys.rename(temporary, final);
      } catch (renameError) {
        await fsys.unlink(final).catch(() => undefined); // still our empty claim: give the name back
        throw renameError;
      }
      return;
    }
    await fsys
      .unlink(temporary)
      .catch((error: unknown) => log.warn('could not remove a published temporary file', { errno: errnoOf(error) }));
  };

  const reserve = async (name: string, final: string): Promise<FileHandle> => {
    try {
      return await fsys.open(final, 'wx');
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') throw new AppError('BACKUP_OBJECT_EXISTS', undefined, { object: name });
      throw error;
    }
  };

  return {
    description: `folder ${root}`,

    async put(name: string, body: ObjectBody, putOptions: PutOptions = {}): Promise<{ readonly size: number }> {
      const final = pathOf(name);
      const temporary = `${final}.tmp-${randomBytes(8).toString('hex')}`;
      const { signal } = putOptions;
      let writer: SequentialWriter | undefined;
      try {
        throwIfAborted(signal);
        writer = await createTemporary(name, temporary);
        const size = await writeBody(writer, body, signal);
        await writer.sync();
        await writer.close();
        writer = undefined;
        if (putOptions.ifAbsent === true) await publishIfAbsent(name, temporary, final);
        else await fsys.rename(temporary, final);
        await syncFolder(path.dirname(final));
        return { size };
      } catch (error) {
        await writer?.close().catch(() => undefined);
        await fsys.unlink(temporary).catch(() => undefined);
        if (isMissing(error)) await unavailableIfRootGone(error, 'write');
        throw mapFolderError(error, 'write');
      }
    },

    async get(name: string): Promise<AsyncIterable<Buffer>> {
      const file = pathOf(name);
      try {
        return readChunks(await SequentialReader.open(file, { open: openFile, throughCache: true }));
      } catch (error) {
        throw await readFailure(error, name);
      }
    },

    async readPieces(name: string, buffers: readonly [Buffer, Buffer]): Promise<AsyncIterable<Buffer>> {
      try {
        const reader = await SequentialReader.open(pathOf(name), { open: openFile });
        return piecesAhead(readerSource(reader), alternating(buffers));
      } catch (error) {
        throw await readFailure(error, name);
      }
    },

    async getBytes(name: string, reuse?: Buffer): Promise<Buffer> {
      const file = pathOf(name);
      try {
        if (reuse === undefined) return await fsys.readFile(file);
        return await readInto(await fsys.open(file, 'r'), reuse);
      } catch (error) {
        throw await readFailure(error, name);
      }
    },

    async stat(name: string): Promise<StoredObjectInfo | null> {
      const file = pathOf(name);
      try {
        const stat = await fsys.stat(file);
        return stat.isFile() ? { size: stat.size, modified: stat.mtime } : null;
      } catch (error) {
        if (!isMissing(error)) throw mapFolderError(error, 'read');
        await unavailableIfRootGone(error, 'read');
        return null;
      }
    },

    async list(folder: RepositoryFolder): Promise<string[]> {
      const names: string[] = [];
      if (folder === 'data') {
        for (const prefix of await listEntries('data', (entry) => entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name))) {
          const ids = await listEntries(
            `data/${prefix}`,
            (entry) => entry.isFile() && isHexId(entry.name) && entry.name.startsWith(prefix),
          );
          for (const id of ids) names.push(`data/${prefix}/${id}`);
        }
      } else {
        for (const id of await listEntries(folder, (entry) => entry.isFile() && isHexId(entry.name))) names.push(`${folder}/${id}`);
      }
      return names.sort();
    },

    async delete(name: string): Promise<void> {
      const file = pathOf(name);
      try {
        await fsys.unlink(file);
      } catch (error) {
        if (!isMissing(error)) throw mapFolderError(error, 'delete');
        await unavailableIfRootGone(error, 'delete');
      }
    },

    async probe(): Promise<DestinationProbe> {
      let entries: string[];
      let writable = root;
      try {
        entries = (await fsys.readdir(root)).filter((entry) => !entry.startsWith(PROBE_PREFIX));
      } catch (error) {
        if (!isMissing(error)) throw mapFolderError(error, 'list');
        // Not there yet: setting up creates it, in a parent that must exist (a drive that is not
        // mounted reads as unavailable, not as a place to create folders on the system disk).
        entries = [];
        writable = path.dirname(root);
        const parent = await fsys.stat(writable).catch((statError: unknown) => {
          if (isMissing(statError)) return null;
          throw mapFolderError(statError, 'list');
        });
        if (parent?.isDirectory() !== true)
          throw new AppError('BACKUP_DESTINATION_UNAVAILABLE', undefined, { errno: 'ENOENT', operation: 'list' });
      }
      const probeFile = path.join(writable, `${PROBE_PREFIX}${randomBytes(8).toString('hex')}`);
      try {
        const handle = await fsys.open(probeFile, 'wx');
        await handle.close();
        await fsys.unlink(probeFile);
      } catch (error) {
        throw mapFolderError(error, 'write');
      }
      return { contents: entries.includes(CONFIG_NAME) ? 'repository' : entries.length === 0 ? 'empty' : 'other' };
    },
  };

  /** Entry names in a folder below the root; a folder not created yet is empty. */
  async function listEntries(folder: string, keep: (entry: Dirent) => boolean): Promise<string[]> {
    try {
      const entries = await fsys.readdir(path.join(root, ...folder.split('/')), { withFileTypes: true });
      return entries.filter(keep).map((entry) => entry.name);
    } catch (error) {
      if (!isMissing(error)) throw mapFolderError(error, 'list');
      await unavailableIfRootGone(error, 'list');
      return [];
    }
  }
}

/**
 * Takes each piece in before asking for the next: an iterable body's piece is only valid until then
 * (destination.ts), because the producer reuses its buffers. The writer copies it into its blocks.
 */
async function writeBody(writer: SequentialWriter, body: ObjectBody, signal: AbortSignal | undefined): Promise<number> {
  for await (const piece of body instanceof Uint8Array ? [body] : body) {
    throwIfAborted(signal);
    await writer.write(piece);
  }
  throwIfAborted(signal);
  await writer.finish();
  return writer.size;
}

/** The whole file, into `reuse` when it fits (a view of it), else into a new buffer. Closes the file. */
async function readInto(handle: FileHandle, reuse: Buffer): Promise<Buffer> {
  try {
    const { size } = await handle.stat();
    const target = size <= reuse.length ? reuse.subarray(0, size) : Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(target, filled, size - filled, null);
      if (bytesRead === 0) return target.subarray(0, filled); // shrank meanwhile: the reader's size checks say so
      filled += bytesRead;
    }
    return target;
  } finally {
    await handle.close();
  }
}

/** Fresh buffers of a fixed size, so memory stays flat whatever the object's size and pieces may be kept. */
function readChunks(reader: SequentialReader): AsyncIterableIterator<Buffer> {
  return piecesAhead(readerSource(reader), () => Buffer.allocUnsafe(READ_CHUNK_BYTES));
}

/** The file front to back; closed once read, given up on or failed. */
function readerSource(reader: SequentialReader): PieceSource {
  return {
    fill: (buffer) => reader.read(buffer),
    close: () => reader.close(),
    mapError: (error) => mapFolderError(error, 'read'),
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AppError('OPERATION_CANCELLED');
}
