// The unlocked backup's snapshots, newest first; the person picks one and restores it. Snapshots
// that could not be read are named with their code, so a damaged newest one is not restored around
// silently: the person sees it and chooses an older one.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import type { UnlockedBackup } from '../../../src-shared/backup-contract.ts';
import { useApi } from '../api/api-context.tsx';
import { statsQuery } from '../api/queries.ts';
import { formatBytes, formatInstant, plural } from '../common/format.ts';
import { useRestore } from './restore-context.tsx';

interface SnapshotPickerProps {
  readonly unlocked: z.infer<typeof UnlockedBackup>;
  readonly onBack: () => void;
}

export function SnapshotPicker({ unlocked, onBack }: SnapshotPickerProps) {
  const { sessionId, snapshots, unreadableSnapshots } = unlocked;
  const { restore } = useRestore();
  const stats = useQuery(statsQuery(useApi()));
  const existing = stats.data?.chats ?? 0;
  const [replace, setReplace] = useState(false);
  const sorted = [...snapshots].sort((a, b) => b.created.localeCompare(a.created));
  const [chosen, setChosen] = useState(sorted[0]?.snapshotId ?? null);

  return (
    <section className="card" aria-labelledby="snapshots-title">
      <h2 id="snapshots-title" className="card__title">
        Choose a backup to restore
      </h2>
      {sorted.length === 0 ? (
        <p role="note">This backup folder holds no finished backup yet.</p>
      ) : (
        <fieldset className="snapshot-list">
          <legend className="visually-hidden">Backups</legend>
          {sorted.map((snapshot) => (
            <label key={snapshot.snapshotId} className="snapshot-list__item">
              <input
                type="radio"
                name="snapshot"
                value={snapshot.snapshotId}
                checked={chosen === snapshot.snapshotId}
                onChange={() => setChosen(snapshot.snapshotId)}
              />
              <span className="snapshot-list__date">{formatInstant(snapshot.created)}</span>
              <span className="snapshot-list__detail">
                {formatBytes(snapshot.bytes)} · {plural(snapshot.counts.chats, 'chat', 'chats')} ·{' '}
                {plural(snapshot.counts.messages, 'message', 'messages')}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {unreadableSnapshots.length > 0 && (
        <p className="warning" role="alert">
          {plural(unreadableSnapshots.length, 'backup', 'backups')} in this folder could not be read and{' '}
          {unreadableSnapshots.length === 1 ? 'is' : 'are'} not listed (
          {[...new Set(unreadableSnapshots.map((snapshot) => snapshot.code))].join(', ')}). You can restore one of the others.
        </p>
      )}
      {existing > 0 && (
        <div className="warning stack" role="group" aria-label="Replace the chats on this computer">
          <p>This computer already has {plural(existing, 'chat', 'chats')}. Restoring replaces them with the chats in this backup.</p>
          <label className="check">
            <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} />
            <span>Replace the chats on this computer</span>
          </label>
        </div>
      )}
      <div className="row">
        <button
          type="button"
          className="button button--primary"
          disabled={chosen === null || stats.isPending || (existing > 0 && !replace)}
          onClick={() => chosen !== null && restore(sessionId, chosen)}
        >
          Restore this backup
        </button>
        <button type="button" className="button button--ghost" onClick={onBack}>
          Choose another backup
        </button>
      </div>
    </section>
  );
}
