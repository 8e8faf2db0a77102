// What the sequential reader and writer share about unbuffered (O_DIRECT) I/O: the flag where the
// platform has it, how files are opened (a seam for tests' failing disks), and the refusal that
// means "go through the page cache instead".
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** Linux's O_DIRECT; undefined on macOS and Windows, which then always go through the page cache. */
export const O_DIRECT: number | undefined = (constants as { O_DIRECT?: number }).O_DIRECT;

/** How files are opened: node:fs/promises' open, or a test's failing disk. */
export type OpenFile = (path: string, flags: number, mode?: number) => Promise<FileHandle>;

/** EINVAL: the file system refuses O_DIRECT, or this buffer, offset or length for it. */
export function refusesDirectIo(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EINVAL';
}
