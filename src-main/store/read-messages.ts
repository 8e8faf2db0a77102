import type { Attachment, Message, MessageKind } from '../../src-shared/contract.ts';
import { AppError } from '../../src-shared/errors.ts';
import type { Store } from './open-store.ts';
import { chatExists } from './read-chats.ts';

interface MessageRow {
  id: number;
  chatId: number;
  seq: number;
  sender: string | null;
  sentAt: number;
  kind: MessageKind;
  body: string;
}

interface AttachmentRow extends Attachment {
  messageId: number;
}

/** One window of a chat by position: O(log n) at any depth, which keeps a 1M-message chat smooth. */
export function readMessages(db: Store, chatId: number, offset: number, limit: number): { total: number; messages: Message[] } {
  if (!chatExists(db, chatId)) throw new AppError('CHAT_NOT_FOUND', undefined, { chatId });
  const { total } = db.prepare('SELECT coalesce(max(seq) + 1, 0) AS total FROM messages WHERE chat_id = ?').get(chatId) as {
    total: number;
  };
  const rows = db
    .prepare(
      `SELECT m.id, m.chat_id AS chatId, m.seq, p.display_name AS sender, m.sent_at AS sentAt, m.kind, m.body
       FROM messages m LEFT JOIN participants p ON p.id = m.sender_id
       WHERE m.chat_id = ? AND m.seq >= ? AND m.seq < ? ORDER BY m.seq`,
    )
    .all(chatId, offset, offset + limit) as MessageRow[];
  return { total, messages: attachAttachments(db, rows) };
}

function attachAttachments(db: Store, rows: MessageRow[]): Message[] {
  const byMessage = new Map<number, Attachment[]>();
  if (rows.length > 0) {
    const attachments = db
      .prepare(
        `SELECT message_id AS messageId, id, file_name AS fileName, mime, size, status, sha256
         FROM attachments WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(JSON.stringify(rows.map((row) => row.id))) as AttachmentRow[];
    for (const { messageId, ...attachment } of attachments) {
      const list = byMessage.get(messageId) ?? [];
      list.push(attachment);
      byMessage.set(messageId, list);
    }
  }
  return rows.map((row) => ({ ...row, attachments: byMessage.get(row.id) ?? [] }));
}
