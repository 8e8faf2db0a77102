// mapLimited keeps a few reads in flight, never more, and fails like a loop would: at the first
// failure, without starting more work and without leaving any of it running unobserved.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapLimited } from '../../../../src-main/backup/engine/map-limited.ts';

function tracker() {
  let running = 0;
  const seen = { most: 0, started: [] as number[], settled: [] as number[] };
  const run = async <R>(item: number, work: () => Promise<R>): Promise<R> => {
    running += 1;
    seen.most = Math.max(seen.most, running);
    seen.started.push(item);
    try {
      return await work();
    } finally {
      running -= 1;
      seen.settled.push(item);
    }
  };
  return { seen, run };
}

describe('mapLimited', () => {
  it('returns results in the items’ order with exactly `limit` calls in flight', async () => {
    const { seen, run } = tracker();
    const items = Array.from({ length: 10 }, (_, n) => n);
    // Later items finish first, so results arrive out of order.
    const results = await mapLimited(items, 3, (n) => run(n, () => sleep(30 - n * 2).then(() => n * 10)));
    expect(results).toEqual(items.map((n) => n * 10));
    expect(seen.most).toBe(3);
    expect(seen.started).toEqual(items);
  });

  it('starts nothing after a failure, lets what runs settle, then throws the first failure', async () => {
    const { seen, run } = tracker();
    const items = Array.from({ length: 10 }, (_, n) => n);
    const outcome = mapLimited(items, 3, (n) =>
      run(n, async () => {
        if (n === 1) {
          await sleep(5);
          throw new Error('item 1 failed');
        }
        if (n === 2) {
          await sleep(10);
          throw new Error('item 2 failed later');
        }
        await sleep(25);
        return n;
      }),
    );
    await expect(outcome).rejects.toThrow('item 1 failed');
    expect(seen.started).toEqual([0, 1, 2]);
    expect([...seen.settled].sort()).toEqual([0, 1, 2]);
  });

  it('calls nothing for an empty list', async () => {
    let calls = 0;
    expect(await mapLimited([], 4, () => Promise.resolve((calls += 1)))).toEqual([]);
    expect(calls).toBe(0);
  });
});
