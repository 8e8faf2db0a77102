// Turns a header's wall-clock date and time into epoch milliseconds. Exports carry no time zone, so
// the wall-clock time is read as UTC (docs/chat-import.md explains why): the same export always gives
// the same instants, whatever the zone of the computer that imports it.
import type { DateOrder } from '../../src-shared/contract.ts';
import type { LineHeader } from './line-header.ts';

/** Epoch milliseconds, or NaN when the header is not a real date and time in this order. */
export function headerTimestamp(header: LineHeader, order: DateOrder): number {
  let year: number;
  let month: number;
  let day: number;
  switch (order) {
    case 'YMD':
      year = header.field1;
      month = header.field2;
      day = header.field3;
      break;
    case 'DMY':
      day = header.field1;
      month = header.field2;
      year = header.field3;
      break;
    case 'MDY':
      month = header.field1;
      day = header.field2;
      year = header.field3;
      break;
  }
  if (year < 100) year += 2000;
  if (month < 1 || month > 12 || day < 1 || (day > 28 && day > daysInMonth(year, month))) return Number.NaN;
  const hour = hour24(header);
  if (Number.isNaN(hour) || header.minute > 59 || header.second > 59) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, header.minute, header.second);
}

function hour24(header: LineHeader): number {
  if (header.meridiem === null) return header.hour <= 23 ? header.hour : Number.NaN;
  if (header.hour > 12) return Number.NaN;
  return (header.hour % 12) + (header.meridiem === 'pm' ? 12 : 0);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
