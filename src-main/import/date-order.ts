// Decides which date field is the day and which the month, from every header of the file: one line
// such as 13/01 settles it, wherever it is. Evidence that points both ways means the file is not one
// export (or not an export at all) and is refused rather than imported with wrong dates.
import type { DateOrder } from '../../src-shared/contract.ts';
import { headerTimestamp } from './header-time.ts';
import type { LineHeader } from './line-header.ts';
import { notAnExport, quoteLine } from './not-an-export.ts';

export interface DateOrderDecision {
  readonly order: DateOrder;
  /**
   * evidence: the year comes first, or a date reads only one way (13/01); chronology: messages go back in
   * time less often in this order; default: nothing told the orders apart.
   */
  readonly reason: 'evidence' | 'chronology' | 'default';
}

/** When nothing in the file tells day/month from month/day: the order most locales write. */
export const defaultDateOrder: DateOrder = 'DMY';

interface Candidate {
  readonly order: DateOrder;
  /** The first line that cannot be read in this order, or 0. */
  ruledOutAt: number;
  previous: number;
  /** How often time goes backwards from one message to the next when read in this order. */
  backwards: number;
}

const orderNames: Readonly<Record<DateOrder, string>> = { DMY: 'day/month', MDY: 'month/day', YMD: 'year-month-day' };

export class DateOrderInference {
  private candidates: Candidate[] | null = null;

  /** Records one header line; throws IMPORT_NOT_AN_EXPORT when no order can read the file so far. */
  observe(header: LineHeader, line: number, text: string): void {
    // Every header of a file has the same shape (HeaderReader), so the candidates are fixed by the first.
    this.candidates ??= (header.yearFirst ? (['YMD'] as const) : (['DMY', 'MDY'] as const)).map((order) => ({
      order,
      ruledOutAt: 0,
      previous: Number.NEGATIVE_INFINITY,
      backwards: 0,
    }));
    let readable: Candidate | null = null;
    let alive = 0;
    for (const candidate of this.candidates) {
      const time = headerTimestamp(header, candidate.order);
      if (Number.isNaN(time)) {
        if (candidate.ruledOutAt === 0) candidate.ruledOutAt = line;
      } else {
        readable ??= candidate;
        if (candidate.ruledOutAt !== 0) continue;
        if (time < candidate.previous) candidate.backwards += 1;
        candidate.previous = time;
      }
      if (candidate.ruledOutAt === 0) alive += 1;
    }
    if (readable === null) {
      throw notAnExport(line, `Line ${line} has a date or time that does not exist: ${quoteLine(text)}`);
    }
    if (alive === 0) {
      throw notAnExport(
        line,
        `Line ${line} has a date that reads only as ${orderNames[readable.order]}, but line ${readable.ruledOutAt} ` +
          `has one that cannot: the dates contradict each other. ${quoteLine(text)}`,
      );
    }
  }

  decide(): DateOrderDecision {
    const alive = (this.candidates ?? []).filter((candidate) => candidate.ruledOutAt === 0);
    const [first, second] = alive;
    if (first === undefined) return { order: defaultDateOrder, reason: 'default' };
    if (second === undefined) return { order: first.order, reason: 'evidence' };
    if (first.backwards !== second.backwards) {
      return { order: first.backwards < second.backwards ? first.order : second.order, reason: 'chronology' };
    }
    return { order: defaultDateOrder, reason: 'default' };
  }
}
