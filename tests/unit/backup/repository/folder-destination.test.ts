// The folder destination against a real temporary folder: confirmed writes, create-if-absent, the
// layout filter on listings, name checks, and a missing root that must never be recreated.
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFolderDestination } from '../../../../src-main/backup/destination/folder.ts';
import { objectName } from '../../../../src-main/backup/destination/names.ts';
import { idToHex, newId } from '../../../../src-main/crypto/ids.ts';
import { alignedBuffer } from '../../../../src-main/files/aligned-blocks.ts';
import { expectAppErrorAsync, inPieces, patternBytes, scripted, tempFolder } from '../../../helpers/backup-repo.ts';

const id = (prefix = ''): string => prefix + idToHex(newId()).slice(prefix.length);

/** Every file below `dir`, relative, sorted. */
async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('confirmed writes', () => {
  it('streams into a temporary file and shows the object under its name only when complete', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir);
    const objectId = id();
    const full = `data/${objectId.slice(0, 2)}/${objectId}`;
    const data = patternBytes(300_000);
    const seenWhileWriting: string[][] = [];
    async function* body(): AsyncGenerator<Buffer> {
      for await (const piece of inPieces(data)) {
        seenWhileWriting.push(await filesIn(dir));
        yield piece;
      }
    }
    const { size } = await destination.put(full, body());
    expect(size).toBe(data.length);
    expect(seenWhileWriting.length).toBeGreaterThan(3);
    // While writing: only `<name>.tmp-<16 hex>`, never the final name.
    for (const files of seenWhileWriting.slice(1))
      expect(files).toEqual([expect.stringMatching(new RegExp(`^${full}\\.tmp-[0-9a-f]{16}$`))]);
    expect(await filesIn(dir)).toEqual([full]);
    expect((await readFile(path.join(dir, full))).equals(data)).toBe(true);
  });

  it('is done with each piece of a body before asking for the next, so producers may reuse buffers', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir);
    const objectId = id();
    const name = `data/${objectId.slice(0, 2)}/${objectId}`;
    const data = patternBytes(5 * 65_536 + 123);
    const scratch = Buffer.alloc(65_536);
    async function* reusing(): AsyncGenerator<Buffer> {
      for (let offset = 0; offset < data.length; offset += scratch.length) {
        const piece = scratch.subarray(0, data.copy(scratch, 0, offset, offset + scratch.length));
        yield piece;
        await new Promise(setImmediate); // a producer busy with other work, then refilling its buffer
        piece.fill(0xee);
      }
    }
    await destination.put(name, reusing());
    expect((await readFile(path.join(dir, name))).equals(data)).toBe(true);
  });

  it('leaves nothing behind when the body stream fails', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir);
    const failing = scripted(patternBytes(100_000), new Error('source broke'));
    await expect(destination.put(`index/${id()}`, failing)).rejects.toThrow('source broke');
    expect(await filesIn(dir)).toEqual([]);
  });

  it('cancels with OPERATION_CANCELLED and leaves nothing behind', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir);
    const controller = new AbortController();
    const body = scripted(patternBytes(1000), () => controller.abort(), patternBytes(1000));
    await expectAppErrorAsync(() => destination.put(`index/${id()}`, body, { signal: controller.signal }), 'OPERATION_CANCELLED');
    expect(await filesIn(dir)).toEqual([]);
  });

  it('ifAbsent refuses to replace an existing object; a plain put replaces it', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir);
    await destination.put('config', Buffer.from('first'), { ifAbsent: true });
    await expectAppErrorAsync(() => destination.put('config', Buffer.from('second'), { ifAbsent: true }), 'BACKUP_OBJECT_EXISTS', {
      object: 'config',
    });
    expect(await readFile(path.join(dir, 'config'), 'utf8')).toBe('first');
    expect(await filesIn(dir)).toEqual(['config']);
    await destination.put('config', Buffer.from('third'));
    expect(await readFile(path.join(dir, 'config'), 'utf8')).toBe('third');
  });
});

