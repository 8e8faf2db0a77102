import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ImportResult } from '../../src-shared/contract.ts';
import type { ImportProgressReport } from '../../src-main/import/import-progress.ts';
import { runJob } from '../../src-main/jobs/run-job.ts';
import { mediaPath } from '../../src-main/store/media-store.ts';
import { tempDir, tempProfile } from '../helpers/profile.ts';
import { failure, fixture, importLines, mediaFiles, readStore, run, sha256, zipEntryBytes } from './import-helpers.ts';

const lrm = '\u200e';

describe('importChatExport: the fixtures', () => {
  test('imports the iOS export: kinds, senders, multi-line bodies, UTC times, missing and omitted media', async () => {
    const paths = tempProfile();
    const result = await run(paths, fixture('ios-en-gb.txt'), 'WhatsApp Chat with Family Trip Planning.txt');
    expect(result).toEqual<ImportResult>({
      chatId: 1,
      chatTitle: 'Family Trip Planning',
      linesRead: 13,
      messagesAdded: 11,
      messagesSkipped: 0,
      attachmentsStored: 0,
      dateOrder: 'DMY',
    });
    const { chats, messages, attachments } = readStore(paths);
    expect(chats).toEqual([{ id: 1, title: 'Family Trip Planning' }]);
    expect(messages.map((m) => m.kind)).toEqual([
      'system',
      'system',
      'text',
      'text',
      'media',
      'text',
      'media',
      'system',
      'text',
      'deleted',
      'media',
    ]);
    expect(messages.map((m) => m.sender)).toEqual([
      null,
      null,
      'Marta Ruiz',
      'Jonas',
      'Marta Ruiz',
      'Léa 🌊',
      'Jonas',
      null,
      'Marta Ruiz',
      'Léa 🌊',
      'Jonas',
    ]);
    expect(messages[1]?.body).toBe('Marta Ruiz created group "Family Trip Planning"');
    expect(messages[3]?.body).toBe("Yes — 10:40 and 14:10.\nThe later one is cheaper but we'd miss lunch.\nThoughts?");
    expect(messages[7]?.body).toBe('Jonas added +44 7700 900123');
    expect(messages[0]?.sentAt).toBe(Date.UTC(2024, 1, 3, 9, 15, 2));
    expect(messages[10]?.sentAt).toBe(Date.UTC(2024, 1, 4, 7, 2, 0));
    expect(attachments).toEqual([
      { seq: 4, fileName: '00000012-PHOTO-2024-02-03-09-18-11.jpg', mime: 'image/jpeg', size: null, sha256: null, status: 'missing' },
      { seq: 6, fileName: 'audio', mime: null, size: null, sha256: null, status: 'omitted' },
      { seq: 10, fileName: '00000013-AUDIO-2024-02-04-07-02-00.opus', mime: 'audio/ogg', size: null, sha256: null, status: 'missing' },
    ]);
  });

  test('imports the Android export: month first, 12-hour clock, system notice, media markers', async () => {
    const paths = tempProfile();
    const result = await run(paths, fixture('android-en-us.txt'), 'WhatsApp Chat with Sam Patel.txt');
    expect(result).toMatchObject({ chatTitle: 'Sam Patel', linesRead: 10, messagesAdded: 9, dateOrder: 'MDY' });
    const { messages, attachments } = readStore(paths);
    expect(messages.map((m) => [m.sender, m.kind])).toEqual([
      [null, 'system'],
      ['Sam Patel', 'text'],
      ['Priya', 'text'],
      ['Priya', 'media'],
      ['Sam Patel', 'media'],
      ['Sam Patel', 'text'],
      ['Priya', 'deleted'],
      ['Priya', 'text'],
      ['Sam Patel', 'text'],
    ]);
    expect(messages[5]?.body).toBe('also: can you bring the board game?\nthe one with the trains, not the long one');
    expect(messages[8]?.body).toBe('Happy new year - and yes, "quotes" and: colons in text are fine');
    expect(messages[1]?.sentAt).toBe(Date.UTC(2024, 1, 3, 9, 16));
    expect(messages[7]?.sentAt).toBe(Date.UTC(2024, 11, 24, 23, 59));
    expect(messages[8]?.sentAt).toBe(Date.UTC(2025, 0, 1, 0, 0));
    expect(attachments.map((a) => [a.seq, a.fileName, a.status])).toEqual([
      [3, 'IMG-20240203-WA0001.jpg', 'missing'],
      [4, 'media', 'omitted'],
    ]);
  });

  test('imports the zip: streams the named media into the store under their sha256', async () => {
    const paths = tempProfile();
    const phases: string[] = [];
    const result = await run(paths, fixture('ios-with-media.zip'), 'WhatsApp Chat - Family Trip Planning.zip', (p) => phases.push(p.phase));
    expect(result).toMatchObject({ chatTitle: 'Family Trip Planning', linesRead: 13, messagesAdded: 11, attachmentsStored: 2 });
    expect([...new Set(phases)]).toEqual(['reading', 'media', 'writing']);
    const stored = readStore(paths).attachments.filter((a) => a.status === 'stored');
    expect(stored.map((a) => [a.fileName, a.mime, a.size])).toEqual([
      ['00000012-PHOTO-2024-02-03-09-18-11.jpg', 'image/jpeg', 157],
      ['00000013-AUDIO-2024-02-04-07-02-00.opus', 'audio/ogg', 2052],
    ]);
    for (const attachment of stored) {
      const original = await zipEntryBytes(fixture('ios-with-media.zip'), attachment.fileName);
      expect(attachment.sha256).toBe(sha256(original));
      expect(readFileSync(mediaPath(paths, attachment.sha256 ?? ''))).toEqual(original);
    }
  });

  test('importing the same export again adds nothing: no messages, attachments or media files', async () => {
    const paths = tempProfile();
    const first = await run(paths, fixture('ios-with-media.zip'), 'WhatsApp Chat - Family Trip Planning.zip');
    const before = { store: readStore(paths), media: mediaFiles(paths) };
    const again = await run(paths, fixture('ios-with-media.zip'), 'WhatsApp Chat - Family Trip Planning.zip');
    expect(again).toEqual({ ...first, messagesAdded: 0, messagesSkipped: 11, attachmentsStored: 0 });
    expect(readStore(paths)).toEqual(before.store);
    expect(mediaFiles(paths)).toEqual(before.media);
    expect(readdirSync(paths.tmp)).toEqual([]);
  });

  test('runs as a job in a worker thread, creating the profile folders it needs', async () => {
    const profileDir = path.join(tempDir(), 'new-profile');
    const result = await runJob('import', { profileDir, file: fixture('ios-with-media.zip'), displayName: 'WhatsApp Chat - Trip.zip' });
    expect(result).toMatchObject({ chatTitle: 'Trip', messagesAdded: 11, attachmentsStored: 2 });
    expect(readdirSync(path.join(profileDir, 'media'))).toHaveLength(2);
  });

  test('reports progress in bytes for each phase, ending at the total', async () => {
    const reports: ImportProgressReport[] = [];
    await run(tempProfile(), fixture('ios-en-gb.txt'), 'x.txt', (p) => reports.push(p));
    const size = statSync(fixture('ios-en-gb.txt')).size;
    expect(reports).toEqual([
      { phase: 'reading', bytesDone: 0, bytesTotal: size },
      { phase: 'reading', bytesDone: size, bytesTotal: size },
      { phase: 'writing', bytesDone: 0, bytesTotal: size },
      { phase: 'writing', bytesDone: size, bytesTotal: size },
    ]);
  });
});

