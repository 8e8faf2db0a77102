// The operations journal: every backup, restore, verify, prune and passkey ceremony records its
// steps (name, start, duration, bytes, outcome, code) for support. Each record is appended and
// fsync'ed as it happens, so a step that was running when the process died is still there, and the
// reader shows it as interrupted. Two files of at most 256 KiB each keep it bounded for ever.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors.ts';
import { createLogger } from '../log.ts';
import { JournalRecord, type Environment, type OperationKind, type Outcome, type StepName } from './journal-record.ts';

const log = createLogger('diagnostics.journal');
export const JOURNAL_FILE_BYTES = 256 * 1024;

export function journalFiles(profileDir: string): { readonly current: string; readonly previous: string } {
  const dir = path.join(profileDir, 'journal');
  return { current: path.join(dir, 'journal.jsonl'), previous: path.join(dir, 'journal.1.jsonl') };
}

function outcomeOf(error: unknown): { outcome: Outcome; code: string } {
  const code = error instanceof AppError ? error.code : 'INTERNAL_ERROR';
  return { outcome: code === 'OPERATION_CANCELLED' ? 'cancelled' : 'failed', code };
}

export class Journal {
  readonly #files: ReturnType<typeof journalFiles>;

  constructor(profileDir: string) {
    this.#files = journalFiles(profileDir);
  }

  /** Runs `work` as one journaled operation; its result or error passes through unchanged. */
  async operation<T>(
    kind: OperationKind,
    work: (op: JournalOperation) => Promise<T>,
    env?: Environment,
    learned?: (result: T) => Partial<Environment>,
  ): Promise<T> {
    const op = new JournalOperation(this, randomBytes(8).toString('hex'));
    this.append({ t: 'op', op: op.id, kind, at: new Date().toISOString(), pid: process.pid, ...(env === undefined ? {} : { env }) });
    try {
      const result = await work(op);
      const more = learned?.(result);
      this.append({ t: 'op-end', op: op.id, at: new Date().toISOString(), outcome: 'ok', ...(more === undefined ? {} : { env: more }) });
      return result;
    } catch (error) {
      this.append({ t: 'op-end', op: op.id, at: new Date().toISOString(), ...outcomeOf(error) });
      throw error;
    }
  }

  /** An operation that failed somewhere the journal could not watch (a ceremony in the renderer). */
  recordFailure(kind: OperationKind, step: StepName, code: string, env?: Environment): void {
    const id = randomBytes(8).toString('hex');
    const at = new Date().toISOString();
    this.append({ t: 'op', op: id, kind, at, pid: process.pid, ...(env === undefined ? {} : { env }) });
    this.append({ t: 'step', op: id, step, at });
    this.append({ t: 'step-end', op: id, step, at, ms: 0, outcome: 'failed', code });
    this.append({ t: 'op-end', op: id, at, outcome: 'failed', code });
  }

  /** Never lets a journal problem (a full disk) break the operation it describes. */
  append(record: JournalRecord): void {
    try {
      const line = `${JSON.stringify(JournalRecord.parse(record))}\n`;
      mkdirSync(path.dirname(this.#files.current), { recursive: true, mode: 0o700 });
      if (this.#size() + line.length > JOURNAL_FILE_BYTES) renameSync(this.#files.current, this.#files.previous);
      const fd = openSync(this.#files.current, 'a', 0o600);
      try {
        writeSync(fd, line);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      log.warn('could not write the journal', { code: (error as { code?: unknown }).code });
    }
  }

  #size(): number {
    try {
      return statSync(this.#files.current).size;
    } catch {
      return 0;
    }
  }
}

export class JournalOperation {
  readonly #journal: Journal;
  readonly id: string;

  constructor(journal: Journal, id: string) {
    this.#journal = journal;
    this.id = id;
  }

  /** Runs one step; `bytes` (if given) is read when the step ends. */
  async step<T>(step: StepName, work: () => Promise<T>, bytes?: (result: T) => number): Promise<T> {
    const started = Date.now();
    this.#journal.append({ t: 'step', op: this.id, step, at: new Date(started).toISOString() });
    const end = { t: 'step-end', op: this.id, step, at: '', ms: 0 } as const;
    try {
      const result = await work();
      const size = bytes?.(result);
      this.#journal.append({
        ...end,
        at: new Date().toISOString(),
        ms: Date.now() - started,
        outcome: 'ok',
        ...(size === undefined ? {} : { bytes: size }),
      });
      return result;
    } catch (error) {
      this.#journal.append({ ...end, at: new Date().toISOString(), ms: Date.now() - started, ...outcomeOf(error) });
      throw error;
    }
  }
}
