// PRF output from the macOS native bridge never goes to the renderer. Main keeps it (secure memory,
// single use, five minutes) and hands the renderer an opaque stand-in of the same shape, which the
// renderer passes back in the finishing call's `prf` field like any PRF output. prfBytes swaps the
// stand-in for the real bytes, so on every path the output crosses IPC at most once.
import { randomBytes } from 'node:crypto';
import { secureCopy, zero } from '../crypto/sodium.ts';

const HOLD_MS = 5 * 60 * 1000;
const held = new Map<string, { readonly bytes: Buffer; readonly expires: number }>();

function sweep(now: number): void {
  for (const [handle, entry] of held) {
    if (entry.expires > now) continue;
    zero(entry.bytes);
    held.delete(handle);
  }
}

/** Keeps a copy of `prf` (the caller zeroes its own) and returns its stand-in: 43 base64url characters. */
export function holdPrf(prf: Uint8Array, now = Date.now()): string {
  sweep(now);
  const handle = randomBytes(32).toString('base64url');
  held.set(handle, { bytes: secureCopy(prf), expires: now + HOLD_MS });
  return handle;
}

/** The held bytes for a stand-in, once; null for anything else (real PRF output sent by the renderer). */
export function takeHeldPrf(handle: string, now = Date.now()): Buffer | null {
  sweep(now);
  const entry = held.get(handle);
  held.delete(handle);
  return entry?.bytes ?? null;
}
