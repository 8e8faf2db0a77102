// The .zip that "Export chat" makes: the chat as _chat.txt (iOS) or "<name>.txt" (Android), plus the
// media files the chat names. Entries are streamed straight out of the archive, never extracted.
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../src-shared/errors.ts';
import type { ExportSource } from './export-source.ts';

export async function openZipExport(file: string, displayName: string): Promise<ExportSource> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (error) {
    throw zipInvalid('The .zip file could not be opened: it is damaged or not a zip archive.', error);
  }
  try {
    const { chat, media } = await listEntries(zip, displayName);
    return {
      chatBytes: chat.uncompressedSize,
      chatChunks: () => readEntry(zip, chat),
      media: {
        sizeOf: (fileName) => media.get(fileName)?.uncompressedSize ?? null,
        open: (fileName) => openEntry(zip, media.get(fileName)),
      },
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

async function listEntries(zip: ZipFile, displayName: string): Promise<{ chat: Entry; media: Map<string, Entry> }> {
  const texts: Entry[] = [];
  const media = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      // Folders and the resource forks macOS adds when it zips are not part of the export.
      if (entry.fileName.endsWith('/') || entry.fileName.startsWith('__MACOSX/')) continue;
      const name = path.posix.basename(entry.fileName);
      if (name.toLowerCase().endsWith('.txt')) texts.push(entry);
      if (!media.has(name)) media.set(name, entry);
    }
  } catch (error) {
    throw zipInvalid('The .zip file is damaged: its list of files cannot be read.', error);
  }
  const chat = chooseChat(texts, displayName);
  media.delete(path.posix.basename(chat.fileName));
  return { chat, media };
}

/** _chat.txt; else the only .txt; else the .txt named like the archive (a shared .txt document may sit beside it). */
function chooseChat(texts: readonly Entry[], displayName: string): Entry {
  const byName = (name: string): Entry | undefined => texts.find((entry) => path.posix.basename(entry.fileName).toLowerCase() === name);
  const stem = path
    .basename(displayName)
    .replace(/\.zip$/i, '')
    .toLowerCase();
  const chat = byName('_chat.txt') ?? (texts.length === 1 ? texts[0] : byName(`${stem}.txt`));
  if (chat !== undefined) return chat;
  throw zipInvalid(
    texts.length === 0
      ? 'The .zip file holds no chat: there is no .txt file in it.'
      : 'The .zip file holds several .txt files and none is named like the chat.',
  );
}

async function* readEntry(zip: ZipFile, entry: Entry): AsyncGenerator<Buffer> {
  const stream = await openEntry(zip, entry);
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw zipInvalid('The .zip file is damaged: the chat inside cannot be read.', error);
  }
}

async function openEntry(zip: ZipFile, entry: Entry | undefined): Promise<Readable> {
  if (entry === undefined) throw new AppError('INTERNAL_ERROR', 'Asked for a file the archive does not hold.');
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (error) {
    // Encrypted entries and unknown compression methods land here as well as damaged headers.
    throw zipInvalid('The .zip file is damaged: a file inside cannot be read.', error);
  }
}

export function zipInvalid(message: string, cause?: unknown): AppError {
  return new AppError('IMPORT_ZIP_INVALID', message, undefined, { cause });
}
