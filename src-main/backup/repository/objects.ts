// Encrypted objects in a destination (§6): every object is stored under a name derived from its kind
// and id (§2), and bound to both, plus the repository id, by its header and its key. Writes are
// create-if-absent: an id names one content forever (§3), so a second write under it is a bug or an
// attack, never an update.
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../src-shared/errors.ts';
import { idToHex, newId, parseHexId } from '../../crypto/ids.ts';
import { createObjectDecryptor, openObject, openObjectPieces, sealObject } from '../../crypto/object-stream.ts';
import type { ObjectKind, ObjectRef } from '../../crypto/object-stream.ts';
import type { Destination, ObjectBody, RepositoryFolder } from '../destination/destination.ts';
import { idOfName, objectName } from '../destination/names.ts';
import { openObjectWriter, type ObjectWriter, type WriteOptions } from './object-writer.ts';

export type { ObjectKind } from '../../crypto/object-stream.ts';

const FOLDER_OF_KIND: Readonly<Record<ObjectKind, RepositoryFolder>> = {
  pack: 'data',
  index: 'index',
  snapshot: 'snapshots',
  lock: 'locks',
};

/** What object access needs; the repository hands it a view of its key that fails once closed. */
export interface ObjectContext {
  readonly destination: Destination;
  readonly repositoryId: Buffer;
  backupKey(): Buffer;
}

/** A fresh random object id (§3), 32 hex. */
export function newObjectId(): string {
  return idToHex(newId());
}

export function folderOfKind(kind: ObjectKind): RepositoryFolder {
  return FOLDER_OF_KIND[kind];
}

export function nameOfObject(kind: ObjectKind, id: string): string {
  return objectName(FOLDER_OF_KIND[kind], id);
}

/** Encrypts and stores, streaming (the destination holds at most a few MiB of frames). Returns the stored size. */
export async function putObject(
  context: ObjectContext,
  kind: ObjectKind,
  id: string,
  plaintext: ObjectBody,
  signal?: AbortSignal,
): Promise<{ readonly size: number }> {
  const ref = refOf(context, kind, id);
  const name = nameOfObject(kind, id);
  const options = { ifAbsent: true, signal };
  if (plaintext instanceof Uint8Array) return context.destination.put(name, sealObject(context.backupKey(), ref, plaintext), options);
  const writer = openObjectWriter(context.destination, name, context.backupKey(), ref, { signal });
  try {
    for await (const piece of plaintext) await writer.write(piece);
  } catch (error) {
    await writer.abort(error);
    throw error;
  }
  return writer.finish();
}

/** An object written piece by piece (packs, as their chunks arrive); see object-writer.ts. */
export function writeObject(context: ObjectContext, kind: ObjectKind, id: string, options: WriteOptions = {}): ObjectWriter {
  return openObjectWriter(context.destination, nameOfObject(kind, id), context.backupKey(), refOf(context, kind, id), options);
}

/**
 * Streaming read and decryption. Fails before the first chunk when the object is missing or its
 * header is not the one asked for; the output is provisional until iteration ends without error (§6.3).
 */
export async function openObjectStream(context: ObjectContext, kind: ObjectKind, id: string): Promise<AsyncIterable<Buffer>> {
  const ref = refOf(context, kind, id);
  const name = nameOfObject(kind, id);
  const decryptor = createObjectDecryptor(context.backupKey(), ref);
  let stored: AsyncIterable<Buffer>;
  try {
    stored = await context.destination.get(name);
  } catch (error) {
    decryptor.destroy();
    throw error;
  }
  // pipeline forwards an error of either side to the other and closes the file when the consumer stops early.
  pipeline(stored, decryptor).catch(() => undefined); // errors reach the consumer through `decryptor`
  return namedErrors(decryptor, name);
}

/** Scratch buffers a reader of many large objects passes in, so each read allocates nothing. */
export type ReadBuffers =
  | {
      /** For the stored bytes; only used during the call. */
      readonly stored: Buffer;
      /** For the plaintext, which is returned as a view of it. */
      readonly plaintext: Buffer;
    }
  | {
      /** Read into in turn while the last piece is decrypted, where the destination can (readPieces). */
      readonly pieces: readonly [Buffer, Buffer];
      /** What the object measures (the index's size, checked against the destination by the caller). */
      readonly storedSize: number;
      readonly plaintext: Buffer;
      /** Hears how much of `plaintext` is decrypted so far (see PlaintextTarget). */
      readonly onDecrypted?: (bytes: number) => void;
      /** Waits until `plaintext` may be overwritten up to a point (see PlaintextTarget). */
      readonly whenFree?: (start: number, end: number) => Promise<unknown> | undefined;
    };

/** Whole-object read (snapshots, indexes, locks; packs with `buffers`): all or nothing. */
export async function readObject(context: ObjectContext, kind: ObjectKind, id: string, buffers?: ReadBuffers): Promise<Buffer> {
  const ref = refOf(context, kind, id);
  const name = nameOfObject(kind, id);
  const { destination } = context;
  if (buffers !== undefined && 'pieces' in buffers && destination.readPieces !== undefined) {
    const stored = await destination.readPieces(name, buffers.pieces);
    try {
      const { plaintext: buffer, onDecrypted, whenFree } = buffers;
      return await openObjectPieces(context.backupKey(), ref, stored, buffers.storedSize, { buffer, onDecrypted, whenFree });
    } catch (error) {
      throw withObjectName(error, name);
    }
  }
  const stored = await destination.getBytes(name, buffers !== undefined && 'stored' in buffers ? buffers.stored : undefined);
  try {
    return openObject(context.backupKey(), ref, stored, buffers?.plaintext);
  } catch (error) {
    throw withObjectName(error, name);
  }
}

export async function listObjects(destination: Destination, kind: ObjectKind): Promise<string[]> {
  return (await destination.list(FOLDER_OF_KIND[kind])).map(idOfName);
}

export async function deleteObject(destination: Destination, kind: ObjectKind, id: string): Promise<void> {
  await destination.delete(nameOfObject(kind, id));
}

function refOf(context: ObjectContext, kind: ObjectKind, id: string): ObjectRef {
  const objectId = parseHexId(id);
  if (objectId === null) throw new TypeError('an object id is 32 lowercase hex characters');
  return { kind, repositoryId: context.repositoryId, objectId };
}

async function* namedErrors(source: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  try {
    yield* source;
  } catch (error) {
    throw withObjectName(error, name);
  }
}

/** Support needs to know which object failed; the crypto layer does not know names. */
function withObjectName(error: unknown, name: string): unknown {
  if (!(error instanceof AppError) || error.details?.['object'] !== undefined) return error;
  return new AppError(error.code, error.message, { ...error.details, object: name }, { cause: error });
}
