// The "Backup folder" field: an absolute path typed or pasted (the browser cannot pick folders).
import { useId } from 'react';

/** The contract takes absolute paths only: POSIX, a drive letter, or a UNC share. */
export function isAbsolutePath(value: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/.test(value);
}

interface FolderFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly disabled?: boolean;
  readonly hint?: string;
}

export function FolderField({ value, onChange, disabled, hint }: FolderFieldProps) {
  const id = useId();
  const trimmed = value.trim();
  const invalid = trimmed !== '' && !isAbsolutePath(trimmed);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Backup folder
      </label>
      <input
        id={id}
        className="field__input"
        type="text"
        value={value}
        placeholder="/Volumes/Backup/Companion"
        spellCheck={false}
        autoComplete="off"
        disabled={disabled}
        aria-invalid={invalid}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-hint`} className={`field__hint${invalid ? ' field__hint--error' : ''}`}>
        {invalid
          ? 'Enter the full path of the folder, starting with / (or a drive letter such as D:\\ on Windows).'
          : (hint ?? 'A folder on an external drive or a synced cloud folder. Your backups are encrypted before they are written.')}
      </p>
    </div>
  );
}
