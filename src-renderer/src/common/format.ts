// Dates and sizes in the person's own locale. Exports carry no time zone, so main stores their
// wall-clock times as if they were UTC (docs/chat-import.md): formatting in UTC shows the times the
// export shows, on any computer. Formatters are built once; building them per row would be costly.
const timeZone = 'UTC';
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone });
const dayLong = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone });
const dateShort = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeZone });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short', timeZone });
const count = new Intl.NumberFormat();

/** Now, on the same wall-clock-as-UTC scale as message times. */
export function wallClockNow(): number {
  return Date.now() - new Date().getTimezoneOffset() * 60_000;
}

export function formatTime(ms: number): string {
  return time.format(ms);
}

export function formatFullDate(ms: number): string {
  return full.format(ms);
}

/** A local calendar day as a comparable number, for day separators. */
export function dayKey(ms: number): number {
  const date = new Date(ms);
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

export function formatDay(ms: number, now: number = wallClockNow()): string {
  const today = dayKey(now);
  const key = dayKey(ms);
  if (key === today) return 'Today';
  if (key === dayKey(now - 86_400_000)) return 'Yesterday';
  return dayLong.format(ms);
}

/** Chat list style: a time today, a weekday this week, a date before that. */
export function formatListDate(ms: number, now: number = wallClockNow()): string {
  if (dayKey(ms) === dayKey(now)) return time.format(ms);
  if (now - ms < 6 * 86_400_000 && ms <= now) return weekday.format(ms);
  return dateShort.format(ms);
}

export function formatCount(value: number): string {
  return count.format(value);
}

export function plural(value: number, one: string, many: string): string {
  return `${formatCount(value)} ${value === 1 ? one : many}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? 'TB'}`;
}

export function formatEta(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  return `${Math.round(seconds / 60)} min left`;
}

// Backup and passkey dates are real instants (ISO strings from main), shown in the computer's own zone.
const instant = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatInstant(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : instant.format(ms);
}
