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

export const FolderLocation = z.strictObject({ kind: z.literal('folder'), path: absolutePath });

/** S3 object keys under `prefix`; no leading slash, no `..`, so the repository stays inside it. */
const s3Prefix = z
  .string()
  .max(512)
  .refine((value) => !value.startsWith('/') && !value.split('/').includes('..') && !value.includes('\0'), 'a key prefix');

/**
 * An S3-compatible bucket (AWS S3, R2, B2, MinIO). `secretAccessKey` travels renderer → main only: it is
 * required the first time, kept in the profile keystore, and never part of anything main sends back.
 */
export const S3Location = z.strictObject({
  kind: z.literal('s3'),
  /** `https://s3.eu-west-1.amazonaws.com`, `https://<account>.r2.cloudflarestorage.com`, `http://127.0.0.1:9000`. */
  endpoint: z.url({ protocol: /^https?$/ }).max(2048),
  region: z.string().min(1).max(64),
  bucket: z
    .string()
    .min(3)
    .max(63)
    .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/),
  prefix: s3Prefix,
  /** Path-style (`endpoint/bucket/key`, MinIO and most self-hosted) instead of virtual-hosted (`bucket.endpoint/key`). */
  pathStyle: z.boolean(),
  accessKeyId: z.string().min(1).max(128),
  secretAccessKey: z.string().min(1).max(256).optional(),
});

export const BackupLocation = z.discriminatedUnion('kind', [FolderLocation, S3Location]);
export type BackupLocation = z.infer<typeof BackupLocation>;

/** A location as main reports it: never the S3 secret, only whether this computer holds one. */
export const BackupLocationView = z.discriminatedUnion('kind', [
  FolderLocation,
  S3Location.omit({ secretAccessKey: true }).extend({ secretSaved: z.boolean() }),
]);
export type BackupLocationView = z.infer<typeof BackupLocationView>;
