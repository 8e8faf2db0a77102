import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { fixturesDir, tempDir } from '../../helpers/profile.ts';

describe('companion CLI', () => {
  it('seeds a profile and reports its counts with stats', () => {
    const profile = path.join(tempDir(), 'p');
    const seeded = runCli(['seed', '--profile', profile, '--chats', '4', '--messages', '800', '--media-mb', '1', '--seed', '7']);
    expect(seeded.stderr).toBe('');
    expect(seeded.status).toBe(0);
    const summary = JSON.parse(seeded.stdout) as { chats: number; messages: number; attachments: number };
    const stats = runCli(['stats', '--profile', profile]);
    expect(stats.status).toBe(0);
    expect(JSON.parse(stats.stdout)).toEqual({ chats: 4, messages: summary.messages, attachments: summary.attachments });
    expect(summary.messages).toBe(800);
  });

  it('imports a chat export', () => {
    const profile = path.join(tempDir(), 'p');
    const imported = runCli(['import', '--profile', profile, path.join(fixturesDir, 'android-en-us.txt')]);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ messagesSkipped: 0, dateOrder: 'MDY' });
  });

  it('fails with "error <CODE>: <message>" on stderr and a non-zero exit', () => {
    const unknown = runCli(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error CLI_USAGE: unknown command "frobnicate"/);
    const missing = runCli(['stats']);
    expect(missing.stderr).toMatch(/^error CLI_USAGE: --profile is required/);
    const badOption = runCli(['seed', '--profile', tempDir(), '--bogus']);
    expect(badOption.stderr).toMatch(/^error CLI_USAGE: .*--bogus/);
    const badNumber = runCli(['seed', '--profile', tempDir(), '--messages', 'many']);
    expect(badNumber.stderr).toMatch(/^error CLI_USAGE: --messages must be a non-negative number/);
    const notExport = runCli(['import', '--profile', path.join(tempDir(), 'p'), path.join(fixturesDir, 'README.md')]);
    expect(notExport.status).toBe(1);
    expect(notExport.stderr).toMatch(/^error IMPORT_NOT_AN_EXPORT: .*[Ll]ine 1/);
  });

  it('prints help listing every command', () => {
    const help = runCli(['help']);
    expect(help.status).toBe(0);
    for (const command of ['seed', 'import', 'stats']) expect(help.stdout).toContain(`  ${command} `);
  });
});
