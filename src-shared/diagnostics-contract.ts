// The support calls of the IPC contract (merged into `contract` in contract.ts): the journal's
// timeline for Settings → Help → Diagnostics, and the redacted bundle the person reviews, then saves.
import { z } from 'zod';

const outcome = z.enum(['ok', 'failed', 'cancelled', 'running', 'interrupted']);

export const TimelineOperation = z.strictObject({
  id: z.string(),
  kind: z.enum(['backup', 'restore', 'verify', 'prune', 'ceremony']),
  started: z.string(),
  outcome,
  code: z.string().nullable(),
  env: z.record(z.string(), z.unknown()).nullable(),
  steps: z.array(
    z.strictObject({
      step: z.string(),
      started: z.string(),
      ms: z.number().nonnegative().nullable(),
      outcome,
      code: z.string().nullable(),
      bytes: z.number().nonnegative().nullable(),
    }),
  ),
});

export const diagnosticsCalls = {
  getDiagnosticsTimeline: { input: z.strictObject({}), output: z.array(TimelineOperation) },
  /** The whole bundle as text, shown to the person in full before they save it. */
  getDiagnostics: { input: z.strictObject({}), output: z.strictObject({ fileName: z.string(), text: z.string() }) },
} as const;
