// Padmé padding of pack plaintexts (docs/backup-format.md §10): sizes are rounded so that a pack's
// stored size leaks O(log log L) bits instead of its exact length, for at most 12% of overhead.
import { ENTRY_HEADER_BYTES } from './layout.ts';

/**
 * padme(L): E = floor(log2 L), S = floor(log2 E) + 1, m = 2^(E−S) − 1, (L + m) & ~m. Lengths below 2
 * are returned unchanged (log2 E is undefined there; no pack is that small). Computed with
 * arithmetic rather than 32-bit bitwise operators, and limited to u32 lengths like pack offsets.
 */
export function padme(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff) throw new RangeError('padme() takes a u32 length');
  if (length < 2) return length;
  const e = 31 - Math.clz32(length);
  const s = 31 - Math.clz32(e) + 1;
  const step = 2 ** (e - s);
  return Math.ceil(length / step) * step;
}

/**
 * The padded plaintext size T for a pack of `length` bytes. The padding is one entry (a 44-byte header
 * and T − L − 44 zero bytes), so when padme leaves fewer than 44 bytes the target is padme(L + 44).
 */
export function paddedPackSize(length: number): number {
  const target = padme(length);
  return target - length > 0 && target - length < ENTRY_HEADER_BYTES ? padme(length + ENTRY_HEADER_BYTES) : target;
}
