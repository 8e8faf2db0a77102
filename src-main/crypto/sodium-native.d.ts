// Types for exactly the part of sodium-native (libsodium) that src-main/crypto uses. The package ships
// no types; declaring only what we call keeps the surface we depend on visible in one place.
declare module 'sodium-native' {
  type Bytes = Uint8Array;

  interface SodiumNative {
    readonly crypto_secretstream_xchacha20poly1305_STATEBYTES: number;
    readonly crypto_secretstream_xchacha20poly1305_ABYTES: number;
    readonly crypto_secretstream_xchacha20poly1305_HEADERBYTES: number;
    readonly crypto_secretstream_xchacha20poly1305_KEYBYTES: number;
    readonly crypto_secretstream_xchacha20poly1305_TAG_MESSAGE: number;
    readonly crypto_secretstream_xchacha20poly1305_TAG_FINAL: number;
    /** Never written by Companion; readers refuse it (tests build such objects). */
    readonly crypto_secretstream_xchacha20poly1305_TAG_PUSH: number;
    readonly crypto_aead_xchacha20poly1305_ietf_ABYTES: number;
    readonly crypto_aead_xchacha20poly1305_ietf_KEYBYTES: number;
    readonly crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: number;

    crypto_secretstream_xchacha20poly1305_init_push(state: Bytes, header: Bytes, key: Bytes): void;
    crypto_secretstream_xchacha20poly1305_init_pull(state: Bytes, header: Bytes, key: Bytes): void;
    /** Returns the ciphertext length; throws on failure. */
    crypto_secretstream_xchacha20poly1305_push(state: Bytes, c: Bytes, m: Bytes, ad: Bytes | null, tag: number): number;
    /** Writes the tag into `tag` (1 byte); throws 'pull failed' when authentication fails. */
    crypto_secretstream_xchacha20poly1305_pull(state: Bytes, m: Bytes, tag: Bytes, c: Bytes, ad: Bytes | null): number;

    crypto_aead_xchacha20poly1305_ietf_encrypt(c: Bytes, m: Bytes, ad: Bytes | null, nsec: null, npub: Bytes, key: Bytes): number;
    /** Throws when authentication fails. */
    crypto_aead_xchacha20poly1305_ietf_decrypt(m: Bytes, nsec: null, c: Bytes, ad: Bytes | null, npub: Bytes, key: Bytes): number;

    /** BLAKE2b; `key` (16..64 bytes) makes it a keyed hash (MAC / PRF). */
    crypto_generichash(output: Bytes, input: Bytes, key?: Bytes): void;

    randombytes_buf(buffer: Bytes): void;
    sodium_memzero(buffer: Bytes): void;
    /** Guarded, mlock'ed memory, zeroed by libsodium when freed. */
    sodium_malloc(size: number): Buffer;
    /** Constant-time equality of two buffers of the same length. */
    sodium_memcmp(a: Bytes, b: Bytes): boolean;
  }

  const sodium: SodiumNative;
  export default sodium;
}
