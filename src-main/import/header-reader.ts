// Decides, line by line, whether a line starts a message. The first line must (continuation lines only
// make sense after a header), and it fixes the export's layout: later lines count as headers only in that
// same shape, so a pasted line in another layout stays part of the message that quotes it.
import { parseLineHeader, type LineHeader } from './line-header.ts';
import { unreadableLine } from './not-an-export.ts';

export class HeaderReader {
  private shape: number | null = null;

  /** The line's header, or null for a continuation line. Throws IMPORT_NOT_AN_EXPORT for a first line without one. */
  read(line: string, lineNumber: number): LineHeader | null {
    const header = parseLineHeader(line);
    if (this.shape === null) {
      if (header === null) throw unreadableLine(lineNumber, line);
      this.shape = header.shape;
      return header;
    }
    return header !== null && header.shape === this.shape ? header : null;
  }
}
