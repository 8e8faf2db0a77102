// Repository, object and slot ids: 16 random bytes, written as 32 lowercase hex characters in file
// names and JSON. Random (not content hashes) because an object's id is bound into its own header,
// so it must be known before the first byte is encrypted.
import { randomBytes } from './sodium.ts';

export const ID_BYTES = 16;
const hexId = /^[0-9a-f]{32}$/;

export function newId(): Buffer {
  return randomBytes(ID_BYTES);
}

export function isHexId(value: string): boolean {
  return hexId.test(value);
}

/** Parses a 32-character lowercase hex id; null when it is not one (callers choose the error). */
export function parseHexId(value: string): Buffer | null {
  return isHexId(value) ? Buffer.from(value, 'hex') : null;
}

export function idToHex(id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex');
}
