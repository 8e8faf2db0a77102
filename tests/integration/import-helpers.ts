// Helpers for the import tests (import*.test.ts): running an import, a tiny zip writer (the project only reads zips) and
// short readers of what an import left in the store.
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import type { ImportResult, MessageKind } from '../../src-shared/contract.ts';
import { AppError } from '../../src-shared/errors.ts';
import { importChatExport } from '../../src-main/import/import-chat-export.ts';
import type { ImportProgressReport } from '../../src-main/import/import-progress.ts';
import { openStore } from '../../src-main/store/open-store.ts';
import type { ProfilePaths } from '../../src-main/store/profile.ts';
import { fixturesDir, tempDir, tempProfile } from '../helpers/profile.ts';

export const fixture = (name: string): string => path.join(fixturesDir, name);

export function run(
  paths: ProfilePaths,
  file: string,
  displayName: string,
  onProgress: (progress: ImportProgressReport) => void = () => undefined,
): Promise<ImportResult> {
  return importChatExport(paths, { file, displayName }, { signal: new AbortController().signal, onProgress });
}

/** The AppError a promise rejects with; anything else fails the test. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected the import to fail'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

/** Writes lines as a temp export and imports it into a fresh profile. */
export async function importLines(lines: readonly string[], displayName = 'WhatsApp Chat with Variant.txt') {
  const paths = tempProfile();
  const file = path.join(tempDir(), displayName);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const result = await run(paths, file, displayName);
  return { paths, result, ...readStore(paths) };
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** The names of the files in the media store. */
export const mediaFiles = (paths: ProfilePaths): string[] =>
  readdirSync(paths.media, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);

export interface ZipEntrySpec {
  readonly name: string;
  readonly data: Buffer | string;
  /** 0 stores the bytes; 8 claims they are deflated (write garbage to get a damaged entry). */
  readonly method?: 0 | 8;
}

/** Writes a zip archive with the given entries, uncompressed unless told otherwise. */
export function writeZip(file: string, entries: readonly ZipEntrySpec[]): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data);
    const method = entry.method ?? 0;
    const crc = crc32(data);
    // Sizes: a "deflated" garbage entry claims the same uncompressed size as its bytes.
    const fields = { method, crc, size: data.length, nameLength: name.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeCommon(local, 4, fields);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    writeCommon(central, 6, fields);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...locals, directory, end]));
}

/** The part shared by local and central headers: version, UTF-8 flag, method, date, crc, sizes, name length. */
function writeCommon(header: Buffer, at: number, fields: { method: number; crc: number; size: number; nameLength: number }): void {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(0x0800, at + 2);
  header.writeUInt16LE(fields.method, at + 4);
  header.writeUInt16LE(0x5821, at + 8);
  header.writeUInt32LE(fields.crc, at + 10);
  header.writeUInt32LE(fields.size, at + 14);
  header.writeUInt32LE(fields.size, at + 18);
  header.writeUInt16LE(fields.nameLength, at + 22);
}

/** The bytes of one file in a zip, read independently of the importer. */
export async function zipEntryBytes(file: string, name: string): Promise<Buffer> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    }
    throw new Error(`${name} is not in ${file}`);
  } finally {
    zip.close();
  }
}

export interface StoredMessage {
  readonly seq: number;
  readonly sender: string | null;
  readonly sentAt: number;
  readonly kind: MessageKind;
  readonly body: string;
}

export interface StoredAttachment {
  readonly seq: number;
  readonly fileName: string;
  readonly mime: string | null;
  readonly size: number | null;
  readonly sha256: string | null;
  readonly status: string;
}

export interface StoreContents {
  readonly chats: { id: number; title: string }[];
  readonly messages: StoredMessage[];
  readonly attachments: StoredAttachment[];
}

/** Everything the store holds, in chat and seq order. */
export function readStore(paths: ProfilePaths, chatId?: number): StoreContents {
  const db = openStore(paths.database);
  try {
    const where = chatId === undefined ? '' : 'WHERE m.chat_id = ?';
    const args = chatId === undefined ? [] : [chatId];
    return {
      chats: db.prepare('SELECT id, title FROM chats ORDER BY id').all() as StoreContents['chats'],
      messages: db
        .prepare(
          `SELECT m.seq, p.display_name AS sender, m.sent_at AS sentAt, m.kind, m.body
           FROM messages m LEFT JOIN participants p ON p.id = m.sender_id ${where} ORDER BY m.chat_id, m.seq`,
        )
        .all(...args) as StoredMessage[],
      attachments: db
        .prepare(
          `SELECT m.seq, a.file_name AS fileName, a.mime, a.size, a.sha256, a.status
           FROM attachments a JOIN messages m ON m.id = a.message_id ${where} ORDER BY m.chat_id, m.seq`,
        )
        .all(...args) as StoredAttachment[],
    };
  } finally {
    db.close();
  }
}
