// The recovery key (RK): 32 random bytes shown once as 52 Crockford base32 characters plus one check
// character, e.g. `7ZQ4-…-K2M0X` (docs/backup-format.md, "Recovery key").
//
// The check character c makes  c ⊕ Σ α^(i+1)·d_i = 0  in GF(32) = GF(2)[x]/(x^5 + x^2 + 1), α = x,
// over the 52 data symbols d_i. Every weight is non-zero, so any single substitution changes the sum;
// adjacent weights differ (α ≠ 1), so swapping two different neighbours — the check character
// included — changes it too. tests/unit/crypto/recovery-key.test.ts enumerates both cases exhaustively.
import { AppError } from '../../src-shared/errors.ts';
import type { ErrorDetails } from '../../src-shared/errors.ts';
import { randomBytes, secureBuffer, zero } from './sodium.ts';

export const RECOVERY_KEY_BYTES = 32;
export const DATA_SYMBOLS = 52; // ceil(256 / 5); the last symbol carries 1 bit and 4 zero bits
export const KEY_SYMBOLS = DATA_SYMBOLS + 1;
const GROUP = 4;
export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford: no I, L, O, U
const ALIASES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
/** Whitespace and the dashes people (and word processors) put between groups. */
const SEPARATOR = /[\s\-\u2010-\u2015\u2212_.]/u;
const MAX_INPUT = 256;

const GF_POLY = 0b100101;
function gfMul(a: number, b: number): number {
  let product = 0;
  for (let x = a, y = b; y !== 0; y >>= 1) {
    if (y & 1) product ^= x;
    x <<= 1;
    if (x & 0b100000) x ^= GF_POLY;
  }
  return product;
}
/** WEIGHTS[i] = α^(i+1), the weight of data symbol i. The check symbol has weight 1. */
const WEIGHTS: readonly number[] = Array.from({ length: DATA_SYMBOLS }, (_, i) => {
  let w = 1;
  for (let k = 0; k <= i; k++) w = gfMul(w, 2);
  return w;
});

/** The check symbol for 52 data symbols (values 0..31). */
export function checkSymbol(data: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < DATA_SYMBOLS; i++) sum ^= gfMul(WEIGHTS[i] ?? 0, data[i] ?? 0);
  return sum;
}

/** True when 53 symbols (data + check) satisfy the check equation. */
export function checkHolds(symbols: ArrayLike<number>): boolean {
  return checkSymbol(symbols) === symbols[DATA_SYMBOLS];
}

export function generateRecoveryKey(): Buffer {
  const rk = secureBuffer(RECOVERY_KEY_BYTES);
  const random = randomBytes(RECOVERY_KEY_BYTES);
  rk.set(random);
  zero(random);
  return rk;
}

/** The human form. It is a JS string and cannot be zeroed: show it, then drop every reference. */
export function formatRecoveryKey(rk: Uint8Array): string {
  if (rk.byteLength !== RECOVERY_KEY_BYTES) throw new TypeError('a recovery key is 32 bytes');
  const symbols = new Uint8Array(KEY_SYMBOLS);
  try {
    for (let i = 0; i < DATA_SYMBOLS; i++) symbols[i] = readBits(rk, i * 5);
    symbols[DATA_SYMBOLS] = checkSymbol(symbols);
    let out = '';
    for (let i = 0; i < KEY_SYMBOLS; i++) {
      if (i > 0 && i % GROUP === 0 && i < DATA_SYMBOLS) out += '-';
      out += ALPHABET[symbols[i] ?? 0];
    }
    return out;
  } finally {
    zero(symbols);
  }
}

/**
 * Reads a typed or pasted recovery key: any case, spaces, dashes, and Crockford's O→0, I/L→1.
 * Every problem is a RECOVERY_KEY_TYPO raised before any key is derived; details never echo the input.
 */
export function parseRecoveryKey(text: string): Buffer {
  if (text.length > MAX_INPUT) throw typo({ problem: 'length', expected: KEY_SYMBOLS });
  const symbols = new Uint8Array(KEY_SYMBOLS);
  try {
    let count = 0;
    for (const raw of text) {
      if (SEPARATOR.test(raw)) continue;
      const upper = raw.toUpperCase();
      const value = ALPHABET.indexOf(ALIASES[upper] ?? upper);
      if (value < 0 || upper.length !== 1) {
        throw typo({ problem: 'character', position: count + 1, group: Math.min(Math.floor(count / GROUP) + 1, DATA_SYMBOLS / GROUP) });
      }
      if (count < KEY_SYMBOLS) symbols[count] = value;
      count += 1;
    }
    if (count !== KEY_SYMBOLS) throw typo({ problem: 'length', found: count, expected: KEY_SYMBOLS });
    // The last data symbol holds one bit; its four padding bits must be zero. A single typo there
    // already fails the check, so a padding error alone means several typos: report it as one.
    if (!checkHolds(symbols) || ((symbols[DATA_SYMBOLS - 1] ?? 0) & 0b01111) !== 0) throw typo({ problem: 'check' });
    const rk = secureBuffer(RECOVERY_KEY_BYTES);
    for (let i = 0; i < DATA_SYMBOLS; i++) writeBits(rk, i * 5, symbols[i] ?? 0);
    return rk;
  } finally {
    zero(symbols);
  }
}

function typo(details: ErrorDetails): AppError {
  return new AppError('RECOVERY_KEY_TYPO', undefined, details);
}

/** The 5 bits starting at bit `offset` (big-endian bit order), zero-padded past the end. */
function readBits(bytes: Uint8Array, offset: number): number {
  let value = 0;
  for (let bit = offset; bit < offset + 5; bit++) {
    const byte = bytes[bit >> 3];
    value = (value << 1) | (byte === undefined ? 0 : (byte >> (7 - (bit & 7))) & 1);
  }
  return value;
}

function writeBits(bytes: Uint8Array, offset: number, value: number): void {
  for (let k = 0; k < 5; k++) {
    const bit = offset + k;
    if (bit >> 3 >= bytes.length) return; // padding bits
    if ((value >> (4 - k)) & 1) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (1 << (7 - (bit & 7)));
  }
}
