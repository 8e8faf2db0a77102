// One long main-process operation (backup, restore): its progress events under our operation id,
// cancel through cancelOperation, and the outcome. Nothing here is persisted.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Progress } from '../../../src-shared/contract.ts';
import type { Result } from '../../../src-shared/errors.ts';
import { toApiError, unwrap, type ApiError } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { newOperationId } from '../api/operation-id.ts';

export type OperationState<T> =
  | { readonly step: 'idle' }
  | { readonly step: 'running' | 'cancelling'; readonly operationId: string; readonly progress: Progress | null }
  | { readonly step: 'done'; readonly result: T }
  | { readonly step: 'cancelled' }
  | { readonly step: 'failed'; readonly error: ApiError };

export interface Operation<T> {
  readonly state: OperationState<T>;
  readonly busy: boolean;
  readonly start: (run: (operationId: string) => Promise<Result<T>>) => Promise<T | null>;
  readonly cancel: () => void;
  readonly reset: () => void;
}

export function useOperation<T>(): Operation<T> {
  const api = useApi();
  const [state, setState] = useState<OperationState<T>>({ step: 'idle' });
  const current = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('progress', (progress) =>
        setState((previous) =>
          (previous.step === 'running' || previous.step === 'cancelling') && previous.operationId === progress.operationId
            ? { ...previous, progress }
            : previous,
        ),
      ),
    [api],
  );

  const start = useCallback(async (run: (operationId: string) => Promise<Result<T>>): Promise<T | null> => {
    if (current.current !== null) return null;
    const operationId = newOperationId();
    current.current = operationId;
    setState({ step: 'running', operationId, progress: null });
    try {
      const result = unwrap(await run(operationId));
      setState({ step: 'done', result });
      return result;
    } catch (error) {
      const apiError = toApiError(error);
      setState(apiError.code === 'OPERATION_CANCELLED' ? { step: 'cancelled' } : { step: 'failed', error: apiError });
      return null;
    } finally {
      current.current = null;
    }
  }, []);

  const cancel = useCallback(() => {
    const operationId = current.current;
    if (operationId === null) return;
    setState((previous) => (previous.step === 'running' ? { ...previous, step: 'cancelling' } : previous));
    void api.cancelOperation({ operationId });
  }, [api]);

  const reset = useCallback(() => setState((previous) => (current.current === null ? { step: 'idle' } : previous)), []);

  const busy = state.step === 'running' || state.step === 'cancelling';
  return useMemo(() => ({ state, busy, start, cancel, reset }), [state, busy, start, cancel, reset]);
}
