// One labelled text input with its hint; an invalid value turns the hint into the error text.
import { useId, type ReactNode } from 'react';

interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly hint?: string;
  /** Shown instead of the hint, and marks the input invalid. */
  readonly error?: string | null;
  readonly type?: 'text' | 'password' | 'url';
  readonly placeholder?: string;
  readonly disabled?: boolean;
  readonly autoComplete?: string;
  /** Controls that belong to the field (a picker button), between the input and the hint. */
  readonly children?: ReactNode;
}

export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  type = 'text',
  placeholder,
  disabled,
  autoComplete = 'off',
  children,
}: TextFieldProps) {
  const id = useId();
  const message = error ?? hint;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field__input"
        type={type}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete={autoComplete}
        disabled={disabled}
        aria-invalid={error != null}
        aria-describedby={message === undefined ? undefined : `${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      {children}
      {message !== undefined && (
        <p id={`${id}-hint`} className={`field__hint${error != null ? ' field__hint--error' : ''}`}>
          {message}
        </p>
      )}
    </div>
  );
}
