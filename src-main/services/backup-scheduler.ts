// Runs backups when they are due, and at start-up when one was missed. It never runs beside a
// restore or another backup (the activity gate says), retries failures with backoff, and keeps
// the failure count that makes the app show a persistent notice.
import { AppError } from '../../src-shared/errors.ts';
import { createLogger } from '../log.ts';
import { nextBackup, type ScheduleState } from '../backup/schedule.ts';

const log = createLogger('backup.scheduler');
/** A busy gate or a long wait is looked at again this often (timers this long are not reliable across sleep). */
const RECHECK_MS = 15 * 60 * 1000;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SchedulerDeps {
  readonly clock: Clock;
  readonly state: () => ScheduleState;
  /** Runs one backup (and retention); records success or failure in the state itself. */
  readonly backUp: () => Promise<void>;
  /** A restore or another backup is running. */
  readonly busy: () => boolean;
}

export class BackupScheduler {
  readonly #deps: SchedulerDeps;
  #timer: unknown = null;
  #running = false;
  #stopped = false;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
  }

  /** At start-up: a backup missed while the app was closed runs now. */
  start(): void {
    this.#stopped = false;
    this.#check();
  }

  /** After a settings change or a manual backup: decide again. */
  reschedule(): void {
    if (!this.#stopped) this.#check();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  get running(): boolean {
    return this.#running;
  }

  #check(): void {
    if (this.#timer !== null) this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#stopped || this.#running) return;
    const now = this.#deps.clock.now();
    const decision = nextBackup(this.#deps.state(), now);
    if (decision.kind === 'off') return;
    if (decision.kind === 'wait') return this.#wake(Math.min(decision.until - now, RECHECK_MS));
    if (this.#deps.busy()) return this.#wake(RECHECK_MS);
    void this.#run();
  }

  #wake(ms: number): void {
    this.#timer = this.#deps.clock.setTimeout(() => this.#check(), Math.max(1000, ms));
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      await this.#deps.backUp();
    } catch (error) {
      log.warn('scheduled backup failed', { code: error instanceof AppError ? error.code : 'INTERNAL_ERROR' });
    } finally {
      this.#running = false;
      this.#check();
    }
  }
}
