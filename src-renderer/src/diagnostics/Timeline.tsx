// The journal as a person reads it: newest first, each operation with its outcome, and its steps
// with durations and codes underneath.
import type { z } from 'zod';
import type { TimelineOperation } from '../../../src-shared/diagnostics-contract.ts';
import { formatBytes, formatInstant } from '../common/format.ts';

type Operation = z.infer<typeof TimelineOperation>;

const kinds: Readonly<Record<Operation['kind'], string>> = {
  backup: 'Backup',
  restore: 'Restore',
  verify: 'Check',
  prune: 'Clean-up',
  ceremony: 'Passkey',
};

const outcomes: Readonly<Record<Operation['outcome'], string>> = {
  ok: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  running: 'Running',
  interrupted: 'Interrupted',
};

export function Timeline({ operations }: { readonly operations: readonly Operation[] }) {
  if (operations.length === 0) return <p className="muted">Nothing yet: backups, restores and passkey checks will show here.</p>;
  return (
    <ol className="timeline" aria-label="Recent activity">
      {operations.map((operation) => (
        <li key={operation.id} className={`timeline__item timeline__item--${operation.outcome}`}>
          <p className="timeline__head">
            <strong>{kinds[operation.kind]}</strong> · {outcomes[operation.outcome]}
            {operation.code !== null && (
              <>
                {' '}
                · <code>{operation.code}</code>
              </>
            )}{' '}
            <span className="muted">{formatInstant(operation.started)}</span>
          </p>
          <ol className="timeline__steps" aria-label={`Steps of ${kinds[operation.kind].toLowerCase()}`}>
            {operation.steps.map((step, index) => (
              <li key={`${step.step}-${index}`}>
                {step.step}: {outcomes[step.outcome].toLowerCase()}
                {step.ms !== null && ` in ${(step.ms / 1000).toFixed(1)} s`}
                {step.bytes !== null && `, ${formatBytes(step.bytes)}`}
                {step.code !== null && (
                  <>
                    {' '}
                    (<code>{step.code}</code>)
                  </>
                )}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}
