// Imports a chat that the messenger's "Export chat" produced (.txt, or .zip with media) into the
// message store. Runs in a worker thread (src-main/jobs). Three phases, each reported in bytes:
//   reading  check the file and decide the date order from every line (nothing written)
//   media    stream the media files the chat names out of the archive into the media store
//   writing  read the chat again and write it in one transaction
// See docs/chat-import.md for the formats and the choices made.
import { mkdir } from 'node:fs/promises';
import type { ImportResult } from '../../src-shared/contract.ts';
import { createLogger } from '../log.ts';
import type { StoredMedia } from '../store/media-store.ts';
import { openStore } from '../store/open-store.ts';
import type { ProfilePaths } from '../store/profile.ts';
import { chatIdentity } from './chat-identity.ts';
import { openExportSource } from './export-source.ts';
import { ImportProgress, type ImportContext } from './import-progress.ts';
import { scanExport } from './scan-export.ts';
import { storeExportMedia } from './store-export-media.ts';
import { writeExport } from './write-export.ts';

const log = createLogger('import');
const importCacheKiB = 32 * 1024;

export interface ImportRequest {
  /** Where the export is on disk. */
  readonly file: string;
  /** The name the person knows it by (the chat's identity comes from it). */
  readonly displayName: string;
}

export async function importChatExport(paths: ProfilePaths, request: ImportRequest, context: ImportContext): Promise<ImportResult> {
  const progress = new ImportProgress(context);
  progress.throwIfCancelled();
  const started = performance.now();
  const source = await openExportSource(request.file, request.displayName);
  try {
    const scan = await scanExport(source, progress);
    log.info('export scanned', {
      lines: scan.lines,
      dateOrder: scan.dateOrder.order,
      reason: scan.dateOrder.reason,
      media: scan.mediaNames.size,
    });
    const chat = chatIdentity(request.displayName, scan.chatName);
    let media: ReadonlyMap<string, StoredMedia> = new Map();
    if (source.media !== null && scan.mediaNames.size > 0) {
      for (const folder of [paths.media, paths.tmp]) await mkdir(folder, { recursive: true, mode: 0o700 });
      media = await storeExportMedia(paths, source.media, scan.mediaNames, progress);
    }
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    const db = openStore(paths.database);
    // One long write transaction inserts into random-keyed indexes (fingerprints): a 32 MiB page
    // cache instead of SQLite's 2 MiB default saves about a quarter of the write time, at a fixed cost.
    db.pragma(`cache_size = -${importCacheKiB}`);
    try {
      const written = await writeExport(db, source, chat, scan.dateOrder.order, media, progress);
      log.info('export imported', { added: written.added, skipped: written.skipped, ms: Math.round(performance.now() - started) });
      return {
        chatId: written.chatId,
        chatTitle: chat.title,
        linesRead: written.lines,
        messagesAdded: written.added,
        messagesSkipped: written.skipped,
        attachmentsStored: written.attachmentsStored,
        dateOrder: scan.dateOrder.order,
      };
    } finally {
      db.close();
    }
  } finally {
    source.close();
  }
}
