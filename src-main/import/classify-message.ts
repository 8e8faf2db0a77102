// Reads what follows a header: who sent it and what kind of message it is. The phrases are the
// export's own (English, plus German where known); add a locale by adding its phrases to the tables.
import type { MessageKind } from '../../src-shared/contract.ts';
import { leftToRightMark, stripLeadingMarks, stripMarks } from './text-marks.ts';

export interface AttachmentRef {
  /** The file the export names, or a word such as 'audio' / 'media' when it left the file out. */
  readonly fileName: string;
  readonly omitted: boolean;
}

export interface MessageHead {
  readonly sender: string | null;
  readonly kind: MessageKind;
  /** The first line of the body; null for media, whose marker line is not text (a caption may follow). */
  readonly text: string | null;
  readonly attachment: AttachmentRef | null;
}

/** iOS: `<attached: FILE>`, at the end of the line (documents put a page count before it). */
const attachedPrefixes = ['<attached: ', '<Anhang: '];
/** Android: `FILE (file attached)`. */
const attachedSuffixes = [' (file attached)', ' (Datei angehängt)'];

/** Lower-case phrase → the file name recorded for the omitted attachment. */
const omittedPhrases: ReadonlyMap<string, string> = new Map([
  ['<media omitted>', 'media'],
  ['<medien ausgeschlossen>', 'media'],
  ['image omitted', 'image'],
  ['audio omitted', 'audio'],
  ['video omitted', 'video'],
  ['video note omitted', 'video'],
  ['sticker omitted', 'sticker'],
  ['gif omitted', 'gif'],
  ['document omitted', 'document'],
  ['contact card omitted', 'contact card'],
  ['bild weggelassen', 'image'],
  ['audio weggelassen', 'audio'],
  ['video weggelassen', 'video'],
  ['sticker weggelassen', 'sticker'],
  ['gif weggelassen', 'gif'],
  ['dokument weggelassen', 'document'],
]);

/** Every omitted phrase ends like this: a cheap test before any lower-casing. */
const mayBeOmitted = /(?:omitted|weggelassen|>)$/i;

/** Lower case, without the final full stop. */
const deletedPhrases = new Set([
  'this message was deleted',
  'you deleted this message',
  'diese nachricht wurde gelöscht',
  'du hast diese nachricht gelöscht',
]);

const maxRememberedSenders = 10_000;

export class MessageClassifier {
  /**
   * The chat's own name. iOS writes it as the "sender" of the encryption notice and of some group
   * events (`[..] Trip: ‎Marta added Jonas`); those lines are system lines, not a participant's.
   */
  chatName: string | null = null;

  // A chat has few senders who each write many messages: remember their cleaned names (bounded, in
  // case a file that is not a real export has a new "name" on every line).
  private readonly senders = new Map<string, string>();

  classify(rest: string): MessageHead {
    // iOS system lines start with a left-to-right mark right after the header; names never do.
    if (rest.startsWith(leftToRightMark)) return system(rest);
    const colon = rest.indexOf(': ');
    if (colon === -1) return system(rest);
    const candidate = rest.slice(0, colon);
    // `Marta changed the subject to "Trip: 2024"`: a colon inside quotes does not end a name.
    if (candidate.includes('"') || candidate.includes('\u201c')) return system(rest);
    const sender = this.senderName(candidate);
    const text = rest.slice(colon + 2);
    const plain = stripLeadingMarks(text);
    if (isEncryptionNotice(plain)) {
      this.chatName ??= sender;
      return system(plain);
    }
    if (isDeleted(plain)) return { sender, kind: 'deleted', text: plain, attachment: null };
    const attachment = attachmentIn(plain);
    if (attachment !== null) return { sender, kind: 'media', text: null, attachment };
    if (sender === this.chatName && text.startsWith(leftToRightMark)) return system(plain);
    return { sender, kind: 'text', text, attachment: null };
  }

  private senderName(written: string): string {
    const known = this.senders.get(written);
    if (known !== undefined) return known;
    const name = stripMarks(written).trim();
    if (this.senders.size < maxRememberedSenders) this.senders.set(written, name);
    return name;
  }
}

function system(text: string): MessageHead {
  return { sender: null, kind: 'system', text: stripLeadingMarks(text), attachment: null };
}

function isEncryptionNotice(text: string): boolean {
  return text.startsWith('Messages ') && text.includes('end-to-end encrypt');
}

/** Longer than any deleted-message phrase with its marks: most text is rejected on its length alone. */
const longestDeletedNotice = 48;

function isDeleted(text: string): boolean {
  if (text.length > longestDeletedNotice) return false;
  const lower = stripMarks(text).trim().toLowerCase();
  return deletedPhrases.has(lower.endsWith('.') ? lower.slice(0, -1) : lower);
}

function attachmentIn(text: string): AttachmentRef | null {
  const trimmed = text.trimEnd();
  if (trimmed.endsWith('>')) {
    for (const prefix of attachedPrefixes) {
      const at = trimmed.lastIndexOf(prefix);
      if (at !== -1) return named(trimmed.slice(at + prefix.length, -1));
    }
  }
  for (const suffix of attachedSuffixes) {
    if (trimmed.endsWith(suffix)) return named(trimmed.slice(0, -suffix.length));
  }
  return mayBeOmitted.test(trimmed) ? omitted(stripMarks(trimmed)) : null;
}

function named(fileName: string): AttachmentRef | null {
  // Only a base name: the export never names folders, and the name is looked up in the archive.
  const base = stripMarks(fileName).trim().split(/[/\\]/).pop() ?? '';
  return base === '' ? null : { fileName: base, omitted: false };
}

function omitted(text: string): AttachmentRef | null {
  const lower = text.toLowerCase();
  const exact = omittedPhrases.get(lower);
  if (exact !== undefined) return { fileName: exact, omitted: true };
  // iOS names documents: `Report.pdf • 3 pages document omitted`.
  const bullet = text.indexOf(' • ');
  if (bullet > 0) {
    for (const phrase of omittedPhrases.keys()) {
      if (lower.endsWith(` ${phrase}`)) return { fileName: text.slice(0, bullet), omitted: true };
    }
  }
  return null;
}
