import { describe, expect, test } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { MessageAssembler, maxMessageChars, type AssembledMessage } from '../../../src-main/import/message-assembler.ts';

function assemble(lines: readonly string[]): AssembledMessage[] {
  const assembler = new MessageAssembler();
  const messages: AssembledMessage[] = [];
  lines.forEach((line, index) => {
    const message = assembler.push(line, index + 1);
    if (message !== null) messages.push(message);
  });
  const last = assembler.end();
  return last === null ? messages : [...messages, last];
}

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('MessageAssembler', () => {
  test('joins continuation lines, blank ones included, into the message above them', () => {
    const messages = assemble(['[03/02/2024, 09:17:05] Jonas: Yes', 'The later one', '', 'Thoughts?', '[03/02/2024, 09:18:30] Léa: ok']);
    expect(messages.map((message) => [message.line, message.sender, message.body])).toEqual([
      [1, 'Jonas', 'Yes\nThe later one\n\nThoughts?'],
      [5, 'Léa', 'ok'],
    ]);
  });

  test('keeps a media caption as the body and drops the marker line', () => {
    const [message] = assemble(['2/3/24, 9:17 AM - Priya: IMG-1.jpg (file attached)', 'the view!']);
    expect(message).toMatchObject({ kind: 'media', body: 'the view!', attachment: { fileName: 'IMG-1.jpg', omitted: false } });
  });

  test('gives media without a caption an empty body', () => {
    expect(assemble(['2/3/24, 9:18 AM - Sam: <Media omitted>'])[0]?.body).toBe('');
  });

  test('refuses a file whose first line is not a header, quoting it', () => {
    const error = thrown(() => assemble(['Hello there', '[03/02/2024, 09:17:05] Jonas: Yes']));
    expect(error.code).toBe('IMPORT_NOT_AN_EXPORT');
    expect(error.details).toEqual({ line: 1 });
    expect(error.message).toBe('Line 1 is not a chat export line: "Hello there"');
  });

  test('keeps a pasted header of another layout inside the message that quotes it', () => {
    const messages = assemble([
      '[03/02/2024, 09:17:05] Jonas: look what Sam sent:',
      '2/3/24, 9:15 AM - Sam: hi',
      '[03/02/2024, 09:18:00] Léa: ha',
    ]);
    expect(messages.map((message) => message.body)).toEqual(['look what Sam sent:\n2/3/24, 9:15 AM - Sam: hi', 'ha']);
  });

  test('refuses a message longer than any chat message', () => {
    const long = 'x'.repeat(100_000);
    const lines = ['[03/02/2024, 09:17:05] Jonas: start', ...Array.from({ length: maxMessageChars / long.length + 1 }, () => long)];
    const error = thrown(() => assemble(lines));
    expect(error.code).toBe('IMPORT_NOT_AN_EXPORT');
    expect(error.details).toEqual({ line: 11 });
  });
});