describe('create-if-absent without hard links (FAT, exFAT)', () => {
  it('claims the name with an exclusive create instead, and still refuses to overwrite', async () => {
    const dir = await tempFolder();
    const noLinks = (): Promise<never> => Promise.reject(Object.assign(new Error('EPERM: injected'), { code: 'EPERM' }));
    const destination = createFolderDestination(dir, { fileSystem: { ...fs, link: noLinks } });
    await destination.put('config', Buffer.from('first'), { ifAbsent: true });
    await expectAppErrorAsync(() => destination.put('config', Buffer.from('second'), { ifAbsent: true }), 'BACKUP_OBJECT_EXISTS');
    expect(await readFile(path.join(dir, 'config'), 'utf8')).toBe('first');
    expect(await filesIn(dir)).toEqual(['config']);
  });
});

describe('reading', () => {
  it('streams an object back in bounded chunks, and reports its size and time', async () => {
    const destination = createFolderDestination(await tempFolder());
    const name = `snapshots/${id()}`;
    const data = patternBytes(1_000_000);
    await destination.put(name, data);
    const chunks: Buffer[] = [];
    for await (const chunk of await destination.get(name)) chunks.push(chunk);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(256 * 1024);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect((await destination.getBytes(name)).equals(data)).toBe(true);
    const stat = await destination.stat(name);
    expect(stat?.size).toBe(data.length);
    expect(Math.abs((stat?.modified.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('reads an object into two buffers in turn, a piece ahead of the consumer', async () => {
    const destination = createFolderDestination(await tempFolder());
    const name = objectName('data', id());
    const data = patternBytes(1_000_000);
    await destination.put(name, data);
    const buffers = [Buffer.alloc(300_000), Buffer.alloc(300_000)] as const;
    const pieces: Buffer[] = [];
    const used: ArrayBufferLike[] = [];
    for await (const piece of await (destination.readPieces?.(name, buffers) ?? Promise.reject(new Error('no readPieces')))) {
      used.push(piece.buffer);
      pieces.push(Buffer.from(piece));
    }
    expect(pieces.map((piece) => piece.length)).toEqual([300_000, 300_000, 300_000, 100_000]);
    expect(used).toEqual([buffers[0].buffer, buffers[1].buffer, buffers[0].buffer, buffers[1].buffer]);
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    await expectAppErrorAsync(
      () => destination.readPieces?.(objectName('data', id()), buffers) ?? Promise.resolve(),
      'BACKUP_OBJECT_MISSING',
    );
  });

  it('reads an object into page-aligned pieces, as restore does, exactly', async () => {
    const destination = createFolderDestination(await tempFolder());
    const piece = 2 * 1024 * 1024;
    for (const size of [0, 1, 4096, piece, 2 * piece + 4097]) {
      const name = objectName('data', id());
      const data = patternBytes(size);
      await destination.put(name, data);
      const buffers = [alignedBuffer(piece), alignedBuffer(piece)] as const;
      const pieces: Buffer[] = [];
      for await (const read of await (destination.readPieces?.(name, buffers) ?? Promise.reject(new Error('no readPieces')))) {
        pieces.push(Buffer.from(read));
      }
      expect(pieces.slice(0, -1).every((read) => read.length === piece)).toBe(true);
      expect(Buffer.concat(pieces).equals(data)).toBe(true);
    }
  });

  it('reports a missing object as BACKUP_OBJECT_MISSING, null from stat, and deletes it quietly', async () => {
    const destination = createFolderDestination(await tempFolder());
    const name = `locks/${id()}`;
    await expectAppErrorAsync(() => destination.get(name), 'BACKUP_OBJECT_MISSING', { object: name });
    await expectAppErrorAsync(() => destination.getBytes(name), 'BACKUP_OBJECT_MISSING', { object: name });
    expect(await destination.stat(name)).toBeNull();
    await destination.delete(name);
  });

  it('lists only valid ids, sorted, ignoring temporary files and anything else (§2)', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir);
    const keys = [id(), id(), id()];
    for (const key of keys) await destination.put(`keys/${key}`, Buffer.from('slot'));
    const packs = [id('ab'), id('ab'), id('07')];
    for (const pack of packs) await destination.put(`data/${pack.slice(0, 2)}/${pack}`, Buffer.from('pack'));
    const junk = [
      'keys/README',
      `keys/${id()}.tmp-0123456789abcdef`,
      `keys/${id().toUpperCase()}`,
      `keys/${id()}x`,
      `data/${id()}`, // a pack outside its prefix folder
      `data/ab/${id('cd')}`, // in the wrong prefix folder
      `data/zz/${id()}`,
      `index/.DS_Store`,
      `snapshots/${id().slice(1)}`,
    ];
    for (const file of junk) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), 'junk');
    }
    await mkdir(path.join(dir, 'keys', id())); // a folder named like an id is not an object either
    expect(await destination.list('keys')).toEqual(keys.map((key) => `keys/${key}`).sort());
    expect(await destination.list('data')).toEqual(packs.map((pack) => `data/${pack.slice(0, 2)}/${pack}`).sort());
    expect(await destination.list('index')).toEqual([]);
    expect(await destination.list('snapshots')).toEqual([]);
    expect(await destination.list('locks')).toEqual([]); // never created
  });
});

