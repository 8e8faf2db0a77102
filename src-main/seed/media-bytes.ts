// Deterministic, incompressible bytes for demo media: an AES-CTR keystream keyed by the seed. Real
// photos and videos do not compress either, so backups of the demo store behave like real ones.
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const blockSize = 256 * 1024;

export function mediaBytes(seed: string, size: number): Readable {
  const key = createHash('sha256').update(`companion-seed-media:${seed}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(blockSize);
  let remaining = size;
  return new Readable({
    read() {
      if (remaining === 0) {
        this.push(null);
        return;
      }
      const length = Math.min(blockSize, remaining);
      remaining -= length;
      this.push(cipher.update(zeros.subarray(0, length)));
    },
  });
}
