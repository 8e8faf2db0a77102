// The CLI's backup commands. Recovery keys come from a file or the environment, never from argv.
import { packageVersion } from '../app-version.ts';
import {
  backupProfile,
  destinationOf,
  initForProfile,
  openAndUnlock,
  restoreProfile,
  withProfileRepository,
  type Unlock,
} from '../backup/backup-service.ts';
import type { InitOutcome } from '../backup/backup-service.ts';
import { inspectRepository } from '../backup/engine/inspect.ts';
import { inProcess } from '../backup/job-runner.ts';
import { snapshotListing, unreadableFailure } from '../backup/engine/snapshots.ts';
import { verifyFull } from '../backup/engine/verify-full.ts';
import { reportFailure, type VerifyReport } from '../backup/engine/verify-report.ts';
import { verifyStructure } from '../backup/engine/verify-structure.ts';
import { openRepository } from '../backup/repository/repository.ts';
import { ensureProfile } from '../store/profile.ts';
import { openStore } from '../store/open-store.ts';
import { replaceStoreFile } from '../store/store-swap.ts';
import { usageError } from './cli-error.ts';
import { optionalNumber, optionalString, requireString, type Command, type ParsedArgs } from './command.ts';
import { connectedRepo, REPO_USAGE, repoLocation, repoOptions } from './repo-option.ts';
import { readRecoveryKeyText, requireRecoveryKeyText } from './secret-input.ts';

const json = { json: { type: 'boolean' } } as const;

/** The recovery key if one was given, else this profile's cached key. */
function unlockFrom(args: ParsedArgs): Unlock {
  const text = readRecoveryKeyText(optionalString(args, 'recovery-key-file'));
  if (text !== null) return { kind: 'recovery-key', text };
  const profile = optionalString(args, 'profile');
  if (profile === undefined) throw usageError('give --profile DIR (its cached key) or --recovery-key-file FILE');
  return { kind: 'cached', paths: ensureProfile(profile) };
}

export const backupCommands: Readonly<Record<string, Command>> = {
  init: {
    summary: 'Create a backup repository and show its recovery key once.',
    usage: `init --profile DIR --repo ${REPO_USAGE} [--json]`,
    options: { profile: { type: 'string' }, ...repoOptions, ...json },
    run: (args) => initForProfile(ensureProfile(requireString(args, 'profile')), repoLocation(args, true)),
    human: (result: InitOutcome) =>
      [
        `Backup repository created (${result.repositoryId}).`,
        '',
        'Your recovery key — write it down and keep it somewhere safe. It is shown only this once,',
        'and it is the only way to restore if you lose this computer and your passkeys:',
        '',
        `    ${result.recoveryKey}`,
        '',
        ...(result.keystoreWarning === null ? [] : [`Warning: ${result.keystoreWarning}`]),
      ].join('\n'),
  },
  backup: {
    summary: "Back up the profile's messages and media (to --repo, or where init pointed it).",
    usage: 'backup --profile DIR [--repo REPO] [--json]',
    options: { profile: { type: 'string' }, ...repoOptions, ...json },
    run: (args, context) =>
      backupProfile(
        ensureProfile(requireString(args, 'profile')),
        { location: repoLocation(args, false), appVersion: packageVersion() },
        context,
      ),
  },
  snapshots: {
    summary: 'List the backups in a repository (needs its key: a profile that has it, or the recovery key).',
    usage: 'snapshots --repo REPO (--profile DIR | --recovery-key-file FILE) [--json]',
    options: { ...repoOptions, profile: { type: 'string' }, 'recovery-key-file': { type: 'string' }, ...json },
    run: async (args) => {
      const repository = await openAndUnlock(await connectedRepo(args), unlockFrom(args));
      try {
        return await snapshotListing(repository);
      } finally {
        repository.close();
      }
    },
    failure: (listing: Parameters<typeof unreadableFailure>[0]) => unreadableFailure(listing),
  },
  restore: {
    summary: 'Restore a backup into a profile (default: the newest); resumes an interrupted restore.',
    usage: 'restore --profile DIR --repo REPO --recovery-key-file FILE [--snapshot ID] [--json]',
    options: {
      profile: { type: 'string' },
      ...repoOptions,
      'recovery-key-file': { type: 'string' },
      snapshot: { type: 'string' },
      ...json,
    },
    run: async (args, context) => {
      const paths = ensureProfile(requireString(args, 'profile'));
      const text = requireRecoveryKeyText(optionalString(args, 'recovery-key-file'));
      return restoreProfile(
        paths,
        {
          location: await connectedRepo(args),
          unlock: { kind: 'recovery-key', text },
          snapshotId: optionalString(args, 'snapshot'),
          swap: (staged) => Promise.resolve(replaceStoreFile(paths, staged, openStore)),
        },
        context,
      );
    },
  },
  verify: {
    summary: 'Check a repository: its structure without a key, or every object of every backup with the recovery key.',
    usage: 'verify --repo REPO [--recovery-key-file FILE] [--json]',
    options: { ...repoOptions, 'recovery-key-file': { type: 'string' }, ...json },
    run: async (args, context) => {
      const location = await connectedRepo(args);
      const text = readRecoveryKeyText(optionalString(args, 'recovery-key-file'));
      if (text === null) return verifyStructure(destinationOf(location), context);
      const repository = (await openRepository(destinationOf(location))).unlockWithRecoveryKey(text);
      try {
        return await verifyFull(repository, context);
      } finally {
        repository.close();
      }
    },
    failure: (report: VerifyReport) => reportFailure(report),
  },
  inspect: {
    summary: 'Show what a repository holds in clear: format, key id, key slots and object counts.',
    usage: 'inspect --repo REPO [--json]',
    options: { ...repoOptions, ...json },
    run: async (args) => inspectRepository(destinationOf(await connectedRepo(args))),
  },
  prune: {
    summary: 'Keep the newest N backups and remove what nothing references any more.',
    usage: 'prune --repo REPO --profile DIR --keep N [--json]',
    options: { ...repoOptions, profile: { type: 'string' }, keep: { type: 'string' }, ...json },
    run: (args, context) => {
      const keep = optionalNumber(args, 'keep', Number.NaN);
      if (!Number.isInteger(keep) || keep < 1) throw usageError('--keep must be a whole number of at least 1');
      const paths = ensureProfile(requireString(args, 'profile'));
      return withProfileRepository(
        paths,
        { location: repoLocation(args, true), lock: { mode: 'exclusive', operation: 'prune' } },
        (keyed) => inProcess('prune', { ...keyed(), keep }, context),
      );
    },
  },
};
