// Objects written piece by piece: what arrives is the object sealObject would have made, the
// encoder's buffers are reused (memory and garbage stay flat), and an abort leaves nothing named.
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../../../../src-main/backup/destination/destination.ts';
import { createFolderDestination } from '../../../../src-main/backup/destination/folder.ts';
import { openObjectWriter } from '../../../../src-main/backup/repository/object-writer.ts';
import { idToHex, newId } from '../../../../src-main/crypto/ids.ts';
import { MESSAGE_BYTES } from '../../../../src-main/crypto/object-header.ts';
import { openObject, type ObjectRef } from '../../../../src-main/crypto/object-stream.ts';
import { randomBytes } from '../../../../src-main/crypto/sodium.ts';
import { patternBytes, tempFolder } from '../../../helpers/backup-repo.ts';

const bk = randomBytes(32);

function packRef(): { ref: ObjectRef; name: string } {
  const objectId = newId();
  const hex = idToHex(objectId);
  return { ref: { kind: 'pack', repositoryId: newId(), objectId }, name: `data/${hex.slice(0, 2)}/${hex}` };
}

/** The real folder destination, noting which ArrayBuffers the body's pieces came from. */
function noticingBuffers(inner: Destination, seen: Set<ArrayBufferLike>): Destination {
  return {
    ...inner,
    put: (name, body, options) =>
      inner.put(
        name,
        body instanceof Uint8Array
          ? body
          : (async function* () {
              for await (const piece of body) {
                seen.add(piece.buffer);
                yield piece;
              }
            })(),
        options,
      ),
  };
}

describe('openObjectWriter', () => {
  it('stores the object, reusing a handful of buffers however large it is', async () => {
    const dir = await tempFolder();
    const buffers = new Set<ArrayBufferLike>();
    const destination = noticingBuffers(createFolderDestination(dir), buffers);
    const { ref, name } = packRef();
    const plaintext = patternBytes(24 * 1024 * 1024 + 777);
    const writer = openObjectWriter(destination, name, bk, ref);
    const piece = Buffer.alloc(4 * MESSAGE_BYTES + 3);
    for (let offset = 0; offset < plaintext.length; offset += piece.length) {
      const length = plaintext.copy(piece, 0, offset, offset + piece.length);
      await writer.write(piece.subarray(0, length));
      piece.fill(0); // the caller's buffer is free as soon as write() returns
    }
    const { size } = await writer.finish();
    const stored = await destination.getBytes(name);
    expect(stored.length).toBe(size);
    expect(openObject(bk, ref, stored).equals(plaintext)).toBe(true);
    // 24 MiB in ~1 MiB slabs: without reuse there would be 24 distinct buffers.
    expect(buffers.size).toBeLessThanOrEqual(10);
  });

  it('leaves nothing under the name when aborted, and fails with the destination error when it fails', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir);
    const { ref, name } = packRef();
    const writer = openObjectWriter(destination, name, bk, ref);
    await writer.write(patternBytes(3 * 1024 * 1024));
    await writer.abort(new Error('stop'));
    expect(await destination.stat(name)).toBeNull();
    expect((await readdir(dir, { recursive: true })).filter((file) => file.includes('.tmp-'))).toEqual([]);

    const failing: Destination = { ...destination, put: () => Promise.reject(new Error('disk on fire')) };
    const doomed = openObjectWriter(failing, name, bk, ref);
    await expect(doomed.write(patternBytes(8 * 1024 * 1024))).rejects.toThrow('disk on fire');
  });
});
