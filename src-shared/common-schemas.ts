// Schemas more than one part of the contract uses.
import { z } from 'zod';

/** Renderer-chosen id that ties progress events and cancellation to one call. */
export const operationId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** Absolute paths only (POSIX, `C:\…`, or a `\\server\share` UNC path): a relative one would depend on main's cwd. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/.test(value) && !value.includes('\0'), 'an absolute path');

export const BackupLocation = z.strictObject({ kind: z.literal('folder'), path: absolutePath });
export type BackupLocation = z.infer<typeof BackupLocation>;
