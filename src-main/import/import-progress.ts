// Progress in bytes per phase, at most every MiB, and the cancellation check that rides along with it.
import { AppError } from '../../src-shared/errors.ts';

export interface ImportProgressReport {
  readonly phase: 'reading' | 'media' | 'writing';
  readonly bytesDone: number;
  readonly bytesTotal: number | null;
}

export interface ImportContext {
  readonly signal: AbortSignal;
  readonly onProgress: (progress: ImportProgressReport) => void;
}

const reportEvery = 1024 * 1024;

export class ImportProgress {
  private readonly context: ImportContext;
  private phase: ImportProgressReport['phase'] = 'reading';
  private total: number | null = null;
  private done = 0;
  private reported = 0;

  constructor(context: ImportContext) {
    this.context = context;
  }

  start(phase: ImportProgressReport['phase'], bytesTotal: number | null): void {
    this.throwIfCancelled();
    this.phase = phase;
    this.total = bytesTotal;
    this.done = 0;
    this.report();
  }

  /** Counts bytes; also the place where long loops notice a cancellation. */
  advance(bytes: number): void {
    this.throwIfCancelled();
    this.done += bytes;
    if (this.done - this.reported >= reportEvery) this.report();
  }

  finish(): void {
    if (this.done !== this.reported) this.report();
  }

  throwIfCancelled(): void {
    if (this.context.signal.aborted) throw new AppError('OPERATION_CANCELLED');
  }

  private report(): void {
    this.reported = this.done;
    this.context.onProgress({ phase: this.phase, bytesDone: this.done, bytesTotal: this.total });
  }
}
