// Content-addressed media: a file's name is its SHA-256, so the same photo is stored once however
// many chats share it, and a stored file can always be checked against its name.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ProfilePaths } from './profile.ts';

export interface StoredMedia {
  readonly sha256: string;
  readonly size: number;
}

export function mediaPath(paths: Pick<ProfilePaths, 'media'>, sha256: string): string {
  return path.join(paths.media, sha256.slice(0, 2), sha256);
}

/** Streams `source` into the media store (flat memory), writing to tmp first so no half file is ever named. */
export async function storeMedia(paths: Pick<ProfilePaths, 'media' | 'tmp'>, source: Readable): Promise<StoredMedia> {
  const temp = path.join(paths.tmp, `media-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, measure, createWriteStream(temp, { mode: 0o600 }));
    const sha256 = hash.digest('hex');
    const target = mediaPath(paths, sha256);
    if (await exists(target)) {
      await rm(temp, { force: true });
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
    }
    return { sha256, size };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

const mimeByExtension: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.opus': 'audio/ogg',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.pdf': 'application/pdf',
  '.vcf': 'text/vcard',
  '.txt': 'text/plain',
};

export function mimeFromName(fileName: string): string | null {
  return mimeByExtension[path.extname(fileName).toLowerCase()] ?? null;
}
