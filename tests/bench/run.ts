// `npm run bench`: prints the performance figures the issues ask for. Targets live here, not in
// timed unit tests. Each benchmark works in its own temp folder, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchBackup } from './backup-bench.ts';
import { benchImport } from './import-bench.ts';
import { benchQueries } from './query-bench.ts';
import { benchS3 } from './s3-bench.ts';

type Figures = Record<string, number | string>;

async function measure(name: string, run: (dir: string) => Figures | Promise<Figures>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), `companion-bench-${name}-`));
  try {
    process.stdout.write(`\n${name}\n`);
    for (const [key, value] of Object.entries(await run(dir))) process.stdout.write(`  ${key.padEnd(28)} ${value}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await measure('import: 1,000,000-line chat export (worker thread)', benchImport);
await measure('message view: 1,000,000-message chat', (dir) => benchQueries(dir));
await measure('backup: store with 1 GiB of incompressible media, then restore and a 1% incremental', (dir) => benchBackup(dir));
await measure('backup to S3: 256 MiB of incompressible media, folder and loopback bucket in the same run', (dir) => benchS3(dir));
