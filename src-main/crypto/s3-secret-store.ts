// The S3 secret access key of the profile's backup location, kept like BK's cache: sealed by the OS
// keystore (Electron safeStorage) where there is one, else in a 0600 file in the profile. Never in
// settings.json, never sent to the renderer. The record names the endpoint, bucket and access key id
// it belongs to, so a secret is never sent to another server than the one it was entered for.
import path from 'node:path';
import { z } from 'zod';
import type { OsSecretSealer } from './os-keystore.ts';
import { readPrivateFile, removePrivateFile, writePrivateFile } from './private-file.ts';

const SavedSecret = z.strictObject({
  endpoint: z.string(),
  bucket: z.string(),
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
});
export type SavedS3Secret = z.infer<typeof SavedSecret>;

export interface S3SecretStore {
  load(): Promise<SavedS3Secret | null>;
  save(secret: SavedS3Secret): Promise<void>;
  clear(): Promise<void>;
}

export const S3_SECRET_FILE = 's3-secret';
export const S3_SECRET_SEALED_FILE = 's3-secret.sealed';

export function openS3SecretStore(profileDir: string, sealer?: OsSecretSealer): S3SecretStore {
  const sealed = sealer?.isAvailable() === true ? sealer : undefined;
  const file = path.join(profileDir, sealed === undefined ? S3_SECRET_FILE : S3_SECRET_SEALED_FILE);
  const other = path.join(profileDir, sealed === undefined ? S3_SECRET_SEALED_FILE : S3_SECRET_FILE);
  return {
    async load() {
      const bytes = await readPrivateFile(file);
      if (bytes === null) return null;
      try {
        const json = sealed === undefined ? bytes.toString('utf8') : sealed.decryptString(bytes);
        return SavedSecret.parse(JSON.parse(json));
      } catch {
        // A keystore that changed cannot open it, or it is damaged: ask for the secret again.
        return null;
      }
    },
    async save(secret) {
      const json = JSON.stringify(SavedSecret.parse(secret));
      await writePrivateFile(file, sealed === undefined ? Buffer.from(json) : sealed.encryptString(json));
      // A keystore that became available (or went away) leaves no second, stale copy behind.
      await removePrivateFile(other);
    },
    clear: () => removePrivateFile(file),
  };
}
