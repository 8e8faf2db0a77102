// A named logger per module. Only ever pass it codes, counts and sizes: never content or secrets.
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, error?: unknown): void;
}

const quiet = process.env['COMPANION_LOG'] === 'silent';

export function createLogger(name: string): Logger {
  const write = (level: string, message: string, extra?: unknown): void => {
    if (quiet) return;
    const line = `${new Date().toISOString()} ${level} [${name}] ${message}`;
    if (extra === undefined) console.error(line);
    else console.error(line, extra);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, error) => write('error', message, error instanceof Error ? error.stack : error),
  };
}
