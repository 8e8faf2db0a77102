import { describe, expect, test } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { forEachLine, maxLineChars } from '../../../src-main/import/read-lines.ts';

/** The parts as a stream's chunks; each arrives on its own turn of the event loop, as from a file. */
async function* chunksOf(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const part of parts) {
    await Promise.resolve();
    yield Buffer.isBuffer(part) ? part : Buffer.from(part);
  }
}

async function linesOf(...parts: (string | Buffer)[]): Promise<{ lines: string[]; numbers: number[]; bytes: number; count: number }> {
  const lines: string[] = [];
  const numbers: number[] = [];
  let bytes = 0;
  const count = await forEachLine(
    chunksOf(...parts),
    (line, lineNumber) => {
      lines.push(line);
      numbers.push(lineNumber);
    },
    (chunk) => (bytes += chunk),
  );
  return { lines, numbers, bytes, count };
}

describe('forEachLine', () => {
  test('splits on \\n and \\r\\n and numbers lines from 1', async () => {
    const result = await linesOf('one\r\ntwo\n', 'three');
    expect(result).toEqual({ lines: ['one', 'two', 'three'], numbers: [1, 2, 3], bytes: 14, count: 3 });
  });

  test('does not count a final line break as another line, but keeps blank lines', async () => {
    expect((await linesOf('a\n\nb\n')).lines).toEqual(['a', '', 'b']);
  });

  test('joins a line and a character split across chunks', async () => {
    const bytes = Buffer.from('Léa 🌊: hi\nnext');
    const result = await linesOf(bytes.subarray(0, 2), bytes.subarray(2, 7), bytes.subarray(7));
    expect(result.lines).toEqual(['Léa 🌊: hi', 'next']);
  });

  test('removes a byte order mark from the first line only', async () => {
    expect((await linesOf('\ufeff[a]\n\ufeffb')).lines).toEqual(['[a]', '\ufeffb']);
  });

  test('reads an empty stream as no lines', async () => {
    expect((await linesOf()).count).toBe(0);
  });

  test('refuses a line longer than any export line instead of holding it in memory', async () => {
    const block = 'x'.repeat(256 * 1024);
    const error = await forEachLine(
      chunksOf('first\n', ...Array.from({ length: maxLineChars / block.length + 1 }, () => block)),
      () => undefined,
      () => undefined,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual({ line: 2 });
  });
});
