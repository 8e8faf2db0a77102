import { describe, expect, test } from 'vitest';
import type { DateOrder } from '../../../src-shared/contract.ts';
import { AppError } from '../../../src-shared/errors.ts';
import { DateOrderInference, type DateOrderDecision } from '../../../src-main/import/date-order.ts';
import { headerTimestamp } from '../../../src-main/import/header-time.ts';
import { parseLineHeader, type LineHeader } from '../../../src-main/import/line-header.ts';

function header(line: string): LineHeader {
  const parsed = parseLineHeader(line);
  if (parsed === null) throw new Error(`not a header: ${line}`);
  return parsed;
}

/** Feeds the lines to a fresh inference, as the scan does. */
function decide(lines: readonly string[]): DateOrderDecision {
  const inference = new DateOrderInference();
  lines.forEach((line, index) => inference.observe(header(line), index + 1, line));
  return inference.decide();
}

function refusal(lines: readonly string[]): AppError {
  try {
    decide(lines);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the date order to be refused');
}

const android = (date: string, time = '9:15 AM'): string => `${date}, ${time} - Sam: hi`;

describe('headerTimestamp', () => {
  const at = (line: string, order: DateOrder): number => headerTimestamp(header(line), order);

  test.each([
    ['[03/02/2024, 09:15:02] A: x', 'DMY', '2024-02-03T09:15:02.000Z'],
    ['[03/02/2024, 09:15:02] A: x', 'MDY', '2024-03-02T09:15:02.000Z'],
    ['2024-02-03, 21:03 - A: x', 'YMD', '2024-02-03T21:03:00.000Z'],
    ['1/1/25, 12:00 AM - A: x', 'MDY', '2025-01-01T00:00:00.000Z'],
    ['1/1/25, 12:30 PM - A: x', 'MDY', '2025-01-01T12:30:00.000Z'],
    ['1/1/25, 11:59 PM - A: x', 'MDY', '2025-01-01T23:59:00.000Z'],
    ['29/02/24, 10:00 - A: x', 'DMY', '2024-02-29T10:00:00.000Z'],
    ['31/12/99, 23:59 - A: x', 'DMY', '2099-12-31T23:59:00.000Z'],
  ] as const)('reads %s as %s wall-clock time in UTC', (line, order, iso) => {
    expect(new Date(at(line, order)).toISOString()).toBe(iso);
  });

  test.each([
    ['13/01/24, 10:00 - A: x', 'MDY', 'month 13'],
    ['29/02/23, 10:00 - A: x', 'DMY', '29 February in a common year'],
    ['31/04/24, 10:00 - A: x', 'DMY', '31 April'],
    ['00/04/24, 10:00 - A: x', 'DMY', 'day 0'],
    ['1/1/24, 24:00 - A: x', 'DMY', 'hour 24'],
    ['1/1/24, 13:00 PM - A: x', 'DMY', 'hour 13 on a 12-hour clock'],
    ['1/1/24, 10:60 - A: x', 'DMY', 'minute 60'],
    ['[1/1/24, 10:00:61] A: x', 'DMY', 'second 61'],
  ] as const)('refuses %s in %s order (%s)', (line, order, _why) => {
    expect(at(line, order)).toBeNaN();
  });
});

describe('DateOrderInference', () => {
  test('decides day first from line 101 when the first 100 lines read both ways', () => {
    const lines = [...Array.from({ length: 100 }, () => android('01/02/24', '10:00')), android('13/02/24', '10:00')];
    expect(decide(lines)).toEqual({ order: 'DMY', reason: 'evidence' });
  });

  test('decides month first from a second field above 12', () => {
    expect(decide([android('2/3/24'), android('12/24/24')])).toEqual({ order: 'MDY', reason: 'evidence' });
  });

  test('reads a four-digit first field as year, month, day', () => {
    expect(decide(['2024-02-03, 21:03 - A: x', '2024-02-04, 08:00 - A: y'])).toEqual({ order: 'YMD', reason: 'evidence' });
  });

  test('uses chronology when no date reads only one way', () => {
    // Month first runs forward (Jan 2 → Jan 3 → Feb 1); day first would jump from 3 Feb back to 2 Jan.
    expect(decide([android('01/02/24'), android('01/03/24'), android('02/01/24')])).toEqual({ order: 'MDY', reason: 'chronology' });
    expect(decide([android('02/01/24'), android('03/01/24'), android('01/02/24')])).toEqual({ order: 'DMY', reason: 'chronology' });
  });

  test('falls back to day first when nothing tells the orders apart', () => {
    expect(decide([android('03/02/24'), android('04/02/24')])).toEqual({ order: 'DMY', reason: 'default' });
  });

  test('refuses dates that contradict each other, naming the line that contradicts', () => {
    const error = refusal([android('13/01/24'), android('01/02/24'), android('01/13/24')]);
    expect(error.code).toBe('IMPORT_NOT_AN_EXPORT');
    expect(error.details).toEqual({ line: 3 });
    expect(error.message).toMatch(/^Line 3 has a date that reads only as month\/day, but line 1 has one that cannot/);
  });

  test('refuses a header whose date exists in no order', () => {
    const error = refusal([android('01/02/24'), android('13/13/24')]);
    expect(error.details).toEqual({ line: 2 });
    expect(error.message).toMatch(/^Line 2 has a date or time that does not exist: "13\/13\/24/);
  });

  test('refuses a header whose time does not exist', () => {
    expect(refusal([android('01/02/24', '25:00')]).details).toEqual({ line: 1 });
  });
});
