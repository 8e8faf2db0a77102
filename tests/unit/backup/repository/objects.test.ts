// Encrypted objects through a real folder: streaming round trips, create-if-absent ids, and the damage
// a storage provider or a sync client can do (swap, truncate, delete).
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, readdir, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newObjectId } from '../../../../src-main/backup/repository/repository.ts';
import { collect, expectAppErrorAsync, inPieces, newRepository, patternBytes, scripted } from '../../../helpers/backup-repo.ts';

/** §6.2: 64 + floor(n/65536) × 65557 + 4 + (n mod 65536) + 17. */
const storedSize = (n: number): number => 64 + Math.floor(n / 65_536) * 65_557 + 4 + (n % 65_536) + 17;

describe('putObject / openObject', () => {
  it('round-trips a 5.5 MiB pack streamed in both directions, one message at a time', async () => {
    const { dir, repository } = await newRepository();
    const id = newObjectId();
    const data = patternBytes(5.5 * 1024 * 1024 + 123);
    const { size } = await repository.putObject('pack', id, inPieces(data));
    expect(size).toBe(storedSize(data.length));
    expect((await stat(path.join(dir, 'data', id.slice(0, 2), id))).size).toBe(size);
    const chunks: Buffer[] = [];
    for await (const chunk of await repository.openObject('pack', id)) chunks.push(chunk);
    // Flat memory: plaintext arrives as it is authenticated, in pieces bounded by the 256 KiB reads of
    // the folder destination (plus one message), whatever the object's size.
    expect(chunks.length).toBeGreaterThan(16);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(256 * 1024 + 65_536);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('a reader that stops early closes the file', async () => {
    const { repository } = await newRepository();
    const id = newObjectId();
    await repository.putObject('pack', id, patternBytes(2_000_000));
    const openFiles = (): number => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for (let i = 0; i < 10; i++) {
      for await (const chunk of await repository.openObject('pack', id)) if (chunk.length > 0) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // closing is asynchronous
    expect(openFiles()).toBe(before);
  });

  it('round-trips small objects given as bytes', async () => {
    const { repository } = await newRepository();
    const id = newObjectId();
    const manifest = Buffer.from('{"type":"snapshot"}\n');
    expect((await repository.putObject('snapshot', id, manifest)).size).toBe(storedSize(manifest.length));
    expect((await repository.readObject('snapshot', id)).equals(manifest)).toBe(true);
    expect(await repository.listObjects('snapshot')).toEqual([id]);
    expect((await repository.statObject('snapshot', id))?.size).toBe(storedSize(manifest.length));
  });

  it('stores packs under data/<2 hex>/ and lists and deletes by id', async () => {
    const { dir, repository } = await newRepository();
    const ids = [newObjectId(), newObjectId(), newObjectId()];
    for (const id of ids) await repository.putObject('pack', id, Buffer.from(id));
    expect(await repository.listObjects('pack')).toEqual([...ids].sort());
    expect(await readdir(path.join(dir, 'data'))).toEqual([...new Set(ids.map((id) => id.slice(0, 2)))].sort());
    await repository.deleteObject('pack', ids[0] ?? '');
    expect(await repository.listObjects('pack')).toEqual(ids.slice(1).sort());
    await repository.deleteObject('pack', ids[0] ?? ''); // already gone: fine
  });

  it('never writes twice under one id (§3): BACKUP_OBJECT_EXISTS, the first content stays', async () => {
    const { repository } = await newRepository();
    const id = newObjectId();
    await repository.putObject('index', id, Buffer.from('first'));
    await expectAppErrorAsync(() => repository.putObject('index', id, Buffer.from('second')), 'BACKUP_OBJECT_EXISTS');
    await expectAppErrorAsync(() => repository.putObject('index', id, inPieces(Buffer.from('third'))), 'BACKUP_OBJECT_EXISTS');
    expect((await repository.readObject('index', id)).toString()).toBe('first');
  });

  it('a failing plaintext source stores nothing', async () => {
    const { dir, repository } = await newRepository();
    const source = scripted(patternBytes(200_000), new Error('chunker failed'));
    await expect(repository.putObject('pack', newObjectId(), source)).rejects.toThrow('chunker failed');
    expect(await readdir(path.join(dir, 'data'), { recursive: true })).toEqual([
      expect.stringMatching(/^[0-9a-f]{2}$/), // the prefix folder may stay; no file does
    ]);
  });

  it('a cancelled write stores nothing (OPERATION_CANCELLED)', async () => {
    const { repository } = await newRepository();
    const controller = new AbortController();
    const source = scripted(patternBytes(100_000), () => controller.abort(), patternBytes(100_000));
    await expectAppErrorAsync(() => repository.putObject('pack', newObjectId(), source, controller.signal), 'OPERATION_CANCELLED');
    expect(await repository.listObjects('pack')).toEqual([]);
  });
});

describe('damaged and moved objects', () => {
  it('an object copied over another name is BACKUP_OBJECT_MISMATCH, before any plaintext', async () => {
    const { dir, repository } = await newRepository();
    const [a, b] = [newObjectId(), newObjectId()];
    await repository.putObject('snapshot', a, Buffer.from('snapshot a'));
    await repository.putObject('snapshot', b, Buffer.from('snapshot b'));
    await copyFile(path.join(dir, 'snapshots', a), path.join(dir, 'snapshots', b));
    const details = { field: 'objectId', object: `snapshots/${b}` };
    await expectAppErrorAsync(() => repository.readObject('snapshot', b), 'BACKUP_OBJECT_MISMATCH', details);
    const stream = await repository.openObject('snapshot', b);
    await expectAppErrorAsync(() => collect(stream), 'BACKUP_OBJECT_MISMATCH', details);
  });

  it('an object moved into another kind is BACKUP_OBJECT_MISMATCH on the kind', async () => {
    const { dir, repository } = await newRepository();
    const id = newObjectId();
    await repository.putObject('index', id, Buffer.from('an index'));
    await mkdir(path.join(dir, 'snapshots'));
    await copyFile(path.join(dir, 'index', id), path.join(dir, 'snapshots', id));
    await expectAppErrorAsync(() => repository.readObject('snapshot', id), 'BACKUP_OBJECT_MISMATCH', { field: 'kind' });
  });

  it('a cut-off object (sync still running) is BACKUP_OBJECT_TRUNCATED, streaming or whole', async () => {
    const { dir, repository } = await newRepository();
    const id = newObjectId();
    await repository.putObject('pack', id, patternBytes(200_000));
    await truncate(path.join(dir, 'data', id.slice(0, 2), id), 2 * 65_557 + 64);
    await expectAppErrorAsync(async () => collect(await repository.openObject('pack', id)), 'BACKUP_OBJECT_TRUNCATED', {
      reason: 'no-final',
      object: `data/${id.slice(0, 2)}/${id}`,
    });
    await expectAppErrorAsync(() => repository.readObject('pack', id), 'BACKUP_OBJECT_TRUNCATED');
  });

  it('a missing object is BACKUP_OBJECT_MISSING, naming it', async () => {
    const { repository } = await newRepository();
    const id = newObjectId();
    await expectAppErrorAsync(() => repository.readObject('index', id), 'BACKUP_OBJECT_MISSING', { object: `index/${id}` });
    await expectAppErrorAsync(() => repository.openObject('pack', id), 'BACKUP_OBJECT_MISSING', { object: `data/${id.slice(0, 2)}/${id}` });
  });

  it('an object of another repository with the same BK is BACKUP_OBJECT_MISMATCH on the repository id', async () => {
    const first = await newRepository();
    const second = await newRepository({ backupKey: first.repository.backupKey });
    const id = newObjectId();
    await first.repository.putObject('snapshot', id, Buffer.from('from the first repository'));
    await mkdir(path.join(second.dir, 'snapshots'));
    await copyFile(path.join(first.dir, 'snapshots', id), path.join(second.dir, 'snapshots', id));
    await expectAppErrorAsync(() => second.repository.readObject('snapshot', id), 'BACKUP_OBJECT_MISMATCH', { field: 'repositoryId' });
  });
});
