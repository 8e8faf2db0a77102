// A backup destination as the person types it: both kinds' fields kept, so switching between folder
// and S3 loses nothing. The S3 secret lives here, in component state only, until it is submitted.
import type { z } from 'zod';
import { BackupLocation, S3Location } from '../../../src-shared/common-schemas.ts';

/** The S3 fields as typed: every one present, the secret as '' until it is typed. */
export type S3Draft = Readonly<Required<Omit<z.infer<typeof S3Location>, 'kind'>>>;

export type S3Field = keyof S3Draft;

export interface DestinationDraft {
  readonly kind: BackupLocation['kind'];
  readonly folder: string;
  readonly s3: S3Draft;
}

export const emptyDraft: DestinationDraft = {
  kind: 'folder',
  folder: '',
  s3: { endpoint: '', region: '', bucket: '', prefix: '', pathStyle: false, accessKeyId: '', secretAccessKey: '' },
};

function s3Input(s3: S3Draft) {
  const secret = s3.secretAccessKey;
  return {
    kind: 's3' as const,
    endpoint: s3.endpoint.trim(),
    region: s3.region.trim(),
    bucket: s3.bucket.trim(),
    prefix: s3.prefix.trim(),
    pathStyle: s3.pathStyle,
    accessKeyId: s3.accessKeyId.trim(),
    // Never trimmed: a secret is exactly what the provider issued.
    ...(secret === '' ? {} : { secretAccessKey: secret }),
  };
}

/**
 * The location to send, or null while the draft is incomplete. Main validates again; this only keeps
 * the buttons off until the contract would accept it. Without a secret, main uses the one it saved
 * for the same endpoint, bucket and access key id, or says S3_SECRET_NOT_SAVED.
 */
export function toLocation(draft: DestinationDraft): BackupLocation | null {
  const parsed = BackupLocation.safeParse(draft.kind === 'folder' ? { kind: 'folder', path: draft.folder.trim() } : s3Input(draft.s3));
  return parsed.success ? parsed.data : null;
}

/** The S3 fields that hold something the contract refuses (empty ones are only incomplete). */
export function invalidS3Fields(s3: S3Draft): ReadonlySet<S3Field> {
  const parsed = S3Location.safeParse(s3Input(s3));
  if (parsed.success) return new Set();
  const fields = parsed.error.issues.map((issue) => issue.path[0]).filter((key): key is S3Field => typeof key === 'string' && key in s3);
  return new Set(fields.filter((field) => s3[field] !== ''));
}

export function withoutSecret(draft: DestinationDraft): DestinationDraft {
  return { ...draft, s3: { ...draft.s3, secretAccessKey: '' } };
}
