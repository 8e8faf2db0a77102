// Settings: Chats (chat backup), Account (security: passkeys for backups), Help (diagnostics), and facts about this install.
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context.tsx';
import { appInfoQuery, statsQuery } from '../api/queries.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { formatCount } from '../common/format.ts';
import { BackupSettings } from '../backup/BackupSettings.tsx';
import { SecuritySettings } from '../security/SecuritySettings.tsx';
import { DiagnosticsCard } from '../diagnostics/DiagnosticsCard.tsx';

export function SettingsView({ onRestore }: { readonly onRestore: () => void }) {
  const api = useApi();
  const info = useQuery(appInfoQuery(api));
  const stats = useQuery(statsQuery(api));

  return (
    <main className="main main--page" aria-labelledby="settings-title">
      <div className="page">
        <h1 id="settings-title" className="page__title">
          Settings
        </h1>
        <h2 className="page__section">Chats</h2>
        <BackupSettings onRestore={onRestore} />
        <h2 className="page__section">Account</h2>
        <SecuritySettings />
        <h2 className="page__section">Help</h2>
        <DiagnosticsCard />
        <h2 className="page__section">This computer</h2>
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title" className="card__title">
            About this computer
          </h2>
          {info.isError && <ErrorAlert error={info.error} onRetry={() => void info.refetch()} />}
          {stats.isError && <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />}
          <dl className="facts">
            <Fact label="Version" value={info.data?.version} />
            <Fact
              label="Running as"
              value={info.data === undefined ? undefined : info.data.host === 'electron' ? 'Desktop app' : 'Browser'}
            />
            <Fact label="Platform" value={info.data?.platform} />
            <Fact label="Chats" value={stats.data === undefined ? undefined : formatCount(stats.data.chats)} />
            <Fact label="Messages" value={stats.data === undefined ? undefined : formatCount(stats.data.messages)} />
            <Fact label="Attachments" value={stats.data === undefined ? undefined : formatCount(stats.data.attachments)} />
          </dl>
        </section>
      </div>
    </main>
  );
}

function Fact({ label, value }: { readonly label: string; readonly value: string | undefined }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>{value ?? '…'}</dd>
    </div>
  );
}
