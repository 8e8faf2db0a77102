// Query keys and fetchers in one place, so invalidation after storeChanged cannot miss one.
// The cache holds chat content only, in memory: nothing here is persisted.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { CompanionApi } from '../../../src-shared/api.ts';
import { unwrap } from './api-error.ts';

/** Rows per getMessages call: small enough to answer fast, large enough that a screen needs one or two. */
export const PAGE_SIZE = 200;

export const queryKeys = {
  appInfo: ['appInfo'] as const,
  stats: ['stats'] as const,
  chats: ['chats'] as const,
  messages: ['messages'] as const,
  page: (chatId: number, pageIndex: number) => ['messages', chatId, pageIndex] as const,
  search: ['search'] as const,
  searchFor: (query: string) => ['search', query] as const,
};

/** Everything derived from the message store: refetched when main says the store changed. */
export const storeQueryKeys = [queryKeys.stats, queryKeys.chats, queryKeys.messages, queryKeys.search];

export function appInfoQuery(api: CompanionApi) {
  return queryOptions({
    queryKey: queryKeys.appInfo,
    queryFn: async () => unwrap(await api.getAppInfo({})),
    staleTime: Infinity,
  });
}

export function statsQuery(api: CompanionApi) {
  return queryOptions({ queryKey: queryKeys.stats, queryFn: async () => unwrap(await api.getStats({})) });
}

export function chatsQuery(api: CompanionApi) {
  return queryOptions({ queryKey: queryKeys.chats, queryFn: async () => unwrap(await api.listChats({})) });
}

export function pageQuery(api: CompanionApi, chatId: number, pageIndex: number) {
  return queryOptions({
    queryKey: queryKeys.page(chatId, pageIndex),
    queryFn: async () => unwrap(await api.getMessages({ chatId, offset: pageIndex * PAGE_SIZE, limit: PAGE_SIZE })),
    // Pages only change when the store does, and storeChanged invalidates them.
    staleTime: Infinity,
    // Scrolling through a huge chat touches many pages; let the ones left behind go quickly.
    gcTime: 60_000,
  });
}

export function searchQuery(api: CompanionApi, query: string) {
  return queryOptions({
    queryKey: queryKeys.searchFor(query),
    queryFn: async () => unwrap(await api.searchMessages({ query, limit: 50 })),
    enabled: query.trim().length > 0,
    staleTime: 30_000,
    // Keeps the last results on screen while the next keystroke's search runs.
    placeholderData: keepPreviousData,
  });
}

/**
 * Backup and security facts: dates, sizes, labels and flags only; never a key, a PRF output or an S3
 * secret. Calls that carry a secret (setUpBackup, testBackupDestination) stay out of TanStack Query
 * altogether, since a mutation keeps its variables in the cache.
 */
export const settingsQueryKeys = {
  backupStatus: ['backupStatus'] as const,
  security: ['security'] as const,
  backupSchedule: ['backupSchedule'] as const,
  backupHistory: ['backupHistory'] as const,
};

export function backupStatusQuery(api: CompanionApi) {
  return queryOptions({ queryKey: settingsQueryKeys.backupStatus, queryFn: async () => unwrap(await api.getBackupStatus({})) });
}

export function securityQuery(api: CompanionApi) {
  return queryOptions({ queryKey: settingsQueryKeys.security, queryFn: async () => unwrap(await api.getSecuritySettings({})) });
}

/** Polled: the scheduler runs in main, and its failures must reach the notice without a reload. */
export function backupScheduleQuery(api: CompanionApi) {
  return queryOptions({
    queryKey: settingsQueryKeys.backupSchedule,
    queryFn: async () => unwrap(await api.getBackupSchedule({})),
    refetchInterval: 60_000,
  });
}

export function backupHistoryQuery(api: CompanionApi) {
  return queryOptions({ queryKey: settingsQueryKeys.backupHistory, queryFn: async () => unwrap(await api.getBackupHistory({})) });
}
