// Runs imports: a file input and POST /upload in the browser, the native picker in Electron. Progress
// comes from `progress` events under our operation id, which is also what cancel sends.
import { useQuery } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { ImportResult } from '../../../src-shared/contract.ts';
import { ApiError, toApiError, unwrap } from '../api/api-error.ts';
import { useTransport } from '../api/api-context.tsx';
import { newOperationId } from '../api/operation-id.ts';
import { appInfoQuery } from '../api/queries.ts';
import { uploadFile } from '../api/upload.ts';
import { isBusy, type ImportState } from './import-state.ts';

export interface ImportController {
  readonly state: ImportState;
  /** Opens the file picker (browser) or the native dialog (desktop). */
  readonly choose: () => void;
  readonly cancel: () => void;
  readonly dismiss: () => void;
}

const ImportContext = createContext<ImportController | null>(null);

export function useImport(): ImportController {
  const controller = useContext(ImportContext);
  if (controller === null) throw new Error('useImport needs an ImportProvider');
  return controller;
}

/** Finished states clear themselves; failures stay until dismissed, so nobody misses them. */
const autoDismissMs = 8000;

interface ImportProviderProps {
  readonly onImported: (result: ImportResult) => void;
  readonly children: ReactNode;
}

export function ImportProvider({ onImported, children }: ImportProviderProps) {
  const transport = useTransport();
  const { api } = transport;
  const appInfo = useQuery(appInfoQuery(api));
  const canPickFiles = appInfo.data?.canPickFiles ?? transport.kind === 'electron';
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const uploadAbort = useRef<AbortController | null>(null);
  const operation = useRef<string | null>(null);
  const busy = isBusy(state);

  useEffect(
    () =>
      api.on('progress', (progress) =>
        setState((current) =>
          (current.step === 'importing' || current.step === 'picking') && current.operationId === progress.operationId
            ? {
                step: 'importing',
                fileName: current.step === 'importing' ? current.fileName : null,
                operationId: current.operationId,
                progress,
              }
            : current,
        ),
      ),
    [api],
  );

  useEffect(() => {
    if (state.step !== 'done' && state.step !== 'cancelled') return;
    const timer = setTimeout(() => setState({ step: 'idle' }), autoDismissMs);
    return () => clearTimeout(timer);
  }, [state.step]);

  const settle = useCallback(
    (outcome: { result: ImportResult | null } | { error: unknown }) => {
      uploadAbort.current = null;
      operation.current = null;
      if ('result' in outcome) {
        if (outcome.result === null) setState({ step: 'idle' });
        else {
          setState({ step: 'done', result: outcome.result });
          onImported(outcome.result);
        }
        return;
      }
      const error = toApiError(outcome.error);
      setState(error.code === 'OPERATION_CANCELLED' ? { step: 'cancelled' } : { step: 'failed', error });
    },
    [onImported],
  );

  const importUpload = useCallback(
    async (file: File) => {
      const abort = new AbortController();
      uploadAbort.current = abort;
      setState({ step: 'uploading', fileName: file.name, bytesDone: 0, bytesTotal: file.size });
      try {
        const { uploadId } = await uploadFile(file, {
          signal: abort.signal,
          onProgress: (bytesDone, bytesTotal) =>
            setState((current) => (current.step === 'uploading' ? { ...current, bytesDone, bytesTotal } : current)),
        });
        if (abort.signal.aborted) throw new ApiError('OPERATION_CANCELLED', 'The import was cancelled.');
        uploadAbort.current = null;
        const operationId = newOperationId();
        operation.current = operationId;
        setState({ step: 'importing', fileName: file.name, operationId, progress: null });
        settle({ result: unwrap(await api.importChatExport({ source: { kind: 'upload', uploadId }, operationId })) });
      } catch (error) {
        settle({ error });
      }
    },
    [api, settle],
  );

  const importFromDialog = useCallback(async () => {
    const operationId = newOperationId();
    operation.current = operationId;
    setState({ step: 'picking', operationId });
    try {
      settle({ result: unwrap(await api.importChatExport({ source: { kind: 'dialog' }, operationId })) });
    } catch (error) {
      settle({ error });
    }
  }, [api, settle]);

  const choose = useCallback(() => {
    if (busy) return;
    if (canPickFiles) void importFromDialog();
    else inputRef.current?.click();
  }, [busy, canPickFiles, importFromDialog]);

  const cancel = useCallback(() => {
    if (uploadAbort.current !== null) {
      uploadAbort.current.abort();
      return;
    }
    const operationId = operation.current;
    if (operationId === null) return;
    setState({ step: 'cancelling' });
    // Main registers the operation before it does anything else, so one request always reaches it.
    void api.cancelOperation({ operationId });
  }, [api]);

  const dismiss = useCallback(() => setState((current) => (isBusy(current) ? current : { step: 'idle' })), []);

  const onFileChosen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so that choosing the same file again still fires a change.
    event.target.value = '';
    if (file !== undefined && !busy) void importUpload(file);
  };

  const controller = useMemo(() => ({ state, choose, cancel, dismiss }), [state, choose, cancel, dismiss]);

  return (
    <ImportContext value={controller}>
      {children}
      {!canPickFiles && (
        <input ref={inputRef} type="file" accept=".txt,.zip" hidden aria-label="Chat export file (.txt or .zip)" onChange={onFileChosen} />
      )}
    </ImportContext>
  );
}
