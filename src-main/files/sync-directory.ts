// fsync of a folder: what makes the files created and renamed in it durable (POSIX). Windows cannot
// open a folder (NTFS journals renames), and some mounts (FUSE, SMB) refuse a folder fsync, so it is
// best effort there: the files themselves are fsync'ed by whoever wrote them.
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { OpenFile } from './direct-io.ts';

const NO_DIRECTORY_SYNC = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EBADF']);

/** `open`: how the folder is opened (a test's failing disk, a destination's file system). */
export async function syncDirectory(directory: string, open: OpenFile = fs.open): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, constants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    if (!NO_DIRECTORY_SYNC.has((error as NodeJS.ErrnoException | null)?.code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}
