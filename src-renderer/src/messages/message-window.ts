// A chat can hold a million messages, but a scroll container cannot be a million rows tall: Chromium
// clamps layout heights near 33.5M px, and the virtualizer's bookkeeping grows with its count. So the
// list shows a window of WINDOW_ROWS rows over the chat's seq space and slides it when the reader nears
// an edge; the virtualizer keeps the visible message in place because items are keyed by seq.

export const WINDOW_ROWS = 50_000;
/** How close (in rows) the visible range may come to a window edge before the window moves. */
export const EDGE_ROWS = 1_000;

/** The window start that centres `seq`, kept inside the chat. */
export function windowAround(seq: number, total: number): number {
  return Math.max(0, Math.min(seq - WINDOW_ROWS / 2, total - WINDOW_ROWS));
}

/** The window start that ends at the latest message. */
export function windowAtEnd(total: number): number {
  return Math.max(0, total - WINDOW_ROWS);
}

export function windowCount(base: number, total: number): number {
  return Math.max(0, Math.min(WINDOW_ROWS, total - base));
}

/** The next window start if the visible rows [first, last] are near an edge that has more beyond it. */
export function shiftedBase(base: number, total: number, first: number, last: number): number | null {
  const count = windowCount(base, total);
  if (first < EDGE_ROWS && base > 0) return windowAround(base + first, total);
  if (last >= count - EDGE_ROWS && base + count < total) return windowAround(base + last, total);
  return null;
}
