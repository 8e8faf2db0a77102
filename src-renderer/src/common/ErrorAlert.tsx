// Shows an error the way support can act on it: what happened, what to do, and the stable code.
import { errorHint, toApiError } from '../api/api-error.ts';
import { AlertIcon, CloseIcon } from './icons.tsx';

interface ErrorAlertProps {
  readonly error: unknown;
  readonly title?: string;
  readonly onDismiss?: () => void;
  readonly onRetry?: () => void;
  /** A standing fact (a failure recorded earlier) rather than news: shown, not announced. */
  readonly quiet?: boolean;
}

export function ErrorAlert({ error, title, onDismiss, onRetry, quiet = false }: ErrorAlertProps) {
  const { code, message } = toApiError(error);
  return (
    <div className="error-alert" role={quiet ? undefined : 'alert'}>
      <AlertIcon />
      <div className="error-alert__body">
        {title !== undefined && <p className="error-alert__title">{title}</p>}
        <p className="error-alert__message">
          {message} <code className="error-alert__code">({code})</code>
        </p>
        <p className="error-alert__hint">{errorHint(code)}</p>
        {onRetry !== undefined && (
          <button type="button" className="button button--small" onClick={onRetry}>
            Try again
          </button>
        )}
      </div>
      {onDismiss !== undefined && (
        <button type="button" className="icon-button error-alert__dismiss" aria-label="Dismiss error" onClick={onDismiss}>
          <CloseIcon />
        </button>
      )}
    </div>
  );
}
