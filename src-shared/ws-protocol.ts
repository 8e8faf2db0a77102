// Frames of the browser host's WebSocket transport: the IPC contract carried as JSON.
import { z } from 'zod';
import type { EventName } from './contract.ts';
import type { Result } from './errors.ts';

export const ClientFrame = z.strictObject({
  type: z.literal('call'),
  id: z.int().nonnegative(),
  method: z.string().max(100),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ServerFrame =
  | { readonly type: 'result'; readonly id: number | null; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: EventName; readonly payload: unknown };

export const wsPath = '/ws';
export const uploadPath = '/upload';
/** Header carrying the uploaded file's name (URI-encoded). A custom header also forces a CORS preflight. */
export const uploadNameHeader = 'x-file-name';
export const tokenCookie = 'companion_token';
