// PRF output arrives once, as base64url text in its own field. It is decoded into secure memory,
// used for one KEK derivation, and zeroed by the caller. (The JSON string it came in cannot be wiped:
// it is dropped right after decoding and never logged, stored or echoed.)
import { AppError } from '../../src-shared/errors.ts';
import { secureBuffer } from '../crypto/sodium.ts';
import { takeHeldPrf } from './held-prf.ts';

export const PRF_BYTES = 32;

export function prfBytes(text: string): Buffer {
  // The stand-in for output the native bridge kept in main (held-prf.ts).
  const held = takeHeldPrf(text);
  if (held !== null) return held;
  const out = secureBuffer(PRF_BYTES);
  const written = out.write(text, 'base64url');
  if (written !== PRF_BYTES) {
    out.fill(0);
    throw new AppError('IPC_INVALID_INPUT', 'A PRF output is 32 bytes.');
  }
  return out;
}
