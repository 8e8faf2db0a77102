// `npm run web -- --profile DIR [--port N] [--demo]`: Companion in your browser, on this machine only.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageVersion } from '../app-version.ts';
import { reportCliError, usageError } from '../cli/cli-error.ts';
import { runJob } from '../jobs/run-job.ts';
import { defaultSeedOptions } from '../seed/seed-store.ts';
import { readStats } from '../store/read-chats.ts';
import { startWebHost } from './start-web-host.ts';

const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { profile: { type: 'string' }, port: { type: 'string' }, demo: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    throw usageError(`${(error as Error).message}. Usage: npm run web -- --profile DIR [--port N] [--demo]`);
  }
  if (values.profile === undefined) throw usageError('--profile DIR is required (any folder; it is created if missing)');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError('--port must be a port number');
  const host = await startWebHost({ profileDir: path.resolve(values.profile), rendererDir, port, version: packageVersion() });
  if (values.demo === true && readStats(host.context.store.db).chats === 0) {
    process.stderr.write('Seeding demo chats…\n');
    await runJob('seed', { profileDir: host.context.paths.dir, options: defaultSeedOptions });
    host.context.events.emit('storeChanged', { reason: 'seed' });
  }
  process.stdout.write(`Companion is running at ${host.url}\n`);
  const stop = (): void => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.exitCode = reportCliError(error);
});
