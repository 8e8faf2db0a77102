import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { importChatExport } from '../../src-main/import/import-chat-export.ts';
import { tempDir, tempProfile } from '../helpers/profile.ts';
import { failure, fixture, mediaFiles, readStore, run, sha256, writeZip } from './import-helpers.ts';

describe('importChatExport: zip archives', () => {
  const chat =
    '[03/02/2024, 09:18:11] Marta: \u200e<attached: photo.jpg>\nwhat a view\n[03/02/2024, 09:19:11] Jonas: \u200e<attached: gone.jpg>\n';

  async function importZip(entries: Parameters<typeof writeZip>[1], displayName = 'WhatsApp Chat - Trip.zip') {
    const paths = tempProfile();
    const file = path.join(tempDir(), 'upload.bin');
    writeZip(file, entries);
    return { paths, result: await run(paths, file, displayName) };
  }

  test('finds the Android chat .txt by the archive name beside a .txt document, and marks absent media missing', async () => {
    const { paths, result } = await importZip(
      [
        { name: 'notes.txt', data: 'shopping list' },
        { name: 'WhatsApp Chat with Trip.txt', data: chat },
        { name: 'photo.jpg', data: 'jpeg bytes' },
      ],
      'WhatsApp Chat with Trip.zip',
    );
    expect(result).toMatchObject({ chatTitle: 'Trip', messagesAdded: 2, attachmentsStored: 1 });
    const { messages, attachments } = readStore(paths);
    expect(messages[0]?.body).toBe('what a view');
    expect(attachments.map((a) => [a.fileName, a.status, a.sha256])).toEqual([
      ['photo.jpg', 'stored', sha256(Buffer.from('jpeg bytes'))],
      ['gone.jpg', 'missing', null],
    ]);
    expect(mediaFiles(paths)).toEqual([sha256(Buffer.from('jpeg bytes'))]);
  });

  test('stores only the media the chat names', async () => {
    const { paths } = await importZip([
      { name: '_chat.txt', data: chat },
      { name: 'photo.jpg', data: 'jpeg bytes' },
      { name: 'unrelated.jpg', data: 'other bytes' },
    ]);
    expect(mediaFiles(paths)).toEqual([sha256(Buffer.from('jpeg bytes'))]);
  });

  test.each([
    ['a zip without a .txt', [{ name: 'photo.jpg', data: 'x' }], /no \.txt file/],
    [
      'a zip with several .txt and none named like the chat',
      [
        { name: 'a.txt', data: chat },
        { name: 'b.txt', data: chat },
      ],
      /several \.txt files/,
    ],
    [
      'a zip whose media entry is damaged',
      [
        { name: '_chat.txt', data: chat },
        { name: 'photo.jpg', data: Buffer.from('definitely not deflate data'), method: 8 as const },
      ],
      /media file inside cannot be read/,
    ],
  ])('refuses %s as IMPORT_ZIP_INVALID and writes nothing', async (_name, entries, message) => {
    const paths = tempProfile();
    const file = path.join(tempDir(), 'export.zip');
    writeZip(file, entries);
    const error = await failure(run(paths, file, 'export.zip'));
    expect(error.code).toBe('IMPORT_ZIP_INVALID');
    expect(error.message).toMatch(message);
    expect(readStore(paths).chats).toEqual([]);
  });

  test.each([
    ['a truncated zip', (file: string) => writeFileSync(file, readFileSync(fixture('ios-with-media.zip')).subarray(0, 600))],
    ['random bytes named .zip', (file: string) => writeFileSync(file, Buffer.from('this is not an archive'))],
  ])('refuses %s as IMPORT_ZIP_INVALID', async (_name, write) => {
    const file = path.join(tempDir(), 'export.zip');
    write(file);
    expect((await failure(run(tempProfile(), file, 'export.zip'))).code).toBe('IMPORT_ZIP_INVALID');
  });
});

describe('importChatExport: cancellation', () => {
  /** A ~10 MB export: enough chunks to cancel in the middle of writing. */
  function largeExport(): string {
    const file = path.join(tempDir(), 'large.txt');
    const lines = Array.from(
      { length: 200_000 },
      (_, i) =>
        `[${String((i % 28) + 1).padStart(2, '0')}/02/2024, 10:00:${String(i % 60).padStart(2, '0')}] Marta: message number ${i} ${'x'.repeat(10)}`,
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  test('cancelling while writing leaves the store untouched', async () => {
    const paths = tempProfile();
    await run(paths, fixture('ios-en-gb.txt'), 'WhatsApp Chat with Family.txt');
    const before = readStore(paths);
    const controller = new AbortController();
    const phases = new Set<string>();
    const importing = importChatExport(
      paths,
      { file: largeExport(), displayName: 'WhatsApp Chat with Large.txt' },
      {
        signal: controller.signal,
        onProgress: (p) => {
          phases.add(p.phase);
          if (p.phase === 'writing' && p.bytesDone > 0) controller.abort();
        },
      },
    );
    expect((await failure(importing)).code).toBe('OPERATION_CANCELLED');
    expect(phases).toEqual(new Set(['reading', 'writing']));
    expect(readStore(paths)).toEqual(before);
  });

  test('cancelling while media is stored writes no rows and leaves no temp files', async () => {
    const paths = tempProfile();
    const file = path.join(tempDir(), 'export.zip');
    writeZip(file, [
      { name: '_chat.txt', data: '[03/02/2024, 09:18:11] Marta: \u200e<attached: video.mp4>\n' },
      { name: 'video.mp4', data: Buffer.alloc(4 * 1024 * 1024, 7) },
    ]);
    const controller = new AbortController();
    const importing = importChatExport(
      paths,
      { file, displayName: 'export.zip' },
      { signal: controller.signal, onProgress: (p) => p.phase === 'media' && p.bytesDone > 0 && controller.abort() },
    );
    expect((await failure(importing)).code).toBe('OPERATION_CANCELLED');
    expect(readStore(paths).chats).toEqual([]);
    expect(readdirSync(paths.tmp)).toEqual([]);
  });

  test('an import cancelled before it starts reads nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(
      importChatExport(
        tempProfile(),
        { file: fixture('ios-en-gb.txt'), displayName: 'x.txt' },
        { signal: controller.signal, onProgress: () => undefined },
      ),
    );
    expect(error.code).toBe('OPERATION_CANCELLED');
  });
});
