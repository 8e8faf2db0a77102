// A long operation's progress: phase, bytes, percent and time left, with a cancel button.
import type { Progress } from '../../../src-shared/contract.ts';
import { formatBytes, formatEta } from './format.ts';
import { ProgressBar } from './ProgressBar.tsx';

interface OperationProgressProps {
  /** Names the region and the progress bar, e.g. "Backup progress". */
  readonly label: string;
  /** A visible heading above the details, where the surroundings do not say what runs. */
  readonly title?: string;
  readonly progress: Progress | null;
  readonly cancelling: boolean;
  /** The cancel button's name, e.g. "Cancel backup"; omitted when the operation cannot be cancelled. */
  readonly cancelLabel?: string;
  readonly onCancel?: () => void;
}

export function OperationProgress({ label, title, progress, cancelling, cancelLabel, onCancel }: OperationProgressProps) {
  const total = progress?.bytesTotal ?? null;
  const fraction = progress !== null && total !== null && total > 0 ? Math.min(1, progress.bytesDone / total) : null;
  const parts = [cancelling ? 'Cancelling' : describePhase(progress?.phase)];
  if (progress !== null)
    parts.push(total === null ? formatBytes(progress.bytesDone) : `${formatBytes(progress.bytesDone)} of ${formatBytes(total)}`);
  if (fraction !== null) parts.push(`${Math.round(fraction * 100)}%`);
  if (progress?.etaSeconds != null && !cancelling) parts.push(formatEta(progress.etaSeconds));
  return (
    <section className="import-card" aria-label={label} aria-busy="true">
      <div className="import-card__header">
        <div className="import-card__text">
          {title !== undefined && <p className="import-card__title">{title}</p>}
          <p className="import-card__detail" aria-live="polite">
            {parts.join(' · ')}
          </p>
        </div>
        {onCancel !== undefined && !cancelling && (
          <button type="button" className="button button--small button--ghost" onClick={onCancel}>
            {cancelLabel ?? 'Cancel'}
          </button>
        )}
      </div>
      <ProgressBar fraction={fraction} label={label} />
    </section>
  );
}

/** Main's phase names are short identifiers; show them as words. */
export function describePhase(phase: string | undefined): string {
  if (phase === undefined || phase.length === 0) return 'Starting';
  const words = phase.replace(/[-_]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}
