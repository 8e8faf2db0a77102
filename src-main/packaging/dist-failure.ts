// Tells apart why electron-builder failed, so `npm run dist` can answer an Electron download failure
// with ELECTRON_MISSING and what to do, a failed download of electron-builder's own tools (AppImage,
// fpm, NSIS) with what that needs, and anything else with its first line, not a stack trace.
const networkSigns = [
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/,
  /\bself[- ]signed certificate|unable to get local issuer certificate/i,
  /\bResponse code \d{3}\b/,
];

export type DistFailure = 'electron-download' | 'tool-download' | 'other';

/**
 * electronDownloadPending: electron-builder was fetching an Electron build (the electronDist hook
 * returned null and afterExtract has not run since). The network error looks the same either way.
 */
export function classifyDistFailure(error: unknown, electronDownloadPending: boolean): DistFailure {
  const text = error instanceof Error ? `${error.message}\n${String(error.stack)}` : String(error);
  if (!networkSigns.some((sign) => sign.test(text))) return 'other';
  return electronDownloadPending ? 'electron-download' : 'tool-download';
}

/** The first line of an error, without the stack: what a person needs to read. */
export function firstLineOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
}
