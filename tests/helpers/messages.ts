import type { IncomingMessage } from '../../src-main/store/chat-writer.ts';

/** A text message with sensible defaults, for tests that only care about one or two fields. */
export function textMessage(overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return { sentAt: Date.UTC(2024, 1, 3, 9, 0), sender: 'Marta', kind: 'text', body: 'hello', attachments: [], ...overrides };
}
