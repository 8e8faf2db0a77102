// IMPORT_NOT_AN_EXPORT errors. They name the first line that could not be read (details.line), so
// support can tell a renamed file from an unsupported locale at a glance.
import { AppError } from '../../src-shared/errors.ts';

const quotedChars = 60;

export function notAnExport(line: number, message: string): AppError {
  return new AppError('IMPORT_NOT_AN_EXPORT', message, { line });
}

export function unreadableLine(line: number, text: string): AppError {
  return notAnExport(line, `Line ${line} is not a chat export line: ${quoteLine(text)}`);
}

export function emptyExport(): AppError {
  return notAnExport(1, 'Line 1 is missing: the file is empty.');
}

/** The line in quotes, cut to a readable length, with control characters (binary files) made visible. */
export function quoteLine(text: string): string {
  // Cut on code points, so an emoji is never split in half.
  const head = Array.from(text.slice(0, quotedChars * 2))
    .slice(0, quotedChars)
    .join('');
  const visible = Array.from(head, (char) => (isControl(char.charCodeAt(0)) ? '\ufffd' : char)).join('');
  return `"${visible}${head.length < text.length ? '…' : ''}"`;
}

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}
