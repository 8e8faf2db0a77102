// Message-view latency on a 1,000,000-message chat: the windows the virtualized list asks for.
import { performance } from 'node:perf_hooks';
import { ChatWriter } from '../../src-main/store/chat-writer.ts';
import { openStore } from '../../src-main/store/open-store.ts';
import { ensureProfile } from '../../src-main/store/profile.ts';
import { readMessages } from '../../src-main/store/read-messages.ts';
import { searchMessages } from '../../src-main/store/search-messages.ts';
import { createPrng } from '../../src-main/seed/prng.ts';
import { words } from '../../src-main/seed/corpus.ts';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function summarize(samples: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), max: round(sorted.at(-1) ?? Number.NaN) };
}

export function benchQueries(workDir: string, messageCount = 1_000_000): Record<string, number | string> {
  const paths = ensureProfile(workDir);
  const db = openStore(paths.database);
  const prng = createPrng(9);
  const fillStart = performance.now();
  db.exec('BEGIN');
  const writer = new ChatWriter(db, { importKey: 'bench', title: 'Bench chat' });
  for (let i = 0; i < messageCount; i += 1) {
    const length = prng.int(3, 14);
    const body = Array.from({ length }, () => prng.pick(words)).join(' ');
    writer.add({ sentAt: Date.UTC(2020, 0, 1) + i * 30_000, sender: i % 2 === 0 ? 'Ana' : 'Ben', kind: 'text', body, attachments: [] });
  }
  writer.finish();
  db.exec('COMMIT');
  const fillSeconds = (performance.now() - fillStart) / 1000;

  const pageSamples: number[] = [];
  for (let i = 0; i < 500; i += 1) {
    const offset = prng.int(0, messageCount - 200);
    const start = performance.now();
    readMessages(db, writer.chatId, offset, 200);
    pageSamples.push(performance.now() - start);
  }
  const searchSamples: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const start = performance.now();
    searchMessages(db, `${prng.pick(words)} ${prng.pick(words).slice(0, 3)}`, { limit: 50 });
    searchSamples.push(performance.now() - start);
  }
  db.close();
  const page = summarize(pageSamples);
  const search = summarize(searchSamples);
  return {
    chatMessages: messageCount,
    fillSeconds: Math.round(fillSeconds * 10) / 10,
    pageOf200P50Ms: page.p50,
    pageOf200P95Ms: page.p95,
    pageOf200MaxMs: page.max,
    searchP50Ms: search.p50,
    searchP95Ms: search.p95,
  };
}
