// The life of one import, as data: the panel renders it, the provider drives it.
import type { ImportResult, Progress } from '../../../src-shared/contract.ts';
import type { ApiError } from '../api/api-error.ts';

export type ImportState =
  | { readonly step: 'idle' }
  /** Electron: the native picker is open, or main is reading the chosen file. */
  | { readonly step: 'picking'; readonly operationId: string }
  | { readonly step: 'uploading'; readonly fileName: string; readonly bytesDone: number; readonly bytesTotal: number }
  | { readonly step: 'importing'; readonly fileName: string | null; readonly operationId: string; readonly progress: Progress | null }
  | { readonly step: 'cancelling' }
  | { readonly step: 'done'; readonly result: ImportResult }
  | { readonly step: 'cancelled' }
  | { readonly step: 'failed'; readonly error: ApiError };

export function isBusy(state: ImportState): boolean {
  return state.step === 'picking' || state.step === 'uploading' || state.step === 'importing' || state.step === 'cancelling';
}

/** 0..1, or null while the total is unknown. */
export function fractionDone(state: ImportState): number | null {
  if (state.step === 'uploading') return state.bytesTotal > 0 ? state.bytesDone / state.bytesTotal : null;
  if (state.step === 'importing' && state.progress !== null && state.progress.bytesTotal !== null && state.progress.bytesTotal > 0) {
    return Math.min(1, state.progress.bytesDone / state.progress.bytesTotal);
  }
  return null;
}

/** Main's phase names are short identifiers; show them as words. */
export function describePhase(state: ImportState): string {
  switch (state.step) {
    case 'picking':
      return 'Choose a chat export…';
    case 'uploading':
      return 'Sending file';
    case 'importing': {
      const phase = state.progress?.phase;
      if (phase === undefined || phase.length === 0) return 'Starting import';
      const words = phase.replace(/[-_]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
      return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
    }
    case 'cancelling':
      return 'Cancelling';
    default:
      return '';
  }
}
