import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../src-main/jobs/run-job.ts';
import { mediaPath } from '../../../src-main/store/media-store.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { openStore } from '../../../src-main/store/open-store.ts';
import { readStats } from '../../../src-main/store/read-chats.ts';
import { tempProfile } from '../../helpers/profile.ts';

const context = { signal: new AbortController().signal, onProgress: () => undefined };

function contentOf(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare(
      `SELECT c.title, m.seq, p.display_name, m.sent_at, m.kind, m.body, a.file_name, a.sha256, a.size
       FROM messages m JOIN chats c ON c.id = m.chat_id LEFT JOIN participants p ON p.id = m.sender_id
       LEFT JOIN attachments a ON a.message_id = m.id ORDER BY c.id, m.seq`,
    )
    .all();
  db.close();
  return rows;
}

describe('demo seeder', () => {
  it('is deterministic for a seed, and different for another', async () => {
    const [a, b, c] = [tempProfile(), tempProfile(), tempProfile()];
    const options = { chats: 5, messages: 1500, mediaMb: 2, seed: 42 };
    await seedStore(a, options, context);
    await seedStore(b, options, context);
    await seedStore(c, { ...options, seed: 43 }, context);
    expect(contentOf(a.database)).toEqual(contentOf(b.database));
    expect(contentOf(a.database)).not.toEqual(contentOf(c.database));
  });

  it('makes long and short chats, all kinds of message, and media of realistic size in the media store', async () => {
    const paths = tempProfile();
    const result = await seedStore(paths, { chats: 8, messages: 6000, mediaMb: 8, seed: 1 }, context);
    const db = openStore(paths.database);
    const kinds = db.prepare('SELECT kind, count(*) AS n FROM messages GROUP BY kind').all() as { kind: string; n: number }[];
    expect(kinds.map((row) => row.kind).sort()).toEqual(['deleted', 'media', 'system', 'text']);
    const lengths = (db.prepare('SELECT count(*) AS n FROM messages GROUP BY chat_id ORDER BY n DESC').all() as { n: number }[]).map(
      (r) => r.n,
    );
    expect(lengths[0]).toBeGreaterThan(5 * (lengths.at(-1) ?? 0));
    const media = db.prepare("SELECT sha256, size FROM attachments WHERE status = 'stored'").all() as { sha256: string; size: number }[];
    expect(media.length).toBeGreaterThan(3);
    for (const item of media) expect(existsSync(mediaPath(paths, item.sha256))).toBe(true);
    expect(result.mediaBytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(result.mediaBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    db.close();
  });

  it('runs in a worker thread, and a cancelled seed leaves the store unchanged', async () => {
    const paths = tempProfile();
    const done = await runJob('seed', { profileDir: paths.dir, options: { chats: 2, messages: 300, mediaMb: 0, seed: 3 } });
    expect(done.messages).toBe(300);
    const controller = new AbortController();
    const cancelled = runJob(
      'seed',
      { profileDir: paths.dir, options: { chats: 3, messages: 400_000, mediaMb: 0, seed: 4 } },
      { signal: controller.signal, onProgress: () => undefined },
    );
    setTimeout(() => controller.abort(), 300);
    await expect(cancelled).rejects.toMatchObject({ code: 'OPERATION_CANCELLED' });
    const db = openStore(paths.database);
    expect(readStats(db)).toEqual({ chats: 2, messages: 300, attachments: 0 });
    db.close();
  });
});
