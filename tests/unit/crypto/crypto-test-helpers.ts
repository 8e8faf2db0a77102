// Helpers that keep the crypto tests short: deterministic byte patterns, error capture by code, and
// running bytes through a Transform the way a restore would.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expect } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import type { ErrorCode, ErrorDetails } from '../../../src-shared/errors.ts';
import type { OsSecretSealer } from '../../../src-main/crypto/os-keystore.ts';

/** Bytes start, start+1, … (mod 256): the inputs of the documented test vectors. */
export function sequence(start: number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => (start + i) & 0xff));
}

export function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}

/** Asserts `run` throws an AppError with `code` (and, when given, these details); returns it. */
export function expectAppError(run: () => unknown, code: ErrorCode, details?: Partial<ErrorDetails>): AppError {
  return assertAppError(captureError(run), code, details);
}

export async function expectAppErrorAsync(
  run: () => Promise<unknown>,
  code: ErrorCode,
  details?: Partial<ErrorDetails>,
): Promise<AppError> {
  let caught: unknown = undefined;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  return assertAppError(caught, code, details);
}

function assertAppError(error: unknown, code: ErrorCode, details?: Partial<ErrorDetails>): AppError {
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect({ code: appError.code, details: appError.details }).toMatchObject({ code, ...(details === undefined ? {} : { details }) });
  return appError;
}

/** Feeds `input` to `transform` in pieces of `pieceSize` bytes; returns every output chunk. */
export async function runTransform(transform: Transform, input: Buffer, pieceSize = 65_536): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < input.length; offset += pieceSize) pieces.push(input.subarray(offset, offset + pieceSize));
  const output: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      output.push(chunk);
      callback();
    },
  });
  await pipeline(Readable.from(pieces), transform, sink);
  return output;
}

export function flipBit(bytes: Buffer, offset: number, bit = 0): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] = (copy[offset] ?? 0) ^ (1 << bit);
  return copy;
}

/** Stands in for safeStorage: really encrypts (AES-GCM under a per-test key), like the OS would. */
export function fakeSealer(available = true): OsSecretSealer & { broken: boolean; available: boolean } {
  const key = randomBytes(32);
  return {
    broken: false,
    available,
    isAvailable() {
      return this.available;
    },
    encryptString(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      if (this.broken) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
