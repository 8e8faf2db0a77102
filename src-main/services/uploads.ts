// Files the browser host receives (POST /upload) wait here under a random id until imported.
// The browser cannot hand main a path, and main never takes paths from the renderer.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../src-shared/errors.ts';
import type { ProfilePaths } from '../store/profile.ts';

export interface Upload {
  readonly file: string;
  readonly fileName: string;
}

const idPattern = /^[a-f0-9]{32}$/;

export async function saveUpload(paths: Pick<ProfilePaths, 'uploads'>, source: Readable, fileName: string): Promise<string> {
  const uploadId = randomBytes(16).toString('hex');
  const file = path.join(paths.uploads, uploadId);
  try {
    await pipeline(source, createWriteStream(file, { mode: 0o600 }));
    await writeFile(`${file}.json`, JSON.stringify({ fileName: path.basename(fileName) }), { mode: 0o600 });
    return uploadId;
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

export async function resolveUpload(paths: Pick<ProfilePaths, 'uploads'>, uploadId: string): Promise<Upload> {
  if (!idPattern.test(uploadId)) throw new AppError('IMPORT_UPLOAD_UNKNOWN');
  const file = path.join(paths.uploads, uploadId);
  try {
    const meta = JSON.parse(await readFile(`${file}.json`, 'utf8')) as { fileName: string };
    await rm(`${file}.json`, { force: true });
    return { file, fileName: meta.fileName };
  } catch {
    throw new AppError('IMPORT_UPLOAD_UNKNOWN');
  }
}
