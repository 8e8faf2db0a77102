import type { SearchHit, SnippetRun } from '../../src-shared/contract.ts';
import type { Store } from './open-store.ts';

const matchStart = '\u0001';
const matchEnd = '\u0002';

/**
 * Turns what a person types into an FTS5 query: every word must appear, the last one as a prefix
 * (search as you type). Quoting each word means FTS5 syntax in the input is taken literally.
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .split(/\s+/u)
    .map((word) => word.replaceAll('"', '').replaceAll(matchStart, '').replaceAll(matchEnd, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return null;
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? '*' : ''}`).join(' ');
}

export function toSnippetRuns(marked: string): SnippetRun[] {
  const runs: SnippetRun[] = [];
  for (const [index, part] of marked.split(new RegExp(`[${matchStart}${matchEnd}]`, 'u')).entries()) {
    if (part.length > 0) runs.push({ text: part, match: index % 2 === 1 });
  }
  return runs;
}

interface HitRow extends Omit<SearchHit, 'snippet'> {
  marked: string;
}

export function searchMessages(db: Store, text: string, options: { chatId?: number | undefined; limit: number }): SearchHit[] {
  const query = toFtsQuery(text);
  if (query === null) return [];
  const rows = db
    .prepare(
      `SELECT m.id AS messageId, m.chat_id AS chatId, c.title AS chatTitle, m.seq, p.display_name AS sender,
              m.sent_at AS sentAt, snippet(messages_fts, 0, '${matchStart}', '${matchEnd}', '…', 24) AS marked
       FROM messages_fts f
       JOIN messages m ON m.id = f.rowid
       JOIN chats c ON c.id = m.chat_id
       LEFT JOIN participants p ON p.id = m.sender_id
       WHERE messages_fts MATCH @query AND (@chatId IS NULL OR m.chat_id = @chatId)
       ORDER BY f.rank LIMIT @limit`,
    )
    .all({ query, chatId: options.chatId ?? null, limit: options.limit }) as HitRow[];
  return rows.map(({ marked, ...hit }) => ({ ...hit, snippet: toSnippetRuns(marked) }));
}
