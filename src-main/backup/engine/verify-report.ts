// What `verify` found. Verification never stops at the first problem: support needs the whole list,
// each with the object it concerns and the same code a restore would have failed with.
import { AppError } from '../../../src-shared/errors.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';

export interface VerifyProblem {
  /** Repository-relative name, e.g. `data/ab/ab12…` or `snapshots/…`. Never content. */
  readonly object: string;
  readonly code: ErrorCode;
  readonly reason: string | null;
}

export interface VerifyReport {
  readonly mode: 'structure' | 'full';
  readonly ok: boolean;
  readonly repositoryId: string;
  readonly checked: Record<string, number>;
  readonly problems: VerifyProblem[];
}

/** Turns a failed check into a problem; anything that is not an AppError is a bug and is rethrown. */
export function problemOf(error: unknown, object: string): VerifyProblem {
  if (!(error instanceof AppError)) throw error;
  const details = error.details ?? {};
  const reason = details['reason'] ?? details['field'] ?? details['check'] ?? details['problem'] ?? null;
  return { object, code: error.code, reason: reason === null ? null : String(reason) };
}

/** The error a CLI exits with for a report that found damage: the first problem's code. */
export function reportFailure(report: VerifyReport): AppError | null {
  const first = report.problems[0];
  if (first === undefined) return null;
  return new AppError(first.code, `Verify found ${report.problems.length} problem(s); the first is in ${first.object}.`, {
    problems: report.problems.length,
    object: first.object,
  });
}
