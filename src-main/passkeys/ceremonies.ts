// Pending WebAuthn ceremonies, by random id: what main issued (challenge, PRF salts, which repository)
// so that the response can be checked against exactly that. A ceremony is used once: taking it removes
// it, whether the response then verifies or not, so a response can never be replayed. Nothing here is
// secret (challenges and salts are public), but nothing leaves main either except inside the options.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../src-shared/errors.ts';
import type { ConnectedLocation } from '../backup/destination/open-destination.ts';

export const CEREMONY_TTL_MS = 5 * 60 * 1000;
/** Hard cap: a renderer that starts ceremonies in a loop cannot grow main's memory. */
const MAX_PENDING = 64;

/** What an unlock ceremony asked each credential to evaluate. */
export interface IssuedSalt {
  readonly slotId: string;
  /** The slot's current prfSalt (PRF `first`). */
  readonly first: string;
  /** A fresh salt for rotation (PRF `second`), when this ceremony may rotate. */
  readonly second?: string;
}

export interface EnrollmentCeremony {
  readonly purpose: 'enroll';
  readonly location: ConnectedLocation;
  readonly repositoryId: string;
  readonly challenge: string;
  readonly followUpChallenge: string;
  readonly label: string;
  readonly prfSalt: string;
}

export interface UnlockCeremony {
  readonly purpose: 'unlock';
  readonly location: ConnectedLocation;
  readonly repositoryId: string;
  readonly challenge: string;
  /** By credential id (base64url). */
  readonly salts: ReadonlyMap<string, IssuedSalt>;
}

export type Ceremony = EnrollmentCeremony | UnlockCeremony;

interface Pending {
  readonly ceremony: Ceremony;
  readonly expires: number;
}

export class PasskeyCeremonies {
  readonly #pending = new Map<string, Pending>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { readonly ttlMs?: number; readonly now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? CEREMONY_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Remembers `ceremony` and returns its id (24 random bytes, base64url). */
  issue(ceremony: Ceremony): string {
    this.#sweep();
    if (this.#pending.size >= MAX_PENDING) {
      const oldest = this.#pending.keys().next();
      if (oldest.done !== true) this.#pending.delete(oldest.value);
    }
    const id = randomBytes(24).toString('base64url');
    this.#pending.set(id, { ceremony, expires: this.#now() + this.#ttlMs });
    return id;
  }

  /** Removes and returns the ceremony: PASSKEY_CEREMONY_EXPIRED when unknown, used, expired or of another purpose. */
  take<P extends Ceremony['purpose']>(id: string, purpose: P): Extract<Ceremony, { purpose: P }> {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (pending === undefined) throw new AppError('PASSKEY_CEREMONY_EXPIRED', undefined, { reason: 'unknown' });
    if (pending.expires <= this.#now()) throw new AppError('PASSKEY_CEREMONY_EXPIRED', undefined, { reason: 'expired' });
    if (pending.ceremony.purpose !== purpose) throw new AppError('PASSKEY_CEREMONY_EXPIRED', undefined, { reason: 'purpose' });
    return pending.ceremony as Extract<Ceremony, { purpose: P }>;
  }

  /** Drops a ceremony the renderer gave up on; false when it was not pending. */
  discard(id: string): boolean {
    return this.#pending.delete(id);
  }

  get size(): number {
    this.#sweep();
    return this.#pending.size;
  }

  clear(): void {
    this.#pending.clear();
  }

  #sweep(): void {
    const now = this.#now();
    for (const [id, pending] of this.#pending) if (pending.expires <= now) this.#pending.delete(id);
  }
}

/** 32 fresh random bytes, base64url: a challenge or a PRF salt. */
export function fresh32(): string {
  return randomBytes(32).toString('base64url');
}
