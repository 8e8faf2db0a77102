// Settings → Help → Diagnostics: what support asks for. The recent backups, restores and passkey
// ceremonies with their steps and codes, a check of the backup, and the diagnostics file, shown in
// full before the person saves it. Nothing here is secret (main redacts it), and none of it is kept.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import type { VerifyReport } from '../../../src-shared/backup-contract.ts';
import { useApi } from '../api/api-context.tsx';
import { unwrap } from '../api/api-error.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { DiagnosticsPreview } from './DiagnosticsPreview.tsx';
import { Timeline } from './Timeline.tsx';

const timelineKey = ['diagnostics', 'timeline'] as const;

export function DiagnosticsCard() {
  const api = useApi();
  const queryClient = useQueryClient();
  const timeline = useQuery({ queryKey: timelineKey, queryFn: async () => unwrap(await api.getDiagnosticsTimeline({})) });
  const [check, setCheck] = useState<{ busy: boolean; report?: z.infer<typeof VerifyReport>; error?: unknown }>({ busy: false });
  const [bundle, setBundle] = useState<{ fileName: string; text: string } | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  const checkBackup = async () => {
    setCheck({ busy: true });
    try {
      // The full check decrypts everything with this computer's key; without one, the structure.
      const status = unwrap(await api.getBackupStatus({}));
      setCheck({ busy: false, report: unwrap(await api.verifyBackup({ full: status.keyCached })) });
    } catch (error) {
      setCheck({ busy: false, error });
    }
    void queryClient.invalidateQueries({ queryKey: timelineKey });
  };

  const exportDiagnostics = async () => {
    setExportError(null);
    try {
      setBundle(unwrap(await api.getDiagnostics({})));
    } catch (error) {
      setExportError(error);
    }
  };

  return (
    <section className="card" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title" className="card__title">
        Diagnostics
      </h2>
      <p className="card__lead">
        If a backup or a restore goes wrong, support can see which step failed and why from this page, without seeing your messages or your
        keys.
      </p>
      <div className="row">
        <button type="button" className="button" onClick={() => void checkBackup()} disabled={check.busy}>
          {check.busy ? 'Checking…' : 'Check backup'}
        </button>
        <button type="button" className="button" onClick={() => void exportDiagnostics()}>
          Export diagnostics
        </button>
      </div>
      {check.error !== undefined && <ErrorAlert title="The backup could not be checked" error={check.error} />}
      {check.report !== undefined && <CheckResult report={check.report} />}
      {exportError !== null && <ErrorAlert title="Diagnostics could not be gathered" error={exportError} />}
      {bundle !== null && <DiagnosticsPreview bundle={bundle} onClose={() => setBundle(null)} />}
      <h3 className="card__subtitle">Recent activity</h3>
      {timeline.isError && <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />}
      {timeline.data !== undefined && <Timeline operations={timeline.data} />}
    </section>
  );
}

function CheckResult({ report }: { readonly report: z.infer<typeof VerifyReport> }) {
  const what = report.mode === 'full' ? 'Every backup was decrypted and checked' : 'The backup folder’s structure was checked';
  if (report.ok) {
    return (
      <p role="status" className="status status--ok">
        {what}: no problems found.
      </p>
    );
  }
  return (
    <div role="status" className="status status--problem">
      <p>
        {what}: {report.problems.length} problem{report.problems.length === 1 ? '' : 's'} found.
      </p>
      <ul className="problems" aria-label="Problems found">
        {report.problems.slice(0, 20).map((problem) => (
          <li key={`${problem.object}:${problem.code}`}>
            <code>{problem.code}</code> in <code>{problem.object}</code>
            {problem.reason !== null && ` (${problem.reason})`}
          </li>
        ))}
      </ul>
    </div>
  );
}
