// What an S3 location is, without the SDK: the description and key layout are needed wherever a
// location is shown or opened, and the SDK costs ~35 MB in every isolate that loads it.

export interface S3Settings {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly pathStyle: boolean;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The host requests go to, for messages (never the access key or anything signed). */
export function hostOf(settings: Pick<S3Settings, 'endpoint' | 'bucket' | 'pathStyle'>): string {
  const host = new URL(settings.endpoint).host;
  return settings.pathStyle ? host : `${settings.bucket}.${host}`;
}

/** Object keys below the prefix: `''` → `config`, `a/b` or `a/b/` → `a/b/config`. */
export function keyBase(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** `Destination.description` of an S3 location. */
export function describeS3(settings: Pick<S3Settings, 'endpoint' | 'bucket' | 'pathStyle' | 'prefix'>): string {
  return `s3 ${settings.bucket}/${keyBase(settings.prefix)} at ${hostOf(settings)}`;
}
