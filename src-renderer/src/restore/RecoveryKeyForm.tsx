// Typing the recovery key. The field is cleared after every attempt, so the key does not stay on screen.
import { useId, useState, type FormEvent } from 'react';

interface RecoveryKeyFormProps {
  readonly disabled: boolean;
  /** Resolves true when the key unlocked the backup. */
  readonly onSubmit: (recoveryKey: string) => Promise<boolean>;
  readonly onCancel: () => void;
}

export function RecoveryKeyForm({ disabled, onSubmit, onCancel }: RecoveryKeyFormProps) {
  const id = useId();
  const [value, setValue] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = value;
    setValue('');
    await onSubmit(typed);
  };

  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          Recovery key
        </label>
        <input
          id={id}
          className="field__input field__input--mono"
          type="text"
          value={value}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          disabled={disabled}
          placeholder="XXXX-XXXX-…"
          aria-describedby={`${id}-hint`}
          onChange={(event) => setValue(event.target.value)}
        />
        <p id={`${id}-hint`} className="field__hint">
          The key Companion showed when backups were set up. Dashes, spaces and letter case do not matter.
        </p>
      </div>
      <div className="row">
        <button type="submit" className="button button--primary" disabled={disabled || value.trim() === ''}>
          Unlock
        </button>
        <button type="button" className="button button--ghost" disabled={disabled} onClick={onCancel}>
          Back
        </button>
      </div>
    </form>
  );
}
