// syncDirectory on a real folder, and on a disk whose folder fsync fails, injected through its `open`
// seam: refusals some mounts give (EINVAL) are tolerated, real failures are not, the folder is always closed.
import * as fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { OpenFile } from '../../../src-main/files/direct-io.ts';
import { syncDirectory } from '../../../src-main/files/sync-directory.ts';
import { tempFolder } from '../../helpers/backup-repo.ts';

/** An open() whose handles fail sync() with `errno`, counting the handles closed. */
function failingSync(errno: string): { open: OpenFile; closed: () => number } {
  let closed = 0;
  const open: OpenFile = async (file, flags, mode) => {
    const handle = await fs.open(file, flags, mode);
    return new Proxy(handle, {
      get(target, key) {
        if (key === 'sync') return () => Promise.reject(Object.assign(new Error(`${errno}: injected`), { code: errno }));
        if (key === 'close') {
          return () => {
            closed += 1;
            return target.close();
          };
        }
        return Reflect.get(target, key, target) as unknown;
      },
    });
  };
  return { open, closed: () => closed };
}

describe.runIf(process.platform !== 'win32')('syncDirectory', () => {
  it('fsyncs a real folder', async () => {
    await expect(syncDirectory(await tempFolder())).resolves.toBeUndefined();
  });

  it('takes a refusal some mounts give (EINVAL) as best effort, and closes the folder', async () => {
    const disk = failingSync('EINVAL');
    await expect(syncDirectory(await tempFolder(), disk.open)).resolves.toBeUndefined();
    expect(disk.closed()).toBe(1);
  });

  it('reports a real failure (EIO), and still closes the folder', async () => {
    const disk = failingSync('EIO');
    await expect(syncDirectory(await tempFolder(), disk.open)).rejects.toMatchObject({ code: 'EIO' });
    expect(disk.closed()).toBe(1);
  });

  it('reports a folder that is not there', async () => {
    await expect(syncDirectory(`${await tempFolder()}/missing`)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
