import { describe, expect, test } from 'vitest';
import { parseLineHeader } from '../../../src-main/import/line-header.ts';

const lrm = '\u200e';
const nnbsp = '\u202f';
const nbsp = '\u00a0';

describe('parseLineHeader', () => {
  test.each([
    ['iOS, 24-hour with seconds', '[03/02/2024, 09:15:02] Marta Ruiz: hi', [3, 2, 2024], [9, 15, 2], null, 'Marta Ruiz: hi'],
    ['Android, 12-hour', '2/3/24, 9:15 AM - Sam Patel: hey', [2, 3, 24], [9, 15, 0], 'am', 'Sam Patel: hey'],
    ['Android, PM', '12/24/24, 11:59 PM - Priya: x', [12, 24, 24], [11, 59, 0], 'pm', 'Priya: x'],
    ['German, dots and 24-hour', '03.02.24, 21:03 - Name: text', [3, 2, 24], [21, 3, 0], null, 'Name: text'],
    ['four-digit year without seconds', '03/02/2024, 21:03 - Name: text', [3, 2, 2024], [21, 3, 0], null, 'Name: text'],
    ['year first with dashes', '2024-02-03, 21:03:44 - Name: text', [2024, 2, 3], [21, 3, 44], null, 'Name: text'],
    ['year first without a comma', '[2024-02-03 21:03:44] Name: text', [2024, 2, 3], [21, 3, 44], null, 'Name: text'],
    ['a.m. with a NARROW NO-BREAK SPACE', `3/2/24, 9:15${nnbsp}a.m. - Name: t`, [3, 2, 24], [9, 15, 0], 'am', 'Name: t'],
    ['p.m. with a NO-BREAK SPACE', `[3/2/24, 9:15:07${nbsp}p.m.] Name: t`, [3, 2, 24], [9, 15, 7], 'pm', 'Name: t'],
    ['PM glued to the time', '3/2/24, 9:15PM - Name: t', [3, 2, 24], [9, 15, 0], 'pm', 'Name: t'],
    [
      'marks around every part',
      `${lrm}[${lrm}03/02/2024,${lrm} 09:15:02${lrm}] ${lrm}Marta created group "X"`,
      [3, 2, 2024],
      [9, 15, 2],
      null,
      `${lrm}Marta created group "X"`,
    ],
    ['marks before an Android header', `\u202a3/2/24, 9:15 AM\u202c - Name: t`, [3, 2, 24], [9, 15, 0], 'am', 'Name: t'],
    ['an en dash separator', '3/2/24, 21:15 – Name: t', [3, 2, 24], [21, 15, 0], null, 'Name: t'],
  ])('reads %s', (_name, line, date, time, meridiem, rest) => {
    const header = parseLineHeader(line);
    expect(header).not.toBeNull();
    expect([header?.field1, header?.field2, header?.field3]).toEqual(date);
    expect([header?.hour, header?.minute, header?.second]).toEqual(time);
    expect(header?.meridiem).toBe(meridiem);
    expect(header?.rest).toBe(rest);
  });

  test.each([
    ['plain text', 'The later one is cheaper'],
    ['a time at the start of a sentence', '10:40 please'],
    ['an empty line', ''],
    ['a date without a time', '03/02/2024 was fun'],
    ['a three-digit year', '03/02/202, 09:15 - Name: x'],
    ['a one-digit year', '03/02/4, 09:15 - Name: x'],
    ['a day-first date with a five-digit field', '03/02/20245, 09:15 - Name: x'],
    ['mixed date separators', '03/02.2024, 09:15 - Name: x'],
    ['a bracket that is never closed', '[03/02/2024, 09:15:02 Name: x'],
    ['an Android header without the dash', '2/3/24, 9:15 AM Sam: x'],
    ['a header with nothing after it', '[03/02/2024, 09:15:02]'],
  ])('refuses %s', (_name, line) => {
    expect(parseLineHeader(line)).toBeNull();
  });

  test('gives one shape to every line of a layout and another to each other layout', () => {
    const shape = (line: string): number | undefined => parseLineHeader(line)?.shape;
    expect(shape('[03/02/2024, 09:15:02] A: x')).toBe(shape('[13/12/2023, 23:59:59] B: y'));
    const others = [
      '03/02/2024, 09:15:02 - A: x',
      '[03/02/2024, 09:15] A: x',
      '[03.02.2024, 09:15:02] A: x',
      '[03/02/2024, 9:15:02 AM] A: x',
      '[2024/02/03, 09:15:02] A: x',
    ].map(shape);
    expect(new Set([shape('[03/02/2024, 09:15:02] A: x'), ...others]).size).toBe(6);
  });

  test.each([
    ['spaces', `[03/02/2024, 09:15:02${' '.repeat(200_000)}`],
    ['direction marks', `[03/02/2024${lrm.repeat(100_000)},${lrm.repeat(100_000)}x`],
    ['marks after the time', `3/2/24, 9:15${lrm.repeat(200_000)}x`],
  ])('fails fast on a long line that almost looks like a header (%s)', (_name, line) => {
    const started = performance.now();
    expect(parseLineHeader(line)).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);
  });
});
