import { describe, expect, test } from 'vitest';
import { MessageClassifier, type MessageHead } from '../../../src-main/import/classify-message.ts';

const lrm = '\u200e';
const classify = (rest: string): MessageHead => new MessageClassifier().classify(rest);

describe('MessageClassifier', () => {
  test('splits the sender from the text at the first colon', () => {
    expect(classify('Sam Patel: Happy new year - and yes: colons are fine')).toEqual({
      sender: 'Sam Patel',
      kind: 'text',
      text: 'Happy new year - and yes: colons are fine',
      attachment: null,
    });
  });

  test('removes direction marks from a sender written as a phone number', () => {
    expect(classify('\u202a+44 7700 900123\u202c: hi').sender).toBe('+44 7700 900123');
  });

  test.each([
    [
      'an iOS system line after a left-to-right mark',
      `${lrm}Marta Ruiz created group "Family Trip Planning"`,
      'Marta Ruiz created group "Family Trip Planning"',
    ],
    [
      'an iOS system line with a colon in it',
      `${lrm}Marta changed the group description: bring snacks`,
      'Marta changed the group description: bring snacks',
    ],
    ['an Android system line', 'Sam Patel added Priya', 'Sam Patel added Priya'],
    [
      'an Android system line with a colon in quotes',
      'Priya changed the subject to "Trip: 2024"',
      'Priya changed the subject to "Trip: 2024"',
    ],
    [
      'the Android encryption notice',
      'Messages and calls are end-to-end encrypted. Tap to learn more.',
      'Messages and calls are end-to-end encrypted. Tap to learn more.',
    ],
    [
      'the older group notice',
      'Messages to this group are now secured with end-to-end encryption.',
      'Messages to this group are now secured with end-to-end encryption.',
    ],
    [
      'the iOS encryption notice under the chat name',
      `Family Trip: ${lrm}Messages and calls are end-to-end encrypted.`,
      'Messages and calls are end-to-end encrypted.',
    ],
  ])('reads %s as a system line without a sender', (_name, rest, text) => {
    expect(classify(rest)).toEqual({ sender: null, kind: 'system', text, attachment: null });
  });

  test('learns the chat name from the encryption notice and reads its marked lines as system lines', () => {
    const classifier = new MessageClassifier();
    classifier.classify(`Family Trip: ${lrm}Messages and calls are end-to-end encrypted.`);
    expect(classifier.chatName).toBe('Family Trip');
    expect(classifier.classify(`Family Trip: ${lrm}Marta added Jonas`)).toMatchObject({
      sender: null,
      kind: 'system',
      text: 'Marta added Jonas',
    });
    // A participant's own words stay theirs, and so does unmarked text under the chat's name.
    expect(classifier.classify(`Jonas: ${lrm}hello`)).toMatchObject({ sender: 'Jonas', kind: 'text' });
    expect(classifier.classify('Family Trip: hello')).toMatchObject({ sender: 'Family Trip', kind: 'text' });
  });

  test.each([
    `${lrm}This message was deleted.`,
    'This message was deleted',
    'You deleted this message',
    `${lrm}You deleted this message.`,
    'Diese Nachricht wurde gelöscht.',
  ])('reads "%s" as a deleted message', (text) => {
    expect(classify(`Léa 🌊: ${text}`)).toMatchObject({ sender: 'Léa 🌊', kind: 'deleted', attachment: null });
  });

  test('does not read a message about deleting as a deleted message', () => {
    expect(classify('Léa: This message was deleted by accident, sorry').kind).toBe('text');
  });

  test.each([
    ['iOS', `${lrm}<attached: 00000012-PHOTO-2024-02-03-09-18-11.jpg>`, '00000012-PHOTO-2024-02-03-09-18-11.jpg'],
    ['iOS document with a page count', `Report.pdf • ${lrm}3 pages ${lrm}<attached: 00000014-Report.pdf>`, '00000014-Report.pdf'],
    ['Android', 'IMG-20240203-WA0001.jpg (file attached)', 'IMG-20240203-WA0001.jpg'],
    ['Android with a mark', `${lrm}PTT-20240203-WA0002.opus (file attached)`, 'PTT-20240203-WA0002.opus'],
    ['German Android', 'IMG-20240203-WA0001.jpg (Datei angehängt)', 'IMG-20240203-WA0001.jpg'],
    ['a name with a folder', '<attached: ../../etc/passwd>', 'passwd'],
  ])('reads a %s attachment marker as media', (_name, text, fileName) => {
    expect(classify(`Priya: ${text}`)).toEqual({ sender: 'Priya', kind: 'media', text: null, attachment: { fileName, omitted: false } });
  });

  test.each([
    ['<Media omitted>', 'media'],
    [`${lrm}image omitted`, 'image'],
    [`${lrm}audio omitted`, 'audio'],
    [`${lrm}video omitted`, 'video'],
    [`${lrm}sticker omitted`, 'sticker'],
    [`${lrm}GIF omitted`, 'gif'],
    [`${lrm}document omitted`, 'document'],
    [`${lrm}Contact card omitted`, 'contact card'],
    [`Report.pdf • ${lrm}3 pages ${lrm}document omitted`, 'Report.pdf'],
    ['<Medien ausgeschlossen>', 'media'],
  ])('reads "%s" as omitted media', (text, fileName) => {
    expect(classify(`Jonas: ${text}`)).toEqual({ sender: 'Jonas', kind: 'media', text: null, attachment: { fileName, omitted: true } });
  });

  test.each(['nothing omitted', 'I had an image omitted', 'see <attached: x', 'a (file attached) note'])('reads "%s" as text', (text) => {
    expect(classify(`Jonas: ${text}`)).toMatchObject({ kind: 'text', text });
  });
});
