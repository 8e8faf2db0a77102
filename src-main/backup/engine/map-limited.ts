// Runs an async step over a list with a few calls in flight, for reads that each cost a round trip
// (an S3 GET, a file open): one after the other, a repository with a hundred indexes made every
// backup and restore wait a hundred round trips before it could start.

/** Indexes read at once: small objects, so enough to hide a bucket's round trips. */
export const INDEX_READS_IN_FLIGHT = 8;

/** Manifests read at once: fewer, since one lists every file of a snapshot and can be megabytes. */
export const MANIFEST_READS_IN_FLIGHT = 4;

/** The profile's own files stat'ed at once: enough to keep the thread pool busy, not to flood it. */
export const LOCAL_STATS_IN_FLIGHT = 16;

/**
 * `work` over `items`, at most `limit` calls at a time; the results come back in the items' order.
 * After a failure no new call starts; the ones under way settle, then the first failure is thrown.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const at = next;
      next += 1;
      try {
        results[at] = await work(items[at] as T);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failures.length > 0) throw failures[0];
  return results;
}
