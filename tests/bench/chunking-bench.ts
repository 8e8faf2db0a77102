// Throughput of the backup format's hot paths, to read against benchSecretstream (crypto-bench.ts):
// FastCDC over the database, fixed cuts + chunk ids over media, zstd over SQLite pages. Run:
//   ./node_modules/.bin/node -e "import('./tests/bench/chunking-bench.ts').then(m=>m.benchChunking()).then(console.log)"
import { createCipheriv } from 'node:crypto';
import { zstdDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { FixedChunker } from '../../src-main/backup/format/chunk-stream.ts';
import type { Chunker } from '../../src-main/backup/format/chunk-stream.ts';
import { DatabaseChunker } from '../../src-main/backup/format/fastcdc.ts';
import { MEDIA_CHUNK_BYTES } from '../../src-main/backup/format/layout.ts';
import type { ChunkType } from '../../src-main/backup/format/layout.ts';
import { PackBuilder } from '../../src-main/backup/format/pack-builder.ts';
import type { FinishedPack } from '../../src-main/backup/format/pack-builder.ts';
import { chunkId, deriveCdcGearTable, deriveChunkIdKey } from '../../src-main/crypto/kdf.ts';
import { randomBytes } from '../../src-main/crypto/sodium.ts';

const MiB = 1024 * 1024;

export interface ChunkingBenchOptions {
  /** Bytes of random input for the chunking measurements (default 256 MiB). */
  readonly bytes?: number;
  /** Approximate size of the generated SQLite database for zstd (default 64 MiB). */
  readonly databaseBytes?: number;
}

export async function benchChunking(options: ChunkingBenchOptions = {}): Promise<Record<string, number>> {
  const total = options.bytes ?? 256 * MiB;
  const bk = randomBytes(32);
  const gear = deriveCdcGearTable(bk);
  const key = deriveChunkIdKey(bk);
  const random = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16)).update(Buffer.alloc(total));
  const database = sqliteImage(options.databaseBytes ?? 64 * MiB);

  let cdcChunks = 0;
  const cdc = timed(() => (cdcChunks = drain(new DatabaseChunker(gear), random, MiB, () => undefined)));
  const ids = timed(() => drain(new FixedChunker(), random, MEDIA_CHUNK_BYTES, (chunk) => chunkId(key, chunk)));
  const idsSmallPieces = timed(() => drain(new FixedChunker(), random, 64 * 1024, (chunk) => chunkId(key, chunk)));
  const media = timed(() => packMedia(random, key));

  const compressed: Buffer[] = [];
  const zstd = timed(() => {
    for (const { plaintext, entries } of packAll(splitBuffer(database, MiB), () => Buffer.alloc(32), 'database')) {
      for (const entry of entries) compressed.push(plaintext.subarray(entry.offset + 44, entry.offset + 44 + entry.storedLength));
    }
  });
  const unzstd = timed(() => compressed.forEach((frame) => zstdDecompressSync(frame)));
  const storedBytes = compressed.reduce((sum, frame) => sum + frame.length, 0);

  await Promise.resolve();
  const mbps = (bytes: number, seconds: number): number => Math.round(bytes / MiB / seconds);
  return {
    randomMiB: Math.round(total / MiB),
    fastcdcMBps: mbps(total, cdc),
    fastcdcMeanChunkKiB: Math.round(total / cdcChunks / 1024),
    fixedCutPlusChunkIdMBps: mbps(total, ids),
    fixedCutPlusChunkId64KiBPiecesMBps: mbps(total, idsSmallPieces),
    mediaCutIdPackMBps: mbps(total, media),
    sqliteMiB: Math.round(database.length / MiB),
    zstdL3PackMBps: mbps(database.length, zstd),
    zstdRatio: Number((database.length / storedBytes).toFixed(2)),
    zstdDecompressMBps: mbps(database.length, unzstd),
  };
}

/** Pushes `input` in pieces of `pieceBytes`, handing each chunk to `use`; returns the chunk count. */
function drain(chunker: Chunker, input: Buffer, pieceBytes: number, use: (chunk: Buffer) => unknown): number {
  let count = 0;
  const take = (chunks: Buffer[]): void => {
    for (const chunk of chunks) use(chunk);
    count += chunks.length;
  };
  for (const piece of splitBuffer(input, pieceBytes)) take(chunker.push(piece));
  take(chunker.flush());
  return count;
}

/** The media path without encryption: fixed cut, chunk id, copy into 16 MiB packs, padding. */
function packMedia(input: Buffer, key: Uint8Array): void {
  const chunks: Buffer[] = [];
  drain(new FixedChunker(), input, MEDIA_CHUNK_BYTES, (chunk) => chunks.push(chunk));
  for (const pack of packAll(chunks, (raw) => chunkId(key, raw), 'media')) void pack;
}

/** Packs chunks as the engine would, compressing database chunks only. */
function* packAll(chunks: Iterable<Buffer>, idOf: (raw: Buffer) => Buffer, type: ChunkType): Generator<FinishedPack> {
  let builder = new PackBuilder();
  for (const raw of chunks) {
    builder.add({ chunkId: idOf(raw), type, raw, compress: type === 'database' });
    if (builder.isFull) {
      yield builder.finish();
      builder = new PackBuilder();
    }
  }
  yield builder.finish();
}

/** A chat-like SQLite file: messages with varied text, an index, and the usual page structure. */
function sqliteImage(targetBytes: number): Buffer {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE messages(id INTEGER PRIMARY KEY, chat_id INTEGER, sender TEXT, sent_at INTEGER, body TEXT, fingerprint BLOB);
           CREATE INDEX messages_by_chat ON messages(chat_id, sent_at);`);
  const words = 'the ferry leaves at ten so we should meet early and bring lunch snacks tickets maybe rain later ok yes no 🙏 Léa'.split(
    ' ',
  );
  const insert = db.prepare('INSERT INTO messages(chat_id, sender, sent_at, body, fingerprint) VALUES (?, ?, ?, ?, ?)');
  let seed = 1;
  const next = (below: number): number => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed % below;
  };
  const batch = db.transaction((rows: number) => {
    for (let i = 0; i < rows; i++) {
      const body = Array.from({ length: 3 + next(25) }, () => words[next(words.length)]).join(' ');
      insert.run(next(200), `Sender ${next(40)}`, 1_700_000_000_000 + i * 3000 + next(2000), body, randomBytes(16));
    }
  });
  while (Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count) * 4096 < targetBytes) batch(20_000);
  const image = db.serialize();
  db.close();
  return image;
}

function* splitBuffer(input: Buffer, pieceBytes: number): Generator<Buffer> {
  for (let offset = 0; offset < input.length; offset += pieceBytes) yield input.subarray(offset, offset + pieceBytes);
}

function timed(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}
