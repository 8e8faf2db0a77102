// Writes a snapshot manifest (docs/backup-format.md §12). The engine reports files and their chunks as
// it stores them and asks for the bytes at the very end, once every pack and index is confirmed (§14):
// by then the totals in the header and each file's chunk count are known, so the writer computes them
// instead of trusting the caller. About 100 bytes per chunk line: a few hundred KiB even for many GiB.
import { idToHex } from '../../crypto/ids.ts';
import { MANIFEST_VERSION } from './manifest-schema.ts';
import type { DatabaseRecord, MediaRecord, SnapshotHeader } from './manifest-schema.ts';
import { parseManifest } from './manifest-parser.ts';

export type HeaderInfo = Omit<SnapshotHeader, 'type' | 'version' | 'totals'>;
export type DatabaseInfo = Omit<DatabaseRecord, 'type' | 'chunks'>;
export type MediaInfo = Omit<MediaRecord, 'type' | 'chunks'>;

interface OpenFile {
  readonly recordLine: (chunks: number) => string;
  readonly size: number;
  readonly chunkLines: string[];
  bytes: number;
}

export class ManifestWriter {
  readonly #lines: string[] = [];
  #current: OpenFile | null = null;
  #files = 0;
  #chunks = 0;
  #bytes = 0;
  #finished = false;

  /** The database record; must come first (a restore makes the chats usable before media, §12). */
  database(info: DatabaseInfo): void {
    if (this.#files !== 0) throw new Error('ManifestWriter: the database must be the first file');
    const { name, size, sha256, schemaVersion, counts } = info;
    const ordered = { chats: counts.chats, messages: counts.messages, attachments: counts.attachments };
    this.#open(size, (chunks) => line({ type: 'database', name, size, sha256, schemaVersion, chunks, counts: ordered }));
  }

  media(info: MediaInfo): void {
    if (this.#files === 0) throw new Error('ManifestWriter: the database must be the first file');
    const { sha256, size, mime } = info;
    this.#open(size, (chunks) => line({ type: 'media', sha256, size, mime, chunks }));
  }

  /** The next chunk of the current file, in file order. */
  chunk(id: Uint8Array | string, size: number): void {
    const file = this.#current;
    if (file === null || this.#finished) throw new Error('ManifestWriter: a chunk must follow its file');
    file.chunkLines.push(line({ type: 'chunk', id: typeof id === 'string' ? id : idToHex(id), size }));
    file.bytes += size;
  }

  /**
   * The manifest bytes. They are parsed back before being returned, so the writer can never produce a
   * manifest that restore would refuse (a wrong size sum, an empty chunk, a malformed id, …).
   */
  finish(header: HeaderInfo): Buffer {
    if (this.#finished) throw new Error('ManifestWriter: finish() was already called');
    if (this.#files === 0) throw new Error('ManifestWriter: a snapshot has a database');
    this.#close();
    this.#finished = true;
    const { snapshotId, created, app, host, parent } = header;
    const totals = { files: this.#files, chunks: this.#chunks, bytes: this.#bytes };
    const first = line({ type: 'snapshot', version: MANIFEST_VERSION, snapshotId, created, app, host, parent, totals });
    const bytes = Buffer.from(first + this.#lines.join(''), 'utf8');
    try {
      parseManifest(bytes);
    } catch (error) {
      // A caller bug (say, a malformed sha256), not damage: do not report it as a corrupt object.
      throw new Error('ManifestWriter: the records do not form a valid manifest', { cause: error });
    }
    return bytes;
  }

  #open(size: number, recordLine: (chunks: number) => string): void {
    if (this.#finished) throw new Error('ManifestWriter: finish() was already called');
    this.#close();
    this.#current = { recordLine, size, chunkLines: [], bytes: 0 };
    this.#files += 1;
    this.#bytes += size;
  }

  /** Writes the current file's record, now that its chunk count is known, then its chunks. */
  #close(): void {
    const file = this.#current;
    if (file === null) return;
    if (file.bytes !== file.size) throw new Error(`ManifestWriter: chunk sizes add up to ${file.bytes}, the file has ${file.size}`);
    this.#lines.push(file.recordLine(file.chunkLines.length));
    for (const chunkLine of file.chunkLines) this.#lines.push(chunkLine); // no spread: a file may have 100k+ chunks
    this.#chunks += file.chunkLines.length;
    this.#current = null;
  }
}

function line(record: Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify(record)}\n`;
}
