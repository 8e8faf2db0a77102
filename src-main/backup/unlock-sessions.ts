// Repositories unlocked for a restore on a new computer, between "unlock" (the person proves they
// hold the key, and sees the snapshots) and "restore" (they picked one). Main keeps BK in secure
// memory for a few minutes under a random id; the renderer never sees it. Idle sessions close
// themselves, which zeroes BK.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../src-shared/errors.ts';
import type { ConnectedLocation } from './destination/open-destination.ts';
import type { UnlockedRepository } from './repository/repository.ts';

const IDLE_MS = 10 * 60 * 1000;

interface Session {
  readonly location: ConnectedLocation;
  readonly repository: UnlockedRepository;
  readonly timer: NodeJS.Timeout;
}

export class UnlockSessions {
  readonly #sessions = new Map<string, Session>();
  readonly #idleMs: number;

  constructor(idleMs = IDLE_MS) {
    this.#idleMs = idleMs;
  }

  /** Takes ownership of `repository` (closed when the session ends). */
  open(location: ConnectedLocation, repository: UnlockedRepository): string {
    const id = randomBytes(18).toString('base64url');
    const timer = setTimeout(() => this.close(id), this.#idleMs);
    timer.unref();
    this.#sessions.set(id, { location, repository, timer });
    return id;
  }

  /** The session's repository; BACKUP_SESSION_EXPIRED once it timed out, was used up or never existed. */
  get(id: string): { readonly location: ConnectedLocation; readonly repository: UnlockedRepository } {
    const session = this.#sessions.get(id);
    if (session === undefined || session.repository.closed) throw new AppError('BACKUP_SESSION_EXPIRED');
    return session;
  }

  close(id: string): void {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    clearTimeout(session.timer);
    session.repository.close();
    this.#sessions.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.#sessions.keys()]) this.close(id);
  }
}