describe('names', () => {
  it('refuses names outside the layout, so nothing can be written outside the repository', async () => {
    const parent = await tempFolder();
    const dir = path.join(parent, 'repo');
    await mkdir(dir);
    const destination = createFolderDestination(dir);
    const bad = [
      '../escape',
      '/etc/passwd',
      `keys/../${id()}`,
      `keys/..\\..\\${id()}`,
      `keys/${id()}/`,
      `data/${id()}`,
      `data/zz/${id()}`,
      `objects/${id()}`,
      '',
      'config.tmp-0123456789abcdef',
    ];
    for (const name of bad) {
      await expect(destination.put(name, Buffer.from('x')), name).rejects.toThrow(TypeError);
      await expect(destination.getBytes(name), name).rejects.toThrow(TypeError);
      await expect(destination.delete(name), name).rejects.toThrow(TypeError);
    }
    expect(await filesIn(parent)).toEqual([]);
  });
});

describe('a destination that is not there', () => {
  it('never creates a missing root folder: an unmounted drive reads as unavailable', async () => {
    const dir = path.join(await tempFolder(), 'unmounted-drive');
    const destination = createFolderDestination(dir);
    const unavailable = { errno: 'ENOENT' };
    await expectAppErrorAsync(() => destination.put(`keys/${id()}`, Buffer.from('x')), 'BACKUP_DESTINATION_UNAVAILABLE', unavailable);
    await expectAppErrorAsync(() => destination.put('config', Buffer.from('x')), 'BACKUP_DESTINATION_UNAVAILABLE', unavailable);
    await expectAppErrorAsync(() => destination.getBytes('config'), 'BACKUP_DESTINATION_UNAVAILABLE');
    await expectAppErrorAsync(() => destination.get('config'), 'BACKUP_DESTINATION_UNAVAILABLE');
    await expectAppErrorAsync(() => destination.stat('config'), 'BACKUP_DESTINATION_UNAVAILABLE');
    await expectAppErrorAsync(() => destination.list('keys'), 'BACKUP_DESTINATION_UNAVAILABLE');
    await expectAppErrorAsync(() => destination.delete(`locks/${id()}`), 'BACKUP_DESTINATION_UNAVAILABLE');
    expect(existsSync(dir)).toBe(false);
  });

  it('reports a file where the folder should be as unavailable', async () => {
    const dir = path.join(await tempFolder(), 'not-a-folder');
    await writeFile(dir, 'a file');
    const destination = createFolderDestination(dir);
    await expectAppErrorAsync(() => destination.put(`keys/${id()}`, Buffer.from('x')), 'BACKUP_DESTINATION_UNAVAILABLE');
    await expectAppErrorAsync(() => destination.list('data'), 'BACKUP_DESTINATION_UNAVAILABLE');
  });

  it('a root folder removed after use is unavailable too', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir);
    await destination.put(`keys/${id()}`, Buffer.from('x'));
    await rm(dir, { recursive: true });
    await expectAppErrorAsync(() => destination.put(`keys/${id()}`, Buffer.from('x')), 'BACKUP_DESTINATION_UNAVAILABLE');
    expect(existsSync(dir)).toBe(false);
  });
});
