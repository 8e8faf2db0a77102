import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mediaPath, mimeFromName, storeMedia } from '../../../src-main/store/media-store.ts';
import { tempProfile } from '../../helpers/profile.ts';

describe('content-addressed media store', () => {
  it('stores bytes under their SHA-256 and stores identical media once', async () => {
    const paths = tempProfile();
    const bytes = Buffer.from('a photo of the ferry');
    const first = await storeMedia(paths, Readable.from([bytes]));
    const second = await storeMedia(paths, Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
    expect(first).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    expect(second).toEqual(first);
    expect(readFileSync(mediaPath(paths, first.sha256))).toEqual(bytes);
    expect(readdirSync(paths.tmp)).toEqual([]);
  });

  it('leaves no file behind when the source fails mid-way', async () => {
    const paths = tempProfile();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
        this.destroy(new Error('the zip entry is damaged'));
      },
    });
    await expect(storeMedia(paths, failing)).rejects.toThrow('damaged');
    expect(readdirSync(paths.tmp)).toEqual([]);
    expect(readdirSync(paths.media)).toEqual([]);
  });

  it('knows the common media types by extension', () => {
    expect(mimeFromName('IMG-20240203-WA0001.JPG')).toBe('image/jpeg');
    expect(mimeFromName('00000013-AUDIO-2024-02-04-07-02-00.opus')).toBe('audio/ogg');
    expect(mimeFromName('archive.xyz')).toBeNull();
  });
});
