// The IPC contract: every call and event between the renderer and the main process, with schemas.
// The preload API, the Electron binding, the WebSocket transport and the renderer client are all
// derived from this object, so no channel name is written twice.
import { z } from 'zod';
import { backupCalls } from './backup-contract.ts';
import { diagnosticsCalls } from './diagnostics-contract.ts';
import { passkeyCalls } from './passkey-contract.ts';
import { operationId } from './common-schemas.ts';

const id = z.int().nonnegative();

export const MessageKind = z.enum(['text', 'media', 'system', 'deleted']);
export type MessageKind = z.infer<typeof MessageKind>;

export const Attachment = z.strictObject({
  id,
  fileName: z.string(),
  mime: z.string().nullable(),
  size: z.int().nonnegative().nullable(),
  /** stored: the bytes are in the media store; omitted: the export left them out; missing: named but not found. */
  status: z.enum(['stored', 'omitted', 'missing']),
  sha256: z.string().nullable(),
});
export type Attachment = z.infer<typeof Attachment>;

export const Message = z.strictObject({
  id,
  chatId: id,
  /** Position of the message in its chat, 0-based and dense, in time order. */
  seq: id,
  sender: z.string().nullable(),
  sentAt: z.int(),
  kind: MessageKind,
  body: z.string(),
  attachments: z.array(Attachment),
});
export type Message = z.infer<typeof Message>;

export const ChatSummary = z.strictObject({
  id,
  title: z.string(),
  messageCount: z.int().nonnegative(),
  participantCount: z.int().nonnegative(),
  lastMessageAt: z.int().nullable(),
  lastMessagePreview: z.string().nullable(),
});
export type ChatSummary = z.infer<typeof ChatSummary>;

/** A search snippet as runs of text, so the renderer highlights matches without parsing HTML. */
export const SnippetRun = z.strictObject({ text: z.string(), match: z.boolean() });
export type SnippetRun = z.infer<typeof SnippetRun>;

export const SearchHit = z.strictObject({
  messageId: id,
  chatId: id,
  chatTitle: z.string(),
  seq: id,
  sender: z.string().nullable(),
  sentAt: z.int(),
  snippet: z.array(SnippetRun),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const StoreStats = z.strictObject({
  chats: z.int().nonnegative(),
  messages: z.int().nonnegative(),
  attachments: z.int().nonnegative(),
});
export type StoreStats = z.infer<typeof StoreStats>;

export const DateOrder = z.enum(['DMY', 'MDY', 'YMD']);
export type DateOrder = z.infer<typeof DateOrder>;

export const ImportResult = z.strictObject({
  chatId: id,
  chatTitle: z.string(),
  linesRead: z.int().nonnegative(),
  messagesAdded: z.int().nonnegative(),
  /** Messages already in the store (re-import of the same export). */
  messagesSkipped: z.int().nonnegative(),
  attachmentsStored: z.int().nonnegative(),
  dateOrder: DateOrder,
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ImportSource = z.discriminatedUnion('kind', [
  /** A file the browser host received through POST /upload. */
  z.strictObject({ kind: z.literal('upload'), uploadId: z.string().regex(/^[a-f0-9]{32}$/) }),
  /** Ask the main process to show its native file picker (desktop app only). */
  z.strictObject({ kind: z.literal('dialog') }),
]);
export type ImportSource = z.infer<typeof ImportSource>;

export const Progress = z.strictObject({
  operationId,
  phase: z.string(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative().nullable(),
  /** Seconds left, or null while unknown. */
  etaSeconds: z.number().nonnegative().nullable(),
});
export type Progress = z.infer<typeof Progress>;

const empty = z.strictObject({});

export const contract = {
  calls: {
    getAppInfo: {
      input: empty,
      output: z.strictObject({
        version: z.string(),
        host: z.enum(['electron', 'web']),
        platform: z.string(),
        canPickFiles: z.boolean(),
      }),
    },
    getStats: { input: empty, output: StoreStats },
    listChats: { input: empty, output: z.array(ChatSummary) },
    getMessages: {
      input: z.strictObject({ chatId: id, offset: id, limit: z.int().min(1).max(500) }),
      output: z.strictObject({ total: z.int().nonnegative(), messages: z.array(Message) }),
    },
    searchMessages: {
      input: z.strictObject({
        query: z.string().trim().min(1).max(200),
        chatId: id.optional(),
        limit: z.int().min(1).max(200).default(50),
      }),
      output: z.array(SearchHit),
    },
    importChatExport: {
      input: z.strictObject({ source: ImportSource, operationId: operationId.optional() }),
      output: ImportResult.nullable(),
    },
    cancelOperation: {
      input: z.strictObject({ operationId }),
      output: z.strictObject({ cancelled: z.boolean() }),
    },
    ...backupCalls,
    ...passkeyCalls,
    ...diagnosticsCalls,
  },
  events: {
    progress: Progress,
    storeChanged: z.strictObject({ reason: z.enum(['import', 'restore', 'seed']) }),
  },
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract['calls'];
export type EventName = keyof Contract['events'];
/** What the caller passes (defaults may be omitted). */
export type CallInput<K extends CallName> = z.input<Contract['calls'][K]['input']>;
/** What the handler receives, after validation and defaults. */
export type ParsedInput<K extends CallName> = z.output<Contract['calls'][K]['input']>;
export type CallOutput<K extends CallName> = z.output<Contract['calls'][K]['output']>;
export type EventPayload<K extends EventName> = z.output<Contract['events'][K]>;

export const callNames = Object.keys(contract.calls) as CallName[];
export const eventNames = Object.keys(contract.events) as EventName[];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(contract.calls, value);
}

/** The Electron IPC channel of a call or event; the only place channel names are made. */
export function channelOf(name: CallName | EventName): string {
  return `companion:${name}`;
}
