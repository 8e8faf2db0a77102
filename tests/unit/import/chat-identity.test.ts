import { describe, expect, test } from 'vitest';
import { chatIdentity } from '../../../src-main/import/chat-identity.ts';
import { quoteLine } from '../../../src-main/import/not-an-export.ts';

describe('chatIdentity', () => {
  test.each([
    ['WhatsApp Chat with Family Trip Planning.txt', 'Family Trip Planning'],
    ['WhatsApp Chat with Family Trip Planning.zip', 'Family Trip Planning'],
    ['WhatsApp Chat - Family Trip Planning.zip', 'Family Trip Planning'],
    ['WhatsApp-Chat mit Oma.txt', 'Oma'],
    ['C:\\Users\\me\\Downloads\\WhatsApp Chat with Sam.txt', 'Sam'],
    ['notes from the trip.txt', 'notes from the trip'],
  ])('takes the title of %s from its name', (displayName, title) => {
    expect(chatIdentity(displayName, 'Ignored').title).toBe(title);
  });

  test('gives the .txt and the .zip of one chat the same key, whatever the case', () => {
    const txt = chatIdentity('WhatsApp Chat with Family Trip.txt', null);
    expect(chatIdentity('WhatsApp Chat - family trip.zip', null).importKey).toBe(txt.importKey);
    expect(chatIdentity('WhatsApp Chat with Other.txt', null).importKey).not.toBe(txt.importKey);
  });

  test.each(['_chat.txt', '_chat (1).txt', 'chat.txt'])('names a generic %s after the chat name the export states', (displayName) => {
    expect(chatIdentity(displayName, 'Family Trip')).toEqual({ importKey: 'export-name:family trip', title: 'Family Trip' });
    expect(chatIdentity(displayName, null).title).toBe('Imported chat');
  });
});

describe('quoteLine', () => {
  test('quotes a short line whole', () => {
    expect(quoteLine('Hello')).toBe('"Hello"');
  });

  test('cuts a long line at 60 characters without splitting an emoji', () => {
    const quoted = quoteLine(`${'a'.repeat(59)}🌊🌊🌊`);
    expect(quoted).toBe(`"${'a'.repeat(59)}🌊…"`);
  });

  test('shows control characters of a binary file as replacement characters', () => {
    expect(quoteLine('PK\u0003\u0004\u0000x')).toBe('"PK\ufffd\ufffd\ufffdx"');
  });
});
