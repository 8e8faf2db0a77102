// Benchmark: a deterministic 1,000,000-line export imported through the worker-thread job, as the app
// runs it. Reports speed, peak memory (the worker shares the process, so rss covers it) and how long
// the main event loop was ever blocked.
//   ./node_modules/.bin/node -e "import('./tests/bench/import-bench.ts').then(m=>m.benchImport('/tmp/ib')).then(console.log)"
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { runJob } from '../../src-main/jobs/run-job.ts';

const lineCount = 1_000_000;
const senders = ['Marta Ruiz', 'Jonas', 'Léa 🌊', 'Sam Patel', 'Priya', '\u202a+44 7700 900123\u202c'];
const words = 'the ferry leaves at ten so we should meet early and bring lunch snacks tickets maybe rain later 🙏 ok yes no'.split(' ');

export async function benchImport(workDir: string): Promise<Record<string, number | string>> {
  const file = path.join(workDir, 'WhatsApp Chat with Bench.txt');
  const profileDir = path.join(workDir, 'profile');
  await mkdir(workDir, { recursive: true });
  await rm(profileDir, { recursive: true, force: true });
  const bytes = await generateInWorker(file);

  const delay = monitorEventLoopDelay({ resolution: 10 });
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  delay.enable();
  const started = performance.now();
  try {
    const result = await runJob('import', { profileDir, file, displayName: path.basename(file) });
    const seconds = (performance.now() - started) / 1000;
    return {
      lines: result.linesRead,
      megabytes: round(bytes / 2 ** 20),
      messages: result.messagesAdded,
      seconds: round(seconds),
      linesPerSecond: Math.round(result.linesRead / seconds),
      rssBeforeMB: round(rssBefore / 2 ** 20),
      peakRssMB: round(peakRss / 2 ** 20),
      mainLoopMaxDelayMs: round(delay.max / 1e6),
      dateOrder: result.dateOrder,
    };
  } finally {
    delay.disable();
    clearInterval(sampler);
  }
}

// The export is written by a worker thread (this module again), so the garbage of writing 70 MB of
// text does not sit in the main thread's heap and show up as event-loop delay during the import.
async function generateInWorker(file: string): Promise<number> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { benchExportFile: file } });
  const [bytes] = (await once(worker, 'message')) as [number];
  await worker.terminate();
  return bytes;
}

const generateFor = isMainThread ? undefined : (workerData as { benchExportFile?: unknown } | null)?.benchExportFile;
if (typeof generateFor === 'string') parentPort?.postMessage(await writeExport(generateFor));

/** Writes the export in ~1 MiB blocks; returns its size in bytes. */
async function writeExport(file: string): Promise<number> {
  const random = mulberry32(20240203);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sentence = (): string => Array.from({ length: 3 + Math.floor(random() * 15) }, () => pick(words)).join(' ');
  const handle = await open(file, 'w');
  let time = Date.UTC(2019, 0, 1);
  let lines = 0;
  let block: string[] = [];
  let blockChars = 0;
  let total = 0;
  const flush = async (): Promise<void> => {
    const buffer = Buffer.from(block.join(''));
    total += buffer.length;
    await handle.write(buffer);
    block = [];
    blockChars = 0;
  };
  try {
    while (lines < lineCount) {
      time += (1 + Math.floor(random() * 600)) * 1000;
      const message = messageLines(stamp(time), pick(senders), random(), lines, sentence, pick(senders));
      for (const line of message.slice(0, lineCount - lines)) {
        block.push(line, '\n');
        blockChars += line.length + 1;
        lines += 1;
      }
      if (blockChars > 2 ** 20) await flush();
    }
    await flush();
  } finally {
    await handle.close();
  }
  return total;
}

function messageLines(header: string, sender: string, roll: number, n: number, sentence: () => string, other: string): string[] {
  if (roll < 0.02) return [`${header} \u200e${sender} added ${other}`];
  if (roll < 0.06) return [`${header} ${sender}: \u200e<attached: ${String(n).padStart(8, '0')}-PHOTO.jpg>`];
  if (roll < 0.08) return [`${header} ${sender}: \u200eimage omitted`];
  if (roll < 0.09) return [`${header} ${sender}: \u200eThis message was deleted.`];
  if (roll < 0.2) return [`${header} ${sender}: ${sentence()}`, sentence(), ...(roll < 0.15 ? [sentence(), ''] : [])];
  return [`${header} ${sender}: ${sentence()}`];
}

/** iOS layout, day first: `[dd/mm/yyyy, HH:MM:SS]`. */
function stamp(time: number): string {
  const iso = new Date(time).toISOString();
  return `[${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}, ${iso.slice(11, 19)}]`;
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
