// The one door to libsodium, plus the small helpers every crypto module needs. Callers go through
// `sodium.<fn>` at call time (never a destructured copy), so tests can observe the real binding.
import sodium from 'sodium-native';

export { sodium };

export const KEY_BYTES = 32;
export const STREAM_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES;
export const STREAM_HEADER_BYTES = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES;
export const STREAM_STATE_BYTES = sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES;
export const TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
export const TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
export const AEAD_ABYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES;
export const AEAD_NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

export function randomBytes(length: number): Buffer {
  const out = Buffer.alloc(length);
  sodium.randombytes_buf(out);
  return out;
}

/**
 * Memory for long-lived secrets (BK, RK): guard pages, mlock'ed where the OS allows it, and zeroed by
 * libsodium when the buffer is collected. Use `zero()` as soon as the secret is no longer needed.
 */
export function secureBuffer(length: number): Buffer {
  const out = sodium.sodium_malloc(length);
  sodium.sodium_memzero(out);
  return out;
}

/** Copies `source` into a fresh secure buffer (the caller zeroes `source` if it was secret). */
export function secureCopy(source: Uint8Array): Buffer {
  const out = secureBuffer(source.byteLength);
  out.set(source);
  return out;
}

/** Zeroes secrets in a way the compiler cannot optimise away. Accepts several buffers for `finally` blocks. */
export function zero(...buffers: ReadonlyArray<Uint8Array | undefined>): void {
  for (const buffer of buffers) if (buffer !== undefined && buffer.byteLength > 0) sodium.sodium_memzero(buffer);
}

/** Constant-time comparison, for MACs and key checks (never `Buffer.equals` on secrets). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && sodium.sodium_memcmp(a, b);
}

/** BLAKE2b-256 keyed with `key`. */
export function keyedBlake2b256(key: Uint8Array, message: Uint8Array): Buffer {
  const out = Buffer.alloc(32);
  sodium.crypto_generichash(out, message, key);
  return out;
}
