import type { ChatSummary, StoreStats } from '../../src-shared/contract.ts';
import type { Store } from './open-store.ts';

export function listChats(db: Store): ChatSummary[] {
  // seq is dense, so max(seq)+1 is the message count, read from the index rather than counted.
  const rows = db
    .prepare(
      `SELECT c.id, c.title,
         coalesce((SELECT max(seq) + 1 FROM messages m WHERE m.chat_id = c.id), 0) AS messageCount,
         (SELECT count(*) FROM participants p WHERE p.chat_id = c.id) AS participantCount,
         last.sent_at AS lastMessageAt, last.body AS lastMessagePreview
       FROM chats c
       LEFT JOIN messages last ON last.id = (SELECT id FROM messages m WHERE m.chat_id = c.id ORDER BY seq DESC LIMIT 1)
       ORDER BY coalesce(last.sent_at, 0) DESC, c.id`,
    )
    .all() as ChatSummary[];
  return rows.map((row) => ({ ...row, lastMessagePreview: row.lastMessagePreview?.slice(0, 140) ?? null }));
}

export function chatExists(db: Store, chatId: number): boolean {
  return db.prepare('SELECT 1 FROM chats WHERE id = ?').get(chatId) !== undefined;
}

export function readStats(db: Store): StoreStats {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM chats) AS chats, (SELECT count(*) FROM messages) AS messages,
              (SELECT count(*) FROM attachments) AS attachments`,
    )
    .get() as StoreStats;
}
