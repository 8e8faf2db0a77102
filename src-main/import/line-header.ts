// Recognises the header that starts every message line of an export, in both layouts:
//   iOS      [03/02/2024, 09:15:02] Name: text
//   Android  2/3/24, 9:15 AM - Name: text
// and their locale variants (., / or - between date fields, year first, 12/24-hour clocks, seconds or
// not, a.m./p.m., NBSP or NARROW NBSP before AM/PM, direction marks anywhere between the parts).
// The pattern is anchored and has no nested quantifiers, so a non-matching line fails in a few steps.
import { isMark, markClass as m } from './text-marks.ts';

export interface LineHeader {
  /** Layout fingerprint: every header of one export shares it (see HeaderReader). */
  readonly shape: number;
  /** The first date field has four digits: year, month, day. */
  readonly yearFirst: boolean;
  /** The three date fields as written; which is day and which is month is decided for the whole file. */
  readonly field1: number;
  readonly field2: number;
  readonly field3: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly meridiem: 'am' | 'pm' | null;
  /** What follows the header: "Name: text", or a system line. */
  readonly rest: string;
}

const date = '(\\d{4}|\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4}|\\d{1,2})\\.?';
const time = '(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?';
const meridiem = '(?:[ \\u00a0\\u202f]?([AaPp])\\.?[ \\u00a0\\u202f]?[Mm]\\.?)?';
const gap = `${m}*(?:,${m}*)?[ \\u00a0]${m}*`;
const stamp = `${m}*${date}${gap}${time}${meridiem}${m}*`;
const bracketed = new RegExp(`^${m}*\\[${stamp}\\] `);
const dashed = new RegExp(`^${stamp}[ \\u00a0][-\\u2013][ \\u00a0]`);

const shapeBracketed = 1;
const shapeYearFirst = 2;
const shapeTwelveHour = 4;
const shapeSeconds = 8;
const shapeBySeparator: Readonly<Record<string, number>> = { '/': 0, '.': 16, '-': 32 };

/** Parses a message header, or returns null for a line that does not start with one (a continuation line). */
export function parseLineHeader(line: string): LineHeader | null {
  // The first character picks the layout; most continuation lines start with a letter and stop here.
  const first = line.charCodeAt(0);
  let isBracketed = first === 0x5b;
  let match: RegExpExecArray | null = null;
  if (isBracketed) match = bracketed.exec(line);
  else if (first >= 0x30 && first <= 0x39) match = dashed.exec(line);
  else if (isMark(first)) {
    match = dashed.exec(line);
    if (match === null) {
      match = bracketed.exec(line);
      isBracketed = match !== null;
    }
  }
  if (match === null) return null;
  const f1 = match[1] ?? '';
  const f3 = match[4] ?? '';
  const second = match[7];
  const letter = match[8];
  const yearFirst = f1.length === 4;
  // Year last must be two or four digits; year first leaves one- or two-digit days.
  if (yearFirst ? f3.length > 2 : f3.length === 1) return null;
  return {
    shape:
      (isBracketed ? shapeBracketed : 0) |
      (yearFirst ? shapeYearFirst : 0) |
      (letter === undefined ? 0 : shapeTwelveHour) |
      (second === undefined ? 0 : shapeSeconds) |
      (shapeBySeparator[match[2] ?? ''] ?? 0),
    yearFirst,
    field1: Number(f1),
    field2: Number(match[3]),
    field3: Number(f3),
    hour: Number(match[5]),
    minute: Number(match[6]),
    second: second === undefined ? 0 : Number(second),
    meridiem: letter === undefined ? null : letter === 'a' || letter === 'A' ? 'am' : 'pm',
    rest: line.slice(match[0].length),
  };
}
