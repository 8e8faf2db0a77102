// Storage failures made to happen, then checked for the code a user can act on and for a clean folder.
//
// How each failure is produced (tests often run as root, for whom permission bits mean nothing):
// - EACCES: as a normal user, a 0500 folder. As root, the same folder, but the write runs in a child
//   process as `nobody`, which the kernel really refuses.
// - EROFS and ENOSPC: a read-only or 64 KiB tmpfs mounted over the folder when this machine allows
//   mounting (Linux, root with CAP_SYS_ADMIN). Elsewhere the errno is injected at the lowest seam
//   (the destination's `fileSystem` option, a FileHandle whose write fails): that checks the mapping
//   and the clean-up, not the kernel. Each test's title says which one ran.
// - EDQUOT cannot be produced without a quota-enabled file system: always injected.
import { chmod, readdir } from 'node:fs/promises';
import * as fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFolderDestination } from '../../../../src-main/backup/destination/folder.ts';
import type { FolderFileSystem } from '../../../../src-main/backup/destination/folder.ts';
import { idToHex, newId } from '../../../../src-main/crypto/ids.ts';
import {
  canMountTmpfs,
  expectAppErrorAsync,
  inPieces,
  isRoot,
  mountTmpfs,
  patternBytes,
  runAsNobody,
  tempFolder,
} from '../../../helpers/backup-repo.ts';

const root = path.resolve(import.meta.dirname, '../../../..');
// Decided once at collection time, so that each test's title says how its failure is produced.
const canMount = canMountTmpfs();

/** A file system whose writes fail with `errno` after `okWrites` successful ones: the injected seam. */
function failingWrites(errno: string, okWrites = 1): FolderFileSystem {
  let writes = 0;
  const open: FolderFileSystem['open'] = async (...args: Parameters<typeof fs.open>) => {
    const handle = await fs.open(...args);
    const failing: Partial<FileHandle> = {
      write: ((...writeArgs: Parameters<FileHandle['write']>) => {
        writes += 1;
        if (writes > okWrites) return Promise.reject(Object.assign(new Error(`${errno}: injected`), { code: errno }));
        return handle.write(...writeArgs);
      }) as FileHandle['write'],
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
    return failing as FileHandle;
  };
  return { ...fs, open };
}

/** What a failed write must leave: no final name and no temporary file. */
async function expectNoFiles(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  expect(entries.filter((entry) => entry.isFile()).map((entry) => entry.name)).toEqual([]);
}

/** Separate buffers (copies) of 64 KiB, which the destination gathers into 1 MiB writes. */
async function* body(total: number): AsyncGenerator<Buffer> {
  for await (const piece of inPieces(patternBytes(total), [65_536])) yield Buffer.from(piece);
}

describe('a destination that refuses writes', () => {
  it.skipIf(process.platform === 'win32')(
    `EACCES is BACKUP_DESTINATION_UNWRITABLE (${isRoot ? 'as nobody in a child process' : '0500 folder'})`,
    async () => {
      const dir = await tempFolder();
      await chmod(dir, isRoot ? 0o755 : 0o500);
      const name = `keys/${idToHex(newId())}`;
      if (isRoot) {
        const module = path.join(root, 'src-main/backup/destination/folder.ts');
        const output = runAsNobody(`
        import { createFolderDestination } from ${JSON.stringify(module)};
        try {
          await createFolderDestination(${JSON.stringify(dir)}).put(${JSON.stringify(name)}, Buffer.from('slot'));
          console.log(JSON.stringify({ ok: true }));
        } catch (error) {
          console.log(JSON.stringify({ code: error.code, details: error.details }));
        }`);
        expect(JSON.parse(output)).toEqual({ code: 'BACKUP_DESTINATION_UNWRITABLE', details: { errno: 'EACCES', operation: 'write' } });
      } else {
        await expectAppErrorAsync(() => createFolderDestination(dir).put(name, Buffer.from('slot')), 'BACKUP_DESTINATION_UNWRITABLE', {
          errno: 'EACCES',
        });
      }
      await chmod(dir, 0o700);
      await expectNoFiles(dir);
    },
  );

  it(`EROFS is BACKUP_DESTINATION_UNWRITABLE (${canMount ? 'read-only tmpfs' : 'injected'})`, async () => {
    const dir = await tempFolder();
    if (canMount) mountTmpfs(dir, 'ro,size=1m');
    const destination = canMount ? createFolderDestination(dir) : createFolderDestination(dir, { fileSystem: failingWrites('EROFS', 0) });
    await expectAppErrorAsync(() => destination.put(`index/${idToHex(newId())}`, Buffer.from('x')), 'BACKUP_DESTINATION_UNWRITABLE', {
      errno: 'EROFS',
      operation: 'write',
    });
    await expectAppErrorAsync(() => destination.put('config', Buffer.from('x')), 'BACKUP_DESTINATION_UNWRITABLE', { errno: 'EROFS' });
    await expectNoFiles(dir);
    // Reading a read-only destination still works: restore from a write-protected drive.
    expect(await destination.list('snapshots')).toEqual([]);
  });
});

describe('a full destination', () => {
  it(`ENOSPC is BACKUP_DESTINATION_FULL and the temporary file is removed (${canMount ? 'tmpfs of 64 KiB' : 'injected'})`, async () => {
    const dir = await tempFolder();
    if (canMount) mountTmpfs(dir, 'size=64k');
    const destination = canMount ? createFolderDestination(dir) : createFolderDestination(dir, { fileSystem: failingWrites('ENOSPC') });
    const name = `data/ab/ab${idToHex(newId()).slice(2)}`;
    await expectAppErrorAsync(() => destination.put(name, body(1024 * 1024)), 'BACKUP_DESTINATION_FULL', {
      errno: 'ENOSPC',
      operation: 'write',
    });
    await expectNoFiles(dir);
    // The removed temporary file gave its space back: a small object fits again.
    if (canMount) await destination.put(`locks/${idToHex(newId())}`, Buffer.from('lock'));
  });

  it('EDQUOT (over quota) is BACKUP_DESTINATION_FULL too (injected: needs a quota-enabled file system)', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir, { fileSystem: failingWrites('EDQUOT') });
    // 3 MiB: the first 1 MiB write succeeds, the second fails.
    await expectAppErrorAsync(() => destination.put(`snapshots/${idToHex(newId())}`, body(3 * 1024 * 1024)), 'BACKUP_DESTINATION_FULL', {
      errno: 'EDQUOT',
    });
    await expectNoFiles(dir);
  });

  it('a drive that fails underneath (EIO) is BACKUP_DESTINATION_UNAVAILABLE (injected)', async () => {
    const dir = await tempFolder();
    const destination = createFolderDestination(dir, { fileSystem: failingWrites('EIO') });
    await expectAppErrorAsync(
      () => destination.put(`snapshots/${idToHex(newId())}`, body(3 * 1024 * 1024)),
      'BACKUP_DESTINATION_UNAVAILABLE',
      {
        errno: 'EIO',
      },
    );
    await expectNoFiles(dir);
  });
});
