// Settings → Chat backup → History: the last success, the last failure with its reason from the
// catalogue, and the snapshots newest first with their size and what each added.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fromRecordedCode } from '../api/api-error.ts';
import { useApi } from '../api/api-context.tsx';
import { backupHistoryQuery } from '../api/queries.ts';
import { ErrorAlert } from '../common/ErrorAlert.tsx';
import { formatBytes, formatCount, formatInstant, plural } from '../common/format.ts';

/** Rows shown before "Show all": a daily schedule keeps years of snapshots. */
const FIRST_ROWS = 10;

export function BackupHistoryView() {
  const api = useApi();
  const history = useQuery(backupHistoryQuery(api));
  const [all, setAll] = useState(false);
  const data = history.data;
  const rows = data === undefined ? [] : all ? data.snapshots : data.snapshots.slice(0, FIRST_ROWS);

  return (
    <section className="subsection" aria-labelledby="history-title">
      <h3 id="history-title" className="subsection__title">
        History
      </h3>
      {history.isError && <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />}
      {data !== undefined && (
        <>
          <dl className="facts">
            <div className="facts__row">
              <dt>Last success</dt>
              <dd>{data.lastSuccess === null ? 'No backup yet' : formatInstant(data.lastSuccess.at)}</dd>
            </div>
            <div className="facts__row">
              <dt>Last failure</dt>
              <dd>
                {data.lastFailure === null
                  ? 'None since the last success'
                  : `${formatInstant(data.lastFailure.at)} (${data.lastFailure.scheduled ? 'scheduled' : 'Back up now'})`}
              </dd>
            </div>
          </dl>
          {data.lastFailure !== null && (
            <ErrorAlert quiet title="Why the last backup failed" error={fromRecordedCode(data.lastFailure.code)} />
          )}
          {data.snapshotsError !== null && (
            <ErrorAlert quiet title="The snapshots cannot be listed right now" error={fromRecordedCode(data.snapshotsError.code)} />
          )}
          {data.unreadableSnapshots.length > 0 && (
            <p className="warning" role="alert">
              {plural(data.unreadableSnapshots.length, 'snapshot', 'snapshots')} in the backup could not be read and{' '}
              {data.unreadableSnapshots.length === 1 ? 'is' : 'are'} not listed (
              {[...new Set(data.unreadableSnapshots.map((snapshot) => snapshot.code))].join(', ')}). Restore one of the others, and keep the
              next backups going: they do not depend on it.
            </p>
          )}
          {data.snapshots.length > 0 ? (
            <table className="history-table">
              <caption className="visually-hidden">Snapshots, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Size</th>
                  <th scope="col">New</th>
                  <th scope="col">Chats</th>
                  <th scope="col">Messages</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((snapshot) => (
                  <tr key={snapshot.snapshotId}>
                    <th scope="row">{formatInstant(snapshot.created)}</th>
                    <td>{formatBytes(snapshot.bytes)}</td>
                    <td title={snapshot.newBytes === null ? 'Made on another computer' : undefined}>
                      {snapshot.newBytes === null ? '—' : formatBytes(snapshot.newBytes)}
                    </td>
                    <td>{formatCount(snapshot.counts.chats)}</td>
                    <td>{formatCount(snapshot.counts.messages)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            data.snapshotsError === null && <p className="card__lead">No snapshots yet.</p>
          )}
          {!all && data.snapshots.length > FIRST_ROWS && (
            <div className="row">
              <button type="button" className="button button--small" onClick={() => setAll(true)}>
                Show all {formatCount(data.snapshots.length)} snapshots
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
