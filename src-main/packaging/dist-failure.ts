// Tells an Electron download failure apart from any other electron-builder failure, so `npm run dist`
// can answer it with ELECTRON_MISSING and what to do, instead of a network stack trace.
const downloadSigns = [
  /electron-v\d+\.\d+\.\d+[^\s]*\.zip/i, // the artifact @electron/get was fetching
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/,
  /\bself[- ]signed certificate|unable to get local issuer certificate/i,
];

export function isElectronDownloadFailure(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message}\n${String(error.stack)}` : String(error);
  return downloadSigns.some((sign) => sign.test(text));
}

/** The first line of an error, without the stack: what a person needs to read. */
export function firstLineOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
}
