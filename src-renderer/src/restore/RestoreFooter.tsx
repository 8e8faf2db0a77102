// While a restore brings the media in, the chats screen shows how far it has got.
import { OperationProgress } from '../common/OperationProgress.tsx';
import { useRestore } from './restore-context.tsx';

export function RestoreFooter() {
  const { operation } = useRestore();
  const { state } = operation;
  if (state.step !== 'running' && state.step !== 'cancelling') return null;
  return (
    <OperationProgress
      label="Restore progress"
      title="Restoring photos and media"
      progress={state.progress}
      cancelling={state.step === 'cancelling'}
    />
  );
}
