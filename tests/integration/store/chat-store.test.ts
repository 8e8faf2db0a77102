import { describe, expect, it } from 'vitest';
import { ChatWriter } from '../../../src-main/store/chat-writer.ts';
import { openStore, type Store } from '../../../src-main/store/open-store.ts';
import { listChats, readStats } from '../../../src-main/store/read-chats.ts';
import { readMessages } from '../../../src-main/store/read-messages.ts';
import { searchMessages, toFtsQuery } from '../../../src-main/store/search-messages.ts';
import { textMessage } from '../../helpers/messages.ts';
import { tempProfile } from '../../helpers/profile.ts';

function withStore(test: (db: Store) => void): void {
  const db = openStore(tempProfile().database);
  try {
    test(db);
  } finally {
    db.close();
  }
}

const minute = 60_000;
const t0 = Date.UTC(2024, 1, 3, 9, 0);

describe('message store', () => {
  it('uses WAL so workers can write while the UI reads', () => {
    withStore((db) => expect(db.pragma('journal_mode', { simple: true })).toBe('wal'));
  });

  it('adds each message once, however often the same export is written', () => {
    withStore((db) => {
      const write = () => {
        const writer = new ChatWriter(db, { importKey: 'family', title: 'Family' });
        writer.add(textMessage({ sentAt: t0, body: 'ok' }));
        writer.add(textMessage({ sentAt: t0, body: 'ok' })); // the same words twice in a second are two messages
        writer.add(textMessage({ sentAt: t0 + minute, sender: 'Jonas', body: 'see you' }));
        return writer.finish();
      };
      expect(write()).toMatchObject({ added: 3, skipped: 0 });
      expect(write()).toMatchObject({ added: 0, skipped: 3 });
      expect(readStats(db)).toEqual({ chats: 1, messages: 3, attachments: 0 });
    });
  });

  it('keeps seq dense and in time order when older history arrives later', () => {
    withStore((db) => {
      const first = new ChatWriter(db, { importKey: 'c', title: 'C' });
      first.add(textMessage({ sentAt: t0 + 10 * minute, body: 'late' }));
      first.finish();
      const second = new ChatWriter(db, { importKey: 'c', title: 'C' });
      second.add(textMessage({ sentAt: t0, body: 'early' }));
      second.add(textMessage({ sentAt: t0 + 20 * minute, body: 'latest' }));
      second.finish();
      const { total, messages } = readMessages(db, second.chatId, 0, 10);
      expect(total).toBe(3);
      expect(messages.map((m) => [m.seq, m.body])).toEqual([
        [0, 'early'],
        [1, 'late'],
        [2, 'latest'],
      ]);
    });
  });

  it('reads any window of a chat by position, with senders and attachments', () => {
    withStore((db) => {
      const writer = new ChatWriter(db, { importKey: 'c', title: 'C' });
      for (let i = 0; i < 50; i += 1) {
        writer.add(
          textMessage({
            sentAt: t0 + i * minute,
            body: `message ${i}`,
            kind: i === 7 ? 'media' : 'text',
            attachments: i === 7 ? [{ fileName: 'IMG-1.jpg', status: 'omitted', sha256: null, size: null, mime: 'image/jpeg' }] : [],
          }),
        );
      }
      writer.finish();
      const page = readMessages(db, writer.chatId, 5, 5);
      expect(page.total).toBe(50);
      expect(page.messages.map((m) => m.body)).toEqual(['message 5', 'message 6', 'message 7', 'message 8', 'message 9']);
      expect(page.messages[2]?.attachments).toEqual([
        expect.objectContaining({ fileName: 'IMG-1.jpg', status: 'omitted', mime: 'image/jpeg' }),
      ]);
      expect(page.messages[0]?.sender).toBe('Marta');
      expect(readMessages(db, writer.chatId, 48, 10).messages).toHaveLength(2);
    });
  });

  it('refuses an unknown chat with CHAT_NOT_FOUND', () => {
    withStore((db) => expect(() => readMessages(db, 999, 0, 10)).toThrow(expect.objectContaining({ code: 'CHAT_NOT_FOUND' }) as Error));
  });

  it('lists chats newest first with counts and a preview', () => {
    withStore((db) => {
      const old = new ChatWriter(db, { importKey: 'old', title: 'Old chat' });
      old.add(textMessage({ sentAt: t0, body: 'long ago' }));
      old.finish();
      const recent = new ChatWriter(db, { importKey: 'new', title: 'New chat' });
      recent.add(textMessage({ sentAt: t0 + minute, body: 'first' }));
      recent.add(textMessage({ sentAt: t0 + 2 * minute, sender: 'Jonas', body: 'just now' }));
      recent.finish();
      expect(listChats(db)).toEqual([
        {
          id: recent.chatId,
          title: 'New chat',
          messageCount: 2,
          participantCount: 2,
          lastMessageAt: t0 + 2 * minute,
          lastMessagePreview: 'just now',
        },
        { id: old.chatId, title: 'Old chat', messageCount: 1, participantCount: 1, lastMessageAt: t0, lastMessagePreview: 'long ago' },
      ]);
    });
  });
});

