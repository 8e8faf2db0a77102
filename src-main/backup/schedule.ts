// When the next backup is due: a pure function of the schedule, the last success, the last failure
// and the clock, so the scheduler's every decision can be tested with an injected clock.
export type Frequency = 'daily' | 'weekly' | 'monthly' | 'off';

export interface ScheduleState {
  readonly frequency: Frequency;
  /** When the last backup finished (ISO), or null if there never was one. */
  readonly lastSuccess: string | null;
  /** Failures since the last success: how many, and when the latest was. */
  readonly failures: { readonly count: number; readonly last: string } | null;
}

export type Decision =
  { readonly kind: 'off' } | { readonly kind: 'run' } | { readonly kind: 'wait'; readonly until: number; readonly retrying: boolean };

const DAY = 24 * 60 * 60 * 1000;
const PERIOD: Readonly<Record<Exclude<Frequency, 'off'>, number>> = { daily: DAY, weekly: 7 * DAY, monthly: 30 * DAY };

/** The first retry after 5 minutes, then doubling, at most every 6 hours. */
export function retryDelay(failures: number): number {
  return Math.min(5 * 60 * 1000 * 2 ** Math.max(0, failures - 1), 6 * 60 * 60 * 1000);
}

/** After this many failures in a row the person sees a notice that stays until a backup succeeds. */
export const NOTICE_AFTER_FAILURES = 3;

export function nextBackup(state: ScheduleState, now: number): Decision {
  if (state.frequency === 'off') return { kind: 'off' };
  const due = state.lastSuccess === null ? now : Date.parse(state.lastSuccess) + PERIOD[state.frequency];
  const retryAt = state.failures === null ? 0 : Date.parse(state.failures.last) + retryDelay(state.failures.count);
  const at = Math.max(due, retryAt);
  return at <= now ? { kind: 'run' } : { kind: 'wait', until: at, retrying: state.failures !== null && retryAt >= due };
}
