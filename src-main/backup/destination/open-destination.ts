// Location → destination: the one place that knows which kinds of destination exist. A location that
// reaches here is "connected": an S3 one carries its secret (from the person, the CLI's environment or
// the profile keystore, see backup-location.ts), because a worker thread has no keystore to ask.
import path from 'node:path';
import type { z } from 'zod';
import type { FolderLocation, S3Location } from '../../../src-shared/common-schemas.ts';
import type { Destination } from './destination.ts';
import { createFolderDestination } from './folder.ts';
import { lazyDestination } from './lazy-destination.ts';
import type { S3DestinationOptions } from './s3.ts';
import { describeS3 } from './s3-settings.ts';

export type S3ConnectedLocation = z.infer<typeof S3Location> & { readonly secretAccessKey: string };
export type ConnectedLocation = z.infer<typeof FolderLocation> | S3ConnectedLocation;

export function openDestination(location: ConnectedLocation, options: S3DestinationOptions = {}): Destination {
  switch (location.kind) {
    case 'folder':
      return createFolderDestination(path.resolve(location.path));
    case 's3':
      return lazyDestination(describeS3(location), async () => (await import('./s3.ts')).createS3Destination(location, options));
  }
}
