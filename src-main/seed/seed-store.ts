// Generates a realistic demo store: many chats of very different lengths, group and one-to-one
// chats, multi-line messages, system lines, deleted messages and media of realistic sizes.
// Deterministic for a given seed (apart from the chats' created_at).
import { AppError } from '../../src-shared/errors.ts';
import type { IncomingAttachment, IncomingMessage } from '../store/chat-writer.ts';
import { ChatWriter } from '../store/chat-writer.ts';
import { mimeFromName, storeMedia } from '../store/media-store.ts';
import { openStore } from '../store/open-store.ts';
import type { ProfilePaths } from '../store/profile.ts';
import { emoji, firstNames, groupNames, lastNames, openers, systemTexts, words } from './corpus.ts';
import { mediaBytes } from './media-bytes.ts';
import { createPrng, type Prng } from './prng.ts';

export interface SeedOptions {
  readonly chats: number;
  readonly messages: number;
  readonly mediaMb: number;
  readonly seed: number;
}

export const defaultSeedOptions: SeedOptions = { chats: 16, messages: 20_000, mediaMb: 24, seed: 1 };

export interface SeedResult {
  readonly chats: number;
  readonly messages: number;
  readonly attachments: number;
  readonly mediaBytes: number;
}

interface MediaKind {
  readonly prefix: string;
  readonly extension: string;
  readonly minKb: number;
  readonly maxKb: number;
}

const mediaKinds: readonly MediaKind[] = [
  { prefix: 'IMG', extension: 'jpg', minKb: 80, maxKb: 2500 },
  { prefix: 'IMG', extension: 'jpg', minKb: 80, maxKb: 2500 },
  { prefix: 'PTT', extension: 'opus', minKb: 20, maxKb: 300 },
  { prefix: 'VID', extension: 'mp4', minKb: 1000, maxKb: 12_000 },
  { prefix: 'DOC', extension: 'pdf', minKb: 50, maxKb: 1000 },
];
const averageMediaBytes = 1.6 * 1024 * 1024;

function sentence(prng: Prng): string {
  const length = prng.int(2, 14);
  const parts: string[] = [prng.pick(openers)];
  for (let i = 0; i < length; i += 1) parts.push(prng.pick(words));
  if (prng.chance(0.2)) parts.push(prng.pick(emoji));
  return parts.join(' ');
}

function people(prng: Prng, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(`${prng.pick(firstNames)} ${prng.pick(lastNames)}`);
  return [...names];
}

/** Splits `total` messages over chats with a long tail: a few long histories, many short ones. */
function chatLengths(total: number, chats: number): number[] {
  const weights = Array.from({ length: chats }, (_, index) => 1 / (index + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const lengths = weights.map((weight) => Math.max(1, Math.floor((total * weight) / sum)));
  lengths[0] = (lengths[0] ?? 0) + Math.max(0, total - lengths.reduce((a, b) => a + b, 0));
  return lengths;
}

export async function seedStore(
  paths: ProfilePaths,
  options: SeedOptions,
  context: {
    readonly signal?: AbortSignal;
    readonly onProgress?: (progress: { phase: string; bytesDone: number; bytesTotal: number | null }) => void;
  } = {},
): Promise<SeedResult> {
  const prng = createPrng(options.seed);
  const db = openStore(paths.database);
  const mediaBudget = Math.round(options.mediaMb * 1024 * 1024);
  const mediaChance = Math.min(0.25, mediaBudget / averageMediaBytes / Math.max(1, options.messages));
  let mediaUsed = 0;
  let mediaCount = 0;
  let written = 0;
  let attachments = 0;
  db.exec('BEGIN');
  try {
    for (const [chatIndex, length] of chatLengths(options.messages, options.chats).entries()) {
      const isGroup = chatIndex % 3 !== 1;
      const members = people(prng, isGroup ? prng.int(3, 8) : 1);
      const title = isGroup
        ? `${groupNames[chatIndex % groupNames.length] ?? 'Group'}${chatIndex >= groupNames.length ? ` ${chatIndex}` : ''}`
        : (members[0] ?? 'Chat');
      const writer = new ChatWriter(db, { importKey: `seed:${options.seed}:${chatIndex}`, title });
      const senders = [...members, 'You'];
      let clock = Date.UTC(2022, 0, 1) + prng.int(0, 90) * 86_400_000;
      for (let i = 0; i < length; i += 1) {
        if (context.signal?.aborted) throw new AppError('OPERATION_CANCELLED');
        clock += prng.chance(0.9) ? prng.int(5, 900) * 1000 : prng.int(1, 72) * 3_600_000;
        const sender = prng.pick(senders);
        let message: IncomingMessage;
        if (isGroup && prng.chance(0.004)) {
          message = { sentAt: clock, sender: null, kind: 'system', body: `${sender} ${prng.pick(systemTexts)}`, attachments: [] };
        } else if (prng.chance(0.006)) {
          message = { sentAt: clock, sender, kind: 'deleted', body: 'This message was deleted.', attachments: [] };
        } else if (mediaUsed < mediaBudget && prng.chance(mediaChance)) {
          const kind = prng.pick(mediaKinds);
          const size = Math.min(prng.int(kind.minKb, kind.maxKb) * 1024, mediaBudget - mediaUsed);
          const fileName = `${kind.prefix}-${new Date(clock).toISOString().slice(0, 10).replaceAll('-', '')}-WA${String(mediaCount).padStart(4, '0')}.${kind.extension}`;
          const stored = await storeMedia(paths, mediaBytes(`${options.seed}:${mediaCount}`, size));
          mediaUsed += stored.size;
          mediaCount += 1;
          const attachment: IncomingAttachment = {
            fileName,
            status: 'stored',
            sha256: stored.sha256,
            size: stored.size,
            mime: mimeFromName(fileName),
          };
          message = { sentAt: clock, sender, kind: 'media', body: prng.chance(0.3) ? sentence(prng) : '', attachments: [attachment] };
          context.onProgress?.({ phase: 'media', bytesDone: mediaUsed, bytesTotal: mediaBudget });
        } else {
          const body = prng.chance(0.08) ? `${sentence(prng)}\n${sentence(prng)}` : sentence(prng);
          message = { sentAt: clock, sender, kind: 'text', body, attachments: [] };
        }
        if (writer.add(message)) {
          written += 1;
          attachments += message.attachments.length;
        }
      }
      writer.finish();
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  } finally {
    db.close();
  }
  return { chats: options.chats, messages: written, attachments, mediaBytes: mediaUsed };
}
