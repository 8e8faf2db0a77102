// A restore under way or finished: progress (messages first, then media), and the way to the chats
// as soon as the messages are in.
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { formatBytes, plural } from '../common/format.ts';
import { OperationProgress } from '../common/OperationProgress.tsx';
import { useRestore } from './restore-context.tsx';

export function RestoreStatus({ onOpenChats, onStartOver }: { readonly onOpenChats: () => void; readonly onStartOver: () => void }) {
  const { operation, messagesIn } = useRestore();
  const { state } = operation;
  const startOver = () => {
    operation.reset();
    onStartOver();
  };

  return (
    <section className="card" aria-labelledby="restore-status-title">
      <h2 id="restore-status-title" className="card__title">
        {titleOf(state.step, messagesIn)}
      </h2>
      {(state.step === 'running' || state.step === 'cancelling') && (
        <>
          <OperationProgress
            label="Restore progress"
            progress={state.progress}
            cancelling={state.step === 'cancelling'}
            cancelLabel="Cancel restore"
            onCancel={operation.cancel}
          />
          {messagesIn && (
            <p className="success" role="status">
              Your messages are in. You can read your chats now; photos and other media are still being restored.
            </p>
          )}
        </>
      )}
      {state.step === 'done' && (
        <p className="success" role="status">
          Restored {plural(state.result.chats, 'chat', 'chats')}, {plural(state.result.messages, 'message', 'messages')} and{' '}
          {plural(state.result.mediaFiles, 'media file', 'media files')} ({formatBytes(state.result.bytes)}).
        </p>
      )}
      {state.step === 'cancelled' && <p role="status">Restore cancelled. The chats on this computer were not changed.</p>}
      {state.step === 'failed' && messagesIn && (
        <p role="note">Your messages are restored and you can read them. Some photos and other media could not be restored:</p>
      )}
      {state.step === 'failed' && <ErrorAlert error={state.error} />}
      <div className="row">
        {(messagesIn || state.step === 'done') && (
          <button type="button" className="button button--primary" onClick={onOpenChats}>
            Open chats
          </button>
        )}
        {(state.step === 'failed' || state.step === 'cancelled' || state.step === 'done') && (
          <button type="button" className="button button--secondary" onClick={startOver}>
            {state.step === 'done' ? 'Restore another backup' : 'Start again'}
          </button>
        )}
      </div>
    </section>
  );
}

function titleOf(step: string, messagesIn: boolean): string {
  if (step === 'done') return 'Your chats are back';
  if (step === 'failed') return messagesIn ? 'Media could not be restored' : 'Restore failed';
  if (step === 'cancelled') return 'Restore cancelled';
  return 'Restoring your chats';
}
