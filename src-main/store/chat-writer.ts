// Writes one chat's messages into the store. Shared by chat import and the demo seeder so both
// produce the same rows, and the only code that inserts messages: it also keeps the full-text
// index in step (see migration 001). The caller owns the transaction and calls finish() inside it.
import { hash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Attachment, MessageKind } from '../../src-shared/contract.ts';
import type { Store } from './open-store.ts';

export interface IncomingAttachment {
  readonly fileName: string;
  readonly status: Attachment['status'];
  readonly sha256: string | null;
  readonly size: number | null;
  readonly mime: string | null;
}

export interface IncomingMessage {
  readonly sentAt: number;
  readonly sender: string | null;
  readonly kind: MessageKind;
  readonly body: string;
  readonly attachments: readonly IncomingAttachment[];
}

export interface ChatWriteSummary {
  readonly chatId: number;
  readonly added: number;
  readonly skipped: number;
  readonly attachments: number;
}

export class ChatWriter {
  readonly chatId: number;
  private readonly insertMessage: Statement;
  private readonly insertAttachment: Statement;
  private readonly insertParticipant: Statement;
  private readonly findParticipant: Statement;
  private readonly participantIds = new Map<string, number>();
  /** Rows above this id were added by this writer and still need indexing. */
  private readonly indexedUpTo: number;
  private nextSeq: number;
  private latestSentAt: number;
  private outOfOrder = false;
  private added = 0;
  private skipped = 0;
  private attachments = 0;
  // Identical messages in the same second are told apart by their occurrence; they are always
  // adjacent in time, so the counter resets whenever the timestamp moves (flat memory).
  private occurrenceAt = Number.NaN;
  private readonly occurrences = new Map<string, number>();

  private readonly db: Store;

  constructor(db: Store, chat: { readonly importKey: string; readonly title: string }) {
    this.db = db;
    db.prepare('INSERT INTO chats (import_key, title, created_at) VALUES (?, ?, ?) ON CONFLICT (import_key) DO NOTHING').run(
      chat.importKey,
      chat.title,
      Date.now(),
    );
    this.chatId = (db.prepare('SELECT id FROM chats WHERE import_key = ?').get(chat.importKey) as { id: number }).id;
    const tail = db
      .prepare('SELECT coalesce(max(seq) + 1, 0) AS nextSeq, coalesce(max(sent_at), -1e15) AS latest FROM messages WHERE chat_id = ?')
      .get(this.chatId) as { nextSeq: number; latest: number };
    this.nextSeq = tail.nextSeq;
    this.indexedUpTo = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM messages').get() as { id: number }).id;
    this.latestSentAt = tail.latest;
    this.insertMessage = db.prepare(
      `INSERT INTO messages (chat_id, seq, sender_id, sent_at, kind, body, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (chat_id, fingerprint) DO NOTHING`,
    );
    this.insertAttachment = db.prepare(
      'INSERT INTO attachments (message_id, file_name, mime, size, sha256, status) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertParticipant = db.prepare('INSERT INTO participants (chat_id, display_name) VALUES (?, ?) ON CONFLICT DO NOTHING');
    this.findParticipant = db.prepare('SELECT id FROM participants WHERE chat_id = ? AND display_name = ?');
  }

  /** Adds a message unless the chat already has it. Returns whether it was added. */
  add(message: IncomingMessage): boolean {
    const fingerprint = this.fingerprint(message);
    const senderId = message.sender === null ? null : this.participantId(message.sender);
    const result = this.insertMessage.run(this.chatId, this.nextSeq, senderId, message.sentAt, message.kind, message.body, fingerprint);
    if (result.changes === 0) {
      this.skipped += 1;
      return false;
    }
    this.added += 1;
    this.nextSeq += 1;
    if (message.sentAt < this.latestSentAt) this.outOfOrder = true;
    else this.latestSentAt = message.sentAt;
    for (const attachment of message.attachments) {
      this.insertAttachment.run(
        result.lastInsertRowid,
        attachment.fileName,
        attachment.mime,
        attachment.size,
        attachment.sha256,
        attachment.status,
      );
      this.attachments += 1;
    }
    return true;
  }

  /** Indexes the new rows for search and restores the dense time-ordered seq if anything arrived out of order. */
  finish(): ChatWriteSummary {
    this.db
      .prepare('INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE chat_id = ? AND id > ?')
      .run(this.chatId, this.indexedUpTo);
    if (this.outOfOrder) renumberChat(this.db, this.chatId);
    return { chatId: this.chatId, added: this.added, skipped: this.skipped, attachments: this.attachments };
  }

  private participantId(name: string): number {
    const known = this.participantIds.get(name);
    if (known !== undefined) return known;
    this.insertParticipant.run(this.chatId, name);
    const { id } = this.findParticipant.get(this.chatId, name) as { id: number };
    this.participantIds.set(name, id);
    return id;
  }

  private fingerprint(message: IncomingMessage): Buffer {
    if (message.sentAt !== this.occurrenceAt) {
      this.occurrenceAt = message.sentAt;
      this.occurrences.clear();
    }
    const key = `${message.sender ?? ''}\u001f${message.kind}\u001f${message.body}`;
    const occurrence = this.occurrences.get(key) ?? 0;
    this.occurrences.set(key, occurrence + 1);
    return hash('sha256', `${message.sentAt}\u001f${key}\u001f${occurrence}`, 'buffer').subarray(0, 16);
  }
}

export function renumberChat(db: Store, chatId: number): void {
  db.prepare(
    `UPDATE messages SET seq = ordered.position - 1
     FROM (SELECT id, row_number() OVER (ORDER BY sent_at, id) AS position FROM messages WHERE chat_id = ?) AS ordered
     WHERE messages.id = ordered.id`,
  ).run(chatId);
}
