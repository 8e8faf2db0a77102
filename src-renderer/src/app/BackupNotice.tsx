// The notice that stays on every screen once scheduled backups keep failing, until one succeeds:
// otherwise the person would learn that their chats were not backed up only when they need them.
import { useQuery } from '@tanstack/react-query';
import { errorHint, fromRecordedCode } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { backupScheduleQuery } from '../api/queries.ts';
import { formatInstant, plural } from '../common/format.ts';
import { AlertIcon } from '../common/icons.tsx';

export function BackupNotice({ onOpenSettings }: { readonly onOpenSettings: () => void }) {
  const status = useQuery(backupScheduleQuery(useApi()));
  const failures = status.data?.notice === true ? status.data.failures : null;
  if (failures === null) return null;
  const reason = fromRecordedCode(failures.code);
  return (
    <section className="backup-notice" role="status" aria-label="Backup notice">
      <AlertIcon />
      <p className="backup-notice__text">
        <strong>Your chats are not being backed up.</strong> {plural(failures.count, 'scheduled backup', 'scheduled backups')} failed in a
        row, the last {formatInstant(failures.last)}: {reason.message} {errorHint(reason.code)}{' '}
        <code className="error-alert__code">({reason.code})</code>
      </p>
      <button type="button" className="button button--small" onClick={onOpenSettings}>
        Open backup settings
      </button>
    </section>
  );
}
