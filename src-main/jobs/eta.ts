/** Seconds left at the average rate so far; null until there is enough to go on. */
export function estimateEta(bytesDone: number, bytesTotal: number | null, elapsedMs: number): number | null {
  if (bytesTotal === null || bytesDone <= 0 || elapsedMs < 500) return null;
  const rate = bytesDone / elapsedMs;
  return Math.max(0, Math.round((bytesTotal - bytesDone) / rate / 1000));
}
