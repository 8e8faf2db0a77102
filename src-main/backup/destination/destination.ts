// Where a repository lives: a local folder or an S3-compatible bucket. The interface is what
// both can do honestly: whole named objects written once and confirmed (§14), streaming reads, flat
// listings per folder. No directories, no rename, no partial writes, no append: S3 has none of them.
import type { RepositoryFolder } from './names.ts';

export type { RepositoryFolder } from './names.ts';

/**
 * A whole object, or its pieces in order. A piece is only valid until the destination asks for the
 * next one: producers reuse their buffers (object-writer.ts), so a destination that keeps bytes
 * longer (a multipart upload's part) copies them.
 */
export type ObjectBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface PutOptions {
  /** Create-if-absent: fail with BACKUP_OBJECT_EXISTS instead of replacing an existing object. */
  readonly ifAbsent?: boolean;
  /** Cancels the write (OPERATION_CANCELLED); nothing is left under the final name. */
  readonly signal?: AbortSignal;
}

/** What a destination holds before anything is set up there (testBackupDestination). */
export interface DestinationProbe {
  readonly contents: 'repository' | 'empty' | 'other';
}

export interface StoredObjectInfo {
  readonly size: number;
  readonly modified: Date;
}

/**
 * Errors are AppErrors with stable codes: BACKUP_DESTINATION_UNAVAILABLE (folder gone, drive not
 * mounted), _UNWRITABLE (permissions, read-only), _FULL (no space or quota), BACKUP_OBJECT_MISSING,
 * BACKUP_OBJECT_EXISTS, OPERATION_CANCELLED. Names are checked against the layout of §2.
 */
export interface Destination {
  /** For messages and logs, e.g. `folder /media/backup`. Never holds a secret. */
  readonly description: string;
  /**
   * Stores an object under `name` and resolves only once it is confirmed (§14): a reader that sees
   * the name sees the whole object. Resolves with the number of bytes stored.
   */
  put(name: string, body: ObjectBody, options?: PutOptions): Promise<{ readonly size: number }>;
  /** Streaming read; a missing object fails here (BACKUP_OBJECT_MISSING), before any chunk. */
  get(name: string): Promise<AsyncIterable<Buffer>>;
  /**
   * Whole-object read, for small objects (config, slots, locks) and packs. With `reuse`, a destination
   * may read into it when the object fits and return a view of it (restore reads hundreds of 16 MiB
   * packs: fresh buffers for each were most of its garbage and page faults).
   */
  getBytes(name: string, reuse?: Buffer): Promise<Buffer>;
  /**
   * Optional streaming read into the caller's buffers, used in turn: the next piece is read while the
   * caller uses the last one, which stays valid until it asks for the next. Restore reads its packs
   * so, instead of into a 20 MiB buffer per pack; a bucket resumes a dropped body with a ranged GET.
   */
  readPieces?(name: string, buffers: readonly [Buffer, Buffer]): Promise<AsyncIterable<Buffer>>;
  /** null when the object does not exist. */
  stat(name: string): Promise<StoredObjectInfo | null>;
  /** Full names of the valid objects in one folder (`data/ab/ab12…`), sorted; anything else is ignored (§2). */
  list(folder: RepositoryFolder): Promise<string[]>;
  /** Deleting an object that is already gone succeeds. */
  delete(name: string): Promise<void>;
  /**
   * Reaches the destination, lists its root, and writes then deletes a probe object outside the
   * layout of §2 (readers ignore it, should the delete fail). Creates no repository.
   */
  probe(): Promise<DestinationProbe>;
}
