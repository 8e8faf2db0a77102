// The "Backup folder" field: an absolute path typed or pasted, or, in the desktop app, chosen with
// the system's folder picker (the browser cannot pick folders).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { appInfoQuery } from '../api/queries.ts';
import { unwrap } from '../api/api-error.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { TextField } from '../common/TextField.tsx';

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
  const api = useApi();
  const info = useQuery(appInfoQuery(api));
  const [pickError, setPickError] = useState<unknown>(null);
  const choose = async () => {
    setPickError(null);
    try {
      const { path } = unwrap(await api.pickBackupFolder({}));
      if (path !== null) onChange(path);
    } catch (error) {
      setPickError(error);
    }
  };
  const trimmed = value.trim();
  const invalid = trimmed !== '' && !isAbsolutePath(trimmed);
  return (
    <TextField
      label="Backup folder"
      value={value}
      onChange={onChange}
      placeholder="/Volumes/Backup/Companion"
      disabled={disabled}
      hint={hint ?? 'A folder on an external drive or a synced cloud folder. Your backups are encrypted before they are written.'}
      error={invalid ? 'Enter the full path of the folder, starting with / (or a drive letter such as D:\\ on Windows).' : null}
    >
      {info.data?.canPickFiles === true && (
        <button type="button" className="button button--small" onClick={() => void choose()} disabled={disabled}>
          Choose folder…
        </button>
      )}
      {pickError !== null && <ErrorAlert error={pickError} onDismiss={() => setPickError(null)} />}
    </TextField>
  );
}
