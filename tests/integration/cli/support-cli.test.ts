// The support commands through the real CLI.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/profile.ts';

describe('support commands', () => {
  it('explain prints the catalogue entry for a code, in any case, and refuses an unknown one', () => {
    const human = runCli(['explain', 'recovery_key_typo']);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/^RECOVERY_KEY_TYPO\n\nWhat happened: +The recovery key has a typing mistake/);
    const asJson = JSON.parse(runCli(['explain', 'BACKUP_REPOSITORY_BUSY', '--json']).stdout) as { code: string; supportCheck: string };
    expect(asJson.code).toBe('BACKUP_REPOSITORY_BUSY');
    expect(asJson.supportCheck.length).toBeGreaterThan(10);
    const unknown = runCli(['explain', 'NOT_A_CODE']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error CLI_USAGE: "NOT_A_CODE" is not a Companion error code/);
  });

  it('diagnose writes the bundle for a profile and its repository', () => {
    const root = tempDir();
    const profile = path.join(root, 'p');
    const repo = path.join(root, 'repo');
    expect(runCli(['seed', '--profile', profile, '--chats', '1', '--messages', '30', '--media-mb', '0']).status).toBe(0);
    expect(runCli(['init', '--profile', profile, '--repo', repo]).status).toBe(0);
    expect(runCli(['backup', '--profile', profile]).status).toBe(0);
    const out = path.join(root, 'bundle.json');
    const run = runCli(['diagnose', '--profile', profile, '--out', out, '--json']);
    expect(run.status).toBe(0);
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as {
      format: string;
      backup: { configured: boolean; keyCached: boolean };
      repository: { slots: { kind: string }[]; structure: { ok: boolean } };
      journal: { kind: string; outcome: string; steps: { step: string }[] }[];
    };
    expect(bundle).toMatchObject({ format: 'companion-diagnostics', backup: { configured: true, keyCached: true } });
    expect(bundle.repository).toMatchObject({ slots: [{ kind: 'recovery' }], structure: { ok: true } });
    expect(bundle.journal[0]).toMatchObject({ kind: 'backup', outcome: 'ok' });
    expect(bundle.journal[0]?.steps.map((step) => step.step)).toEqual(['unlock', 'back-up']);
  });
});