describe('search', () => {
  it('finds words and prefixes and marks the matches', () => {
    withStore((db) => {
      const writer = new ChatWriter(db, { importKey: 'c', title: 'Trip' });
      writer.add(textMessage({ body: 'Did anyone check the ferry times?' }));
      writer.add(textMessage({ sentAt: t0 + minute, body: 'Café at noon' }));
      writer.finish();
      const [hit] = searchMessages(db, 'ferr', { limit: 10 });
      expect(hit).toMatchObject({ chatTitle: 'Trip', seq: 0, sender: 'Marta' });
      expect(hit?.snippet).toEqual([
        { text: 'Did anyone check the ', match: false },
        { text: 'ferry', match: true },
        { text: ' times?', match: false },
      ]);
      expect(searchMessages(db, 'cafe', { limit: 10 })).toHaveLength(1); // diacritics folded
      expect(searchMessages(db, 'ferry noon', { limit: 10 })).toHaveLength(0); // every word must match
    });
  });

  it('takes FTS syntax in the query literally', () => {
    expect(toFtsQuery('a" OR "b')).toBe('"a" "OR" "b"*');
    expect(toFtsQuery('  ')).toBeNull();
    expect(toFtsQuery('*** ---')).toBeNull();
    withStore((db) => {
      expect(searchMessages(db, 'NEAR(a b) "unterminated', { limit: 5 })).toEqual([]);
    });
  });

  it('indexes only what each writer added, so a second import is searchable and nothing is indexed twice', () => {
    withStore((db) => {
      const first = new ChatWriter(db, { importKey: 'c', title: 'C' });
      first.add(textMessage({ body: 'alpha' }));
      first.finish();
      const second = new ChatWriter(db, { importKey: 'c', title: 'C' });
      second.add(textMessage({ body: 'alpha' })); // duplicate: skipped
      second.add(textMessage({ sentAt: t0 + minute, body: 'beta' }));
      second.finish();
      expect(searchMessages(db, 'alpha', { limit: 10 })).toHaveLength(1);
      expect(searchMessages(db, 'beta', { limit: 10 })).toHaveLength(1);
      expect(db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)").run()).toBeTruthy();
    });
  });

  it('limits to one chat when asked', () => {
    withStore((db) => {
      for (const key of ['a', 'b']) {
        const writer = new ChatWriter(db, { importKey: key, title: key });
        writer.add(textMessage({ body: 'shared word' }));
        writer.finish();
      }
      expect(searchMessages(db, 'shared', { limit: 10 })).toHaveLength(2);
      expect(searchMessages(db, 'shared', { chatId: 1, limit: 10 })).toHaveLength(1);
    });
  });
});
