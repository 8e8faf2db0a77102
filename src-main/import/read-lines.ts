// Splits a byte stream into lines without holding more than one chunk and one partial line. Lines are
// handed over synchronously, so the per-line cost is a function call, not a promise.
import { notAnExport } from './not-an-export.ts';

/** Longer than any real line; a file without line breaks would otherwise be read whole into memory. */
export const maxLineChars = 1_000_000;

/**
 * Calls onLine for each line (1-based numbers, without \n or \r\n, the byte order mark removed) and
 * onBytes after each chunk. Returns the number of lines. A final line break does not start a new line.
 */
export async function forEachLine(
  chunks: AsyncIterable<Buffer>,
  onLine: (line: string, lineNumber: number) => void,
  onBytes: (bytes: number) => void,
): Promise<number> {
  // TextDecoder in stream mode keeps a character split across chunks whole; invalid bytes become U+FFFD.
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let lineNumber = 0;
  const emit = (line: string): void => {
    lineNumber += 1;
    let text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (lineNumber === 1 && text.startsWith('\ufeff')) text = text.slice(1);
    onLine(text, lineNumber);
  };
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      emit(text.slice(start, end));
      start = end + 1;
    }
    carry = text.slice(start);
    if (carry.length > maxLineChars) {
      throw notAnExport(lineNumber + 1, `Line ${lineNumber + 1} is longer than any line of a chat export.`);
    }
    onBytes(chunk.length);
  }
  const tail = carry + decoder.decode();
  if (tail.length > 0) emit(tail);
  return lineNumber;
}
