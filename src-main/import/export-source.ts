// Opens what the person chose: a chat .txt, or the .zip "Export chat" makes with media (zip-export.ts).
// Both give the chat text as a stream of chunks that can be read more than once (one pass per phase).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../../src-shared/errors.ts';
import { openZipExport } from './zip-export.ts';

export interface MediaArchive {
  /** The uncompressed size of the file the chat names, or null when the archive does not hold it. */
  sizeOf(fileName: string): number | null;
  open(fileName: string): Promise<Readable>;
}

export interface ExportSource {
  readonly chatBytes: number;
  /** A fresh read of the chat text from its start. */
  chatChunks(): AsyncIterable<Buffer>;
  /** The files packed with the chat; null for a bare .txt. */
  readonly media: MediaArchive | null;
  close(): void;
}

const zipSignatures = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];

export async function openExportSource(file: string, displayName: string): Promise<ExportSource> {
  const { size, magic } = await inspect(file);
  if (zipSignatures.some((signature) => magic.equals(signature))) return openZipExport(file, displayName);
  if (displayName.toLowerCase().endsWith('.zip'))
    throw new AppError('IMPORT_ZIP_INVALID', 'The file is named .zip but is not a zip archive.');
  return {
    chatBytes: size,
    chatChunks: () => readFileChunks(file),
    media: null,
    close: () => undefined,
  };
}

async function inspect(file: string): Promise<{ size: number; magic: Buffer }> {
  try {
    const handle = await open(file, 'r');
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw Object.assign(new Error('not a regular file'), { code: stats.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
      return { size: stats.size, magic: buffer.subarray(0, bytesRead) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileUnreadable(error);
  }
}

async function* readFileChunks(file: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
  } catch (error) {
    throw fileUnreadable(error);
  }
}

function fileUnreadable(error: unknown): AppError {
  const code = (error as { code?: unknown } | null)?.code;
  return new AppError('IMPORT_FILE_UNREADABLE', undefined, { reason: typeof code === 'string' ? code : 'unknown' }, { cause: error });
}
