// Fetches the pages that cover the rows on screen, keyed [messages, chatId, pageIndex], so any
// position in a huge chat costs one or two small requests and scrolling back is served from cache.
import { useQueries } from '@tanstack/react-query';
import type { Message } from '../../../src-shared/contract.ts';
import { useApi } from '../api/api-context.tsx';
import { PAGE_SIZE, pageQuery } from '../api/queries.ts';

export interface MessagePages {
  readonly messageAt: (seq: number) => Message | undefined;
  readonly error: Error | null;
  readonly retry: () => void;
}

/** Pages for seqs [first, last], plus the row before `first` so day and sender breaks are known. */
export function pageIndicesFor(first: number, last: number): number[] {
  if (last < first) return [];
  const from = Math.floor(Math.max(0, first - 1) / PAGE_SIZE);
  const to = Math.floor(last / PAGE_SIZE);
  return Array.from({ length: to - from + 1 }, (_, offset) => from + offset);
}

export function useMessagePages(chatId: number, first: number, last: number): MessagePages {
  const api = useApi();
  const indices = pageIndicesFor(first, last);
  const results = useQueries({ queries: indices.map((pageIndex) => pageQuery(api, chatId, pageIndex)) });

  const byPage = new Map<number, readonly Message[]>();
  let error: Error | null = null;
  results.forEach((result, position) => {
    const pageIndex = indices[position];
    if (pageIndex !== undefined && result.data !== undefined) byPage.set(pageIndex, result.data.messages);
    error ??= result.error;
  });

  return {
    messageAt: (seq) => {
      const page = byPage.get(Math.floor(seq / PAGE_SIZE));
      const message = page?.[seq % PAGE_SIZE];
      // seq is dense, so position = seq; the check guards a store that changed under the cache.
      return message?.seq === seq ? message : page?.find((candidate) => candidate.seq === seq);
    },
    error,
    retry: () => {
      for (const result of results) if (result.isError) void result.refetch();
    },
  };
}
