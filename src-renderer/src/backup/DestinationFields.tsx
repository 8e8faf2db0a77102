// Where backups go: a folder (an external drive, a synced cloud folder) or S3-compatible storage.
import { useId } from 'react';
import type { DestinationDraft } from './destination-draft.ts';
import { FolderField } from './FolderField.tsx';
import { S3Fields } from './S3Fields.tsx';

interface DestinationFieldsProps {
  readonly value: DestinationDraft;
  readonly onChange: (value: DestinationDraft) => void;
  readonly disabled?: boolean;
  readonly folderHint?: string;
}

export function DestinationFields({ value, onChange, disabled, folderHint }: DestinationFieldsProps) {
  const name = useId();
  const kinds = [
    { kind: 'folder', label: 'A folder' },
    { kind: 's3', label: 'S3-compatible storage' },
  ] as const;
  return (
    <div className="stack">
      <fieldset className="choice">
        <legend className="field__label">Backup destination</legend>
        {kinds.map((option) => (
          <label key={option.kind} className="check">
            <input
              type="radio"
              name={name}
              value={option.kind}
              checked={value.kind === option.kind}
              onChange={() => onChange({ ...value, kind: option.kind })}
              disabled={disabled}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>
      {value.kind === 'folder' ? (
        <FolderField value={value.folder} onChange={(folder) => onChange({ ...value, folder })} disabled={disabled} hint={folderHint} />
      ) : (
        <S3Fields value={value.s3} onChange={(s3) => onChange({ ...value, s3 })} disabled={disabled} />
      )}
    </div>
  );
}
