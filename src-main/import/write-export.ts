// Second pass: assembles the messages and writes them in ONE transaction, so a crash, an error or a
// cancellation leaves the store exactly as it was.
import type { DateOrder } from '../../src-shared/contract.ts';
import { ChatWriter, type IncomingAttachment, type ChatWriteSummary } from '../store/chat-writer.ts';
import { mimeFromName, type StoredMedia } from '../store/media-store.ts';
import type { Store } from '../store/open-store.ts';
import type { ChatIdentity } from './chat-identity.ts';
import type { AttachmentRef } from './classify-message.ts';
import type { ExportSource } from './export-source.ts';
import { headerTimestamp } from './header-time.ts';
import type { ImportProgress } from './import-progress.ts';
import { MessageAssembler, type AssembledMessage } from './message-assembler.ts';
import { notAnExport } from './not-an-export.ts';
import { forEachLine } from './read-lines.ts';

export interface ExportWrite extends ChatWriteSummary {
  readonly lines: number;
  /** Attachment rows written with their bytes in the media store. */
  readonly attachmentsStored: number;
}

export async function writeExport(
  db: Store,
  source: ExportSource,
  chat: ChatIdentity,
  dateOrder: DateOrder,
  media: ReadonlyMap<string, StoredMedia>,
  progress: ImportProgress,
): Promise<ExportWrite> {
  progress.start('writing', source.chatBytes);
  db.exec('BEGIN IMMEDIATE');
  try {
    const writer = new ChatWriter(db, chat);
    const assembler = new MessageAssembler();
    let attachmentsStored = 0;
    const write = (message: AssembledMessage): void => {
      const attachment = message.attachment === null ? null : toAttachment(message.attachment, media);
      const sentAt = headerTimestamp(message.header, dateOrder);
      // The first pass read every header in this order; only a file changed in between gets here.
      if (Number.isNaN(sentAt)) throw notAnExport(message.line, `Line ${message.line} changed while it was being imported.`);
      const added = writer.add({
        sentAt,
        sender: message.sender,
        kind: message.kind,
        body: message.body,
        attachments: attachment === null ? [] : [attachment],
      });
      if (added && attachment?.status === 'stored') attachmentsStored += 1;
    };
    const lines = await forEachLine(
      source.chatChunks(),
      (line, lineNumber) => {
        const message = assembler.push(line, lineNumber);
        if (message !== null) write(message);
      },
      (bytes) => progress.advance(bytes),
    );
    const last = assembler.end();
    if (last !== null) write(last);
    const summary = writer.finish();
    progress.throwIfCancelled();
    db.exec('COMMIT');
    progress.finish();
    return { ...summary, lines, attachmentsStored };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function toAttachment(ref: AttachmentRef, media: ReadonlyMap<string, StoredMedia>): IncomingAttachment {
  if (ref.omitted) return { fileName: ref.fileName, status: 'omitted', sha256: null, size: null, mime: null };
  const stored = media.get(ref.fileName);
  const mime = mimeFromName(ref.fileName);
  if (stored === undefined) return { fileName: ref.fileName, status: 'missing', sha256: null, size: null, mime };
  return { fileName: ref.fileName, status: 'stored', sha256: stored.sha256, size: stored.size, mime };
}
