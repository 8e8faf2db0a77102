// The S3-compatible storage fields (AWS S3, R2, B2, MinIO). The secret is a password field that starts
// empty every time: main never sends it back, and says only whether this computer holds one.
import { TextField } from '../common/TextField.tsx';
import { invalidS3Fields, type S3Draft } from './destination-draft.ts';

interface S3FieldsProps {
  readonly value: S3Draft;
  readonly onChange: (value: S3Draft) => void;
  readonly disabled?: boolean;
}

export function S3Fields({ value, onChange, disabled }: S3FieldsProps) {
  const invalid = invalidS3Fields(value);
  const set = (change: Partial<S3Draft>) => onChange({ ...value, ...change });
  return (
    <div className="field-grid">
      <div className="field-grid__wide">
        <TextField
          label="Endpoint"
          type="url"
          value={value.endpoint}
          onChange={(endpoint) => set({ endpoint })}
          placeholder="https://s3.eu-west-1.amazonaws.com"
          hint="The storage service’s address, starting with https:// (or http:// for a server on your own network)."
          error={invalid.has('endpoint') ? 'Enter the full address, starting with https:// or http://.' : null}
          disabled={disabled}
        />
      </div>
      <TextField
        label="Region"
        value={value.region}
        onChange={(region) => set({ region })}
        placeholder="eu-west-1"
        hint="R2 uses “auto”; MinIO usually “us-east-1”."
        disabled={disabled}
      />
      <TextField
        label="Bucket"
        value={value.bucket}
        onChange={(bucket) => set({ bucket })}
        placeholder="my-chat-backups"
        error={invalid.has('bucket') ? 'Lowercase letters, digits, dots and dashes, 3 to 63 characters.' : null}
        disabled={disabled}
      />
      <div className="field-grid__wide">
        <TextField
          label="Key prefix"
          value={value.prefix}
          onChange={(prefix) => set({ prefix })}
          placeholder="companion/laptop"
          hint="Optional: the backup goes under this prefix, so one bucket can hold several."
          error={invalid.has('prefix') ? 'A prefix cannot start with / or contain “..”.' : null}
          disabled={disabled}
        />
      </div>
      <label className="check field-grid__wide">
        <input
          type="checkbox"
          checked={value.pathStyle}
          onChange={(event) => set({ pathStyle: event.target.checked })}
          disabled={disabled}
        />
        <span>Path-style addresses (MinIO and most self-hosted storage)</span>
      </label>
      <TextField label="Access key ID" value={value.accessKeyId} onChange={(accessKeyId) => set({ accessKeyId })} disabled={disabled} />
      <TextField
        label="Secret access key"
        type="password"
        autoComplete="new-password"
        value={value.secretAccessKey}
        onChange={(secretAccessKey) => set({ secretAccessKey })}
        hint="Kept in this computer’s keystore. Companion never shows it again."
        disabled={disabled}
      />
    </div>
  );
}