describe('importChatExport: locale variants', () => {
  test('reads a German export: dots, two-digit years, 24-hour clock', async () => {
    const { result, messages } = await importLines([
      '03.02.24, 21:03 - Oma: Gute Nacht',
      '13.02.24, 07:15 - Opa: Guten Morgen',
      'zweite Zeile',
    ]);
    expect(result.dateOrder).toBe('DMY');
    expect(messages.map((m) => [m.sentAt, m.body])).toEqual([
      [Date.UTC(2024, 1, 3, 21, 3), 'Gute Nacht'],
      [Date.UTC(2024, 1, 13, 7, 15), 'Guten Morgen\nzweite Zeile'],
    ]);
  });

  test('reads year-first dates with dashes, with seconds', async () => {
    const { result, messages } = await importLines(['[2024-02-03 21:03:44] Mei: 你好', '[2024-02-04 08:00:01] Li: 早']);
    expect(result.dateOrder).toBe('YMD');
    expect(messages.map((m) => m.sentAt)).toEqual([Date.UTC(2024, 1, 3, 21, 3, 44), Date.UTC(2024, 1, 4, 8, 0, 1)]);
  });

  test('reads a.m./p.m. after a NARROW NO-BREAK SPACE and marks inside the header', async () => {
    const { messages } = await importLines([
      `${lrm}[3/2/2024, 9:15:00\u202fa.m.] Ana: hola`,
      `[${lrm}3/2/2024, 12:05:09\u00a0p.m.${lrm}] ${lrm}Ana left`,
    ]);
    expect(messages.map((m) => [m.sentAt, m.sender, m.kind])).toEqual([
      [Date.UTC(2024, 1, 3, 9, 15), 'Ana', 'text'],
      [Date.UTC(2024, 1, 3, 12, 5, 9), null, 'system'],
    ]);
  });

  test('decides the date order from the whole file: line 101 settles day first', async () => {
    const ambiguous = Array.from({ length: 100 }, (_, i) => `01/02/2024, 10:${String(i % 60).padStart(2, '0')} - A: m${i}`);
    const { result, messages } = await importLines([...ambiguous, '13/02/2024, 09:00 - B: later']);
    expect(result.dateOrder).toBe('DMY');
    expect(messages[0]?.sentAt).toBe(Date.UTC(2024, 1, 1, 10, 0));
    expect(messages[100]?.sentAt).toBe(Date.UTC(2024, 1, 13, 9, 0));
  });

  test('reads a CRLF export with a byte order mark', async () => {
    const paths = tempProfile();
    const file = path.join(tempDir(), 'chat.txt');
    writeFileSync(file, '\ufeff[03/02/2024, 09:15:02] A: one\r\ntwo\r\n[03/02/2024, 09:16:02] B: three\r\n');
    await run(paths, file, 'WhatsApp Chat with CRLF.txt');
    expect(readStore(paths).messages.map((m) => m.body)).toEqual(['one\ntwo', 'three']);
  });
});

