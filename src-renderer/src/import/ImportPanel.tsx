// Where an import shows what it is doing: progress with cancel, the outcome, or the error.
import type { ImportResult } from '../../../src-shared/contract.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { formatBytes, formatEta, plural } from '../common/format.ts';
import { CheckIcon, CloseIcon } from '../common/icons.tsx';
import { describePhase, fractionDone, isBusy, type ImportState } from './import-state.ts';
import { useImport } from './import-context.tsx';
import { ProgressBar } from '../common/ProgressBar.tsx';

export function ImportPanel() {
  const { state, cancel, dismiss } = useImport();
  if (state.step === 'idle') return null;
  if (state.step === 'failed') return <ErrorAlert title="Import failed" error={state.error} onDismiss={dismiss} />;
  if (state.step === 'done') return <ImportDone result={state.result} onDismiss={dismiss} />;
  if (state.step === 'cancelled') {
    return (
      <div className="import-card" role="status">
        <p className="import-card__title">Import cancelled. Nothing was changed.</p>
      </div>
    );
  }
  return <ImportProgress state={state} onCancel={cancel} />;
}

function ImportProgress({ state, onCancel }: { readonly state: ImportState; readonly onCancel: () => void }) {
  const fraction = fractionDone(state);
  const fileName = state.step === 'uploading' || state.step === 'importing' ? state.fileName : null;
  return (
    <section className="import-card" aria-label="Import progress" aria-busy={isBusy(state)}>
      <div className="import-card__header">
        <div className="import-card__text">
          <p className="import-card__title">{fileName ?? 'Importing chat'}</p>
          <p className="import-card__detail" aria-live="polite">
            {describePhase(state)}
            {fraction !== null && ` · ${Math.round(fraction * 100)}%`}
            {detailOf(state)}
          </p>
        </div>
        {state.step !== 'cancelling' && (
          <button type="button" className="button button--small button--ghost" onClick={onCancel}>
            Cancel import
          </button>
        )}
      </div>
      <ProgressBar fraction={fraction} label="Import progress" />
    </section>
  );
}

function detailOf(state: ImportState): string {
  if (state.step === 'uploading') return ` · ${formatBytes(state.bytesDone)} of ${formatBytes(state.bytesTotal)}`;
  if (state.step === 'importing' && state.progress?.etaSeconds != null) return ` · ${formatEta(state.progress.etaSeconds)}`;
  return '';
}

function ImportDone({ result, onDismiss }: { readonly result: ImportResult; readonly onDismiss: () => void }) {
  const parts = [plural(result.messagesAdded, 'new message', 'new messages')];
  if (result.messagesSkipped > 0) parts.push(`${plural(result.messagesSkipped, 'message', 'messages')} already here`);
  if (result.attachmentsStored > 0) parts.push(plural(result.attachmentsStored, 'attachment', 'attachments'));
  return (
    <div className="import-card import-card--done" role="status">
      <CheckIcon />
      <div className="import-card__text">
        <p className="import-card__title">Imported “{result.chatTitle}”</p>
        <p className="import-card__detail">{parts.join(' · ')}</p>
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss import summary" onClick={onDismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}
