// The CLI's commands for support staff: the diagnostics bundle, and what an error code means.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorCatalogue, type ErrorCode } from '../../src-shared/errors.ts';
import { packageVersion } from '../app-version.ts';
import { diagnosticsFile } from '../diagnostics/bundle.ts';
import { ensureProfile } from '../store/profile.ts';
import { usageError } from './cli-error.ts';
import { optionalString, requireString, type Command } from './command.ts';

const json = { json: { type: 'boolean' } } as const;

function isCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCatalogue, value);
}

export const supportCommands: Readonly<Record<string, Command>> = {
  diagnose: {
    summary: 'Write the redacted diagnostics bundle (no messages, names, paths or keys) to a file.',
    usage: 'diagnose --profile DIR [--repo PATH] --out FILE [--json]',
    options: { profile: { type: 'string' }, repo: { type: 'string' }, out: { type: 'string' }, ...json },
    run: async (args, context) => {
      const paths = ensureProfile(requireString(args, 'profile'));
      const out = path.resolve(requireString(args, 'out'));
      const repo = optionalString(args, 'repo');
      const location = repo === undefined ? undefined : ({ kind: 'folder', path: path.resolve(repo) } as const);
      const { text } = await diagnosticsFile(paths, { host: { kind: 'cli', version: packageVersion() }, location }, context);
      writeFileSync(out, text, { mode: 0o600 });
      return { out, bytes: Buffer.byteLength(text) };
    },
  },
  explain: {
    summary: 'Explain an error code: what happened, what the user can do, what support should check.',
    usage: 'explain CODE [--json]',
    options: { ...json },
    run: (args) => {
      const code = args.positionals[0]?.toUpperCase();
      if (code === undefined) throw usageError('the CODE to explain is required, e.g. "explain RECOVERY_KEY_TYPO"');
      if (!isCode(code)) throw usageError(`"${code}" is not a Companion error code; docs/errors.md lists them all`);
      return Promise.resolve({ code, ...errorCatalogue[code] });
    },
    human: (entry: { code: string; summary: string; userAction: string; supportCheck: string }) =>
      [
        entry.code,
        '',
        `What happened:   ${entry.summary}`,
        `What to do:      ${entry.userAction}`,
        `Support checks:  ${entry.supportCheck}`,
      ].join('\n'),
  },
};
