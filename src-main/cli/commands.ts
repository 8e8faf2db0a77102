// The CLI's message-store commands. Each reads its options, does one thing and returns a result.
import path from 'node:path';
import { importChatExport } from '../import/import-chat-export.ts';
import { defaultSeedOptions, seedStore } from '../seed/seed-store.ts';
import { ensureProfile } from '../store/profile.ts';
import { openStore } from '../store/open-store.ts';
import { readStats } from '../store/read-chats.ts';
import { usageError } from './cli-error.ts';
import { optionalNumber, requireString, type Command } from './command.ts';

export const storeCommands: Readonly<Record<string, Command>> = {
  seed: {
    summary: 'Fill a profile with realistic, deterministic demo chats and media.',
    usage: 'seed --profile DIR [--chats N] [--messages N] [--media-mb N] [--seed N]',
    options: {
      profile: { type: 'string' },
      chats: { type: 'string' },
      messages: { type: 'string' },
      'media-mb': { type: 'string' },
      seed: { type: 'string' },
    },
    run: async (args, context) => {
      const paths = ensureProfile(requireString(args, 'profile'));
      const options = {
        chats: Math.max(1, Math.floor(optionalNumber(args, 'chats', defaultSeedOptions.chats))),
        messages: Math.floor(optionalNumber(args, 'messages', defaultSeedOptions.messages)),
        mediaMb: optionalNumber(args, 'media-mb', defaultSeedOptions.mediaMb),
        seed: Math.floor(optionalNumber(args, 'seed', defaultSeedOptions.seed)),
      };
      return seedStore(paths, options, context);
    },
  },
  import: {
    summary: 'Import a chat export (.txt, or .zip with media).',
    usage: 'import --profile DIR FILE',
    options: { profile: { type: 'string' } },
    run: (args, context) => {
      const paths = ensureProfile(requireString(args, 'profile'));
      const file = args.positionals[0];
      if (file === undefined) throw usageError('the export FILE to import is required');
      return importChatExport(paths, { file: path.resolve(file), displayName: path.basename(file) }, context);
    },
  },
  stats: {
    summary: 'Print chat, message and attachment counts.',
    usage: 'stats --profile DIR',
    options: { profile: { type: 'string' } },
    run: (args) => {
      const db = openStore(ensureProfile(requireString(args, 'profile')).database);
      try {
        return Promise.resolve(readStats(db));
      } finally {
        db.close();
      }
    },
  },
};
