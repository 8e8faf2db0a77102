// Reads the journal back as a timeline of operations, newest first. An operation without an end
// whose process is gone was interrupted (a crash, a kill, a power cut), and so was its open step.
import { readFileSync } from 'node:fs';
import { isProcessAlive } from '../backup/repository/lock-scan.ts';
import { JournalRecord, type Environment, type OperationKind, type StepName } from './journal-record.ts';
import { journalFiles } from './journal.ts';

export type TimelineOutcome = 'ok' | 'failed' | 'cancelled' | 'running' | 'interrupted';

export interface TimelineStep {
  readonly step: StepName;
  readonly started: string;
  readonly ms: number | null;
  readonly outcome: TimelineOutcome;
  readonly code: string | null;
  readonly bytes: number | null;
}

export interface TimelineOperation {
  readonly id: string;
  readonly kind: OperationKind;
  readonly started: string;
  readonly outcome: TimelineOutcome;
  readonly code: string | null;
  readonly env: Environment | null;
  readonly steps: TimelineStep[];
}

function lines(file: string): JournalRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const records: JournalRecord[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const parsed = JournalRecord.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
    } catch {
      // A line cut off by a crash: skip it.
    }
  }
  return records;
}

export function readTimeline(
  profileDir: string,
  options: { readonly limit?: number; readonly isAlive?: (pid: number) => boolean } = {},
): TimelineOperation[] {
  const files = journalFiles(profileDir);
  const isAlive = options.isAlive ?? ((pid: number) => pid === process.pid || isProcessAlive(pid));
  const operations = new Map<string, { op: Mutable<TimelineOperation>; pid: number; ended: boolean }>();
  for (const record of [...lines(files.previous), ...lines(files.current)]) {
    if (record.t === 'op') {
      operations.set(record.op, {
        op: { id: record.op, kind: record.kind, started: record.at, outcome: 'running', code: null, env: record.env ?? null, steps: [] },
        pid: record.pid,
        ended: false,
      });
      continue;
    }
    const entry = operations.get(record.op);
    if (entry === undefined) continue; // its start rotated out
    if (record.t === 'step')
      entry.op.steps.push({ step: record.step, started: record.at, ms: null, outcome: 'running', code: null, bytes: null });
    else if (record.t === 'step-end') {
      const step = entry.op.steps.findLast((candidate) => candidate.step === record.step && candidate.ms === null);
      if (step !== undefined)
        Object.assign(step, { ms: record.ms, outcome: record.outcome, code: record.code ?? null, bytes: record.bytes ?? null });
    } else {
      const env = record.env === undefined ? entry.op.env : ({ ...entry.op.env, ...record.env } as Environment);
      Object.assign(entry.op, { outcome: record.outcome, code: record.code ?? null, env });
      entry.ended = true;
    }
  }
  const timeline = [...operations.values()].map(({ op, pid, ended }) => {
    if (ended || isAlive(pid)) return op;
    const steps = op.steps.map((step) => (step.outcome === 'running' ? { ...step, outcome: 'interrupted' as const } : step));
    return { ...op, outcome: 'interrupted' as const, steps };
  });
  return timeline.reverse().slice(0, options.limit ?? 50);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
