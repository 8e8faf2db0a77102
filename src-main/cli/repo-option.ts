// `--repo` for the backup commands: a folder path, or `s3://bucket/prefix` with `--endpoint`,
// `--region` and `--path-style`. S3 credentials come from the standard AWS environment variables,
// never from argv (which other accounts can read in the process list).
import path from 'node:path';
import { S3Location, type BackupLocation } from '../../src-shared/common-schemas.ts';
import { resolveLocation, type ConnectedLocation } from '../backup/backup-service.ts';
import { connectLocation } from '../backup/backup-location.ts';
import { ensureProfile } from '../store/profile.ts';
import { usageError } from './cli-error.ts';
import { optionalString, requireString, type ParsedArgs } from './command.ts';

export const repoOptions = {
  repo: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'boolean' },
} as const;

export const REPO_USAGE = '(PATH | s3://BUCKET/PREFIX [--endpoint URL] [--region R] [--path-style])';

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
};

function s3From(args: ParsedArgs, url: string): BackupLocation {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (match === null) throw usageError('an S3 repository is s3://BUCKET/PREFIX');
  const [, bucket = '', prefix = ''] = match;
  const region = optionalString(args, 'region') ?? env('AWS_REGION') ?? env('AWS_DEFAULT_REGION') ?? 'us-east-1';
  const endpoint = optionalString(args, 'endpoint') ?? env('AWS_ENDPOINT_URL_S3') ?? `https://s3.${region}.amazonaws.com`;
  const accessKeyId = env('AWS_ACCESS_KEY_ID');
  if (accessKeyId === undefined) throw usageError('set AWS_ACCESS_KEY_ID (and AWS_SECRET_ACCESS_KEY) for an s3:// repository');
  const secretAccessKey = env('AWS_SECRET_ACCESS_KEY');
  const parsed = S3Location.safeParse({
    kind: 's3',
    endpoint,
    region,
    bucket,
    prefix,
    pathStyle: args.values['path-style'] === true,
    accessKeyId,
    ...(secretAccessKey === undefined ? {} : { secretAccessKey }),
  });
  if (!parsed.success) {
    // Field names only: a value could be the secret.
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw usageError(`invalid S3 repository (${fields})`);
  }
  return parsed.data;
}

export function repoLocation(args: ParsedArgs, required: true): BackupLocation;
export function repoLocation(args: ParsedArgs, required: false): BackupLocation | undefined;
export function repoLocation(args: ParsedArgs, required: boolean): BackupLocation | undefined {
  const repo = required ? requireString(args, 'repo') : optionalString(args, 'repo');
  if (repo === undefined) return undefined;
  if (repo.startsWith('s3://')) return s3From(args, repo);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo)) throw usageError(`unsupported repository "${repo.split('://')[0]}://" (a folder or s3://)`);
  return { kind: 'folder', path: path.resolve(repo) };
}

/** `--repo` with its secret: from the environment, else the one saved in `--profile` for it. */
export async function connectedRepo(args: ParsedArgs): Promise<ConnectedLocation> {
  const location = repoLocation(args, true);
  const profile = optionalString(args, 'profile');
  return profile === undefined ? connectLocation(location, null) : resolveLocation(ensureProfile(profile), location);
}
