// First pass over the chat text: checks that it is an export, decides the date order from every
// header, and finds the media files the chat names that the archive holds. Nothing is written.
import { DateOrderInference, type DateOrderDecision } from './date-order.ts';
import type { ExportSource } from './export-source.ts';
import { HeaderReader } from './header-reader.ts';
import { MessageClassifier } from './classify-message.ts';
import type { ImportProgress } from './import-progress.ts';
import { emptyExport } from './not-an-export.ts';
import { forEachLine } from './read-lines.ts';

export interface ExportScan {
  readonly lines: number;
  readonly dateOrder: DateOrderDecision;
  /** The chat's own name when the export states it (see MessageClassifier.chatName). */
  readonly chatName: string | null;
  /** Attachments the chat names that the archive holds: the files to store. */
  readonly mediaNames: ReadonlySet<string>;
}

export async function scanExport(source: ExportSource, progress: ImportProgress): Promise<ExportScan> {
  const headers = new HeaderReader();
  const classifier = new MessageClassifier();
  const dates = new DateOrderInference();
  const mediaNames = new Set<string>();
  const archive = source.media;
  progress.start('reading', source.chatBytes);
  const lines = await forEachLine(
    source.chatChunks(),
    (line, lineNumber) => {
      const header = headers.read(line, lineNumber);
      if (header === null) return;
      dates.observe(header, lineNumber, line);
      const { attachment } = classifier.classify(header.rest);
      if (archive !== null && attachment !== null && !attachment.omitted && archive.sizeOf(attachment.fileName) !== null) {
        mediaNames.add(attachment.fileName);
      }
    },
    (bytes) => progress.advance(bytes),
  );
  if (lines === 0) throw emptyExport();
  progress.finish();
  return { lines, dateOrder: dates.decide(), chatName: classifier.chatName, mediaNames };
}