describe('importChatExport: files that are not exports', () => {
  test.each([
    ['prose', 'Dear diary,\nToday was fine.\n', 'Line 1 is not a chat export line: "Dear diary,"'],
    ['an empty file', '', 'Line 1 is missing: the file is empty.'],
    ['a blank first line', '\n[03/02/2024, 09:15:02] A: hi\n', 'Line 1 is not a chat export line: ""'],
    ['a long first line', `${'x'.repeat(100)}\n`, `Line 1 is not a chat export line: "${'x'.repeat(60)}…"`],
  ])('refuses %s, naming the first unreadable line', async (_name, content, message) => {
    const paths = tempProfile();
    const file = path.join(tempDir(), 'notes.txt');
    writeFileSync(file, content);
    const error = await failure(run(paths, file, 'notes.txt'));
    expect(error.toData()).toEqual({ code: 'IMPORT_NOT_AN_EXPORT', message, details: { line: 1 } });
  });

  test('refuses dates that contradict each other and writes nothing', async () => {
    const paths = tempProfile();
    const file = path.join(tempDir(), 'mixed.txt');
    writeFileSync(file, '13/01/24, 10:00 - A: x\n01/02/24, 10:00 - A: y\n01/13/24, 10:00 - A: z\n');
    const error = await failure(run(paths, file, 'mixed.txt'));
    expect(error.code).toBe('IMPORT_NOT_AN_EXPORT');
    expect(error.details).toEqual({ line: 3 });
    expect(readStore(paths).chats).toEqual([]);
  });

  test.each([
    ['a missing file', (dir: string) => path.join(dir, 'gone.txt'), 'ENOENT'],
    ['a folder', (dir: string) => dir, 'EISDIR'],
  ])('reports %s as unreadable', async (_name, fileIn, reason) => {
    const error = await failure(run(tempProfile(), fileIn(tempDir()), 'gone.txt'));
    expect(error.code).toBe('IMPORT_FILE_UNREADABLE');
    expect(error.details).toEqual({ reason });
  });
});
