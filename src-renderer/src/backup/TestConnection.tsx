// "Test connection": main reaches the destination, lists it and writes and deletes a probe, without
// creating anything. The result is announced; the parent remounts this (a new key) when the
// destination changes, so a result never describes fields that were edited since.
import { useState } from 'react';
import type { z } from 'zod';
import type { DestinationCheck } from '../../../src-shared/backup-contract.ts';
import type { BackupLocation } from '../../../src-shared/common-schemas.ts';
import { toApiError, unwrap, type ApiError } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { ErrorAlert } from '../common/ErrorAlert.tsx';

type TestState =
  | { readonly step: 'idle' | 'testing' }
  | { readonly step: 'done'; readonly check: z.infer<typeof DestinationCheck> }
  | { readonly step: 'failed'; readonly error: ApiError };

const contentsText: Readonly<Record<z.infer<typeof DestinationCheck>['contents'], string>> = {
  repository: 'It already holds a Companion backup. To use that backup here, choose Restore from backup instead.',
  empty: 'It is empty, ready for a new backup.',
  other: 'It holds other files. Choose an empty folder or another key prefix for a new backup.',
};

export function TestConnection({ location, disabled }: { readonly location: BackupLocation | null; readonly disabled?: boolean }) {
  const api = useApi();
  const [state, setState] = useState<TestState>({ step: 'idle' });

  const test = async () => {
    if (location === null) return;
    setState({ step: 'testing' });
    try {
      setState({ step: 'done', check: unwrap(await api.testBackupDestination({ location })) });
    } catch (caught) {
      setState({ step: 'failed', error: toApiError(caught) });
    }
  };

  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void test()}
          disabled={disabled === true || location === null || state.step === 'testing'}
        >
          {state.step === 'testing' ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      <div role="status" aria-label="Connection test">
        {state.step === 'done' && (
          <>
            <p className={state.check.contents === 'other' ? 'warning' : 'success'}>Connected to {state.check.description}.</p>
            <p>{contentsText[state.check.contents]}</p>
          </>
        )}
      </div>
      {state.step === 'failed' && <ErrorAlert title="The connection test failed" error={state.error} />}
    </div>
  );
}
