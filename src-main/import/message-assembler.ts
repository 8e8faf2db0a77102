// Joins a header line and the continuation lines after it into one message.
import type { MessageKind } from '../../src-shared/contract.ts';
import { MessageClassifier, type AttachmentRef, type MessageHead } from './classify-message.ts';
import { HeaderReader } from './header-reader.ts';
import type { LineHeader } from './line-header.ts';
import { notAnExport } from './not-an-export.ts';

export interface AssembledMessage {
  /** The line number of the header. */
  readonly line: number;
  readonly header: LineHeader;
  readonly sender: string | null;
  readonly kind: MessageKind;
  readonly body: string;
  readonly attachment: AttachmentRef | null;
}

/** Far above the messenger's own limit: a longer "message" means a file that only starts like an export. */
export const maxMessageChars = 1_000_000;

interface Pending {
  readonly line: number;
  readonly header: LineHeader;
  readonly head: MessageHead;
  readonly more: string[];
  chars: number;
}

export class MessageAssembler {
  private readonly headers = new HeaderReader();
  private readonly classifier = new MessageClassifier();
  private pending: Pending | null = null;

  /** Feeds one line; returns the message this line completed, if any. */
  push(line: string, lineNumber: number): AssembledMessage | null {
    const header = this.headers.read(line, lineNumber);
    if (header === null) {
      // The reader guarantees a header on line 1, so there is always a message to continue.
      const pending = this.pending as Pending;
      pending.chars += line.length + 1;
      if (pending.chars > maxMessageChars) {
        throw notAnExport(lineNumber, `Line ${lineNumber} makes the message of line ${pending.line} longer than any chat message.`);
      }
      pending.more.push(line);
      return null;
    }
    const done = this.end();
    const head = this.classifier.classify(header.rest);
    this.pending = { line: lineNumber, header, head, more: [], chars: header.rest.length };
    return done;
  }

  /** Completes the last message at the end of the file. */
  end(): AssembledMessage | null {
    const pending = this.pending;
    if (pending === null) return null;
    this.pending = null;
    const { head, more } = pending;
    // A media marker line is not body text: the body is the caption on the lines after it.
    const body = head.text === null ? more.join('\n') : more.length === 0 ? head.text : `${head.text}\n${more.join('\n')}`;
    return { line: pending.line, header: pending.header, sender: head.sender, kind: head.kind, body, attachment: head.attachment };
  }
}
