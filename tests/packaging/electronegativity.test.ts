// @doyensec/electronegativity over the app's sources (src-*, package.json), as a gate: every finding
// must be one accepted in accepted-findings.ts and explained in docs/security.md. A canary file with
// known-bad options rides along, so a scanner that silently parsed nothing could not pass.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedFindings, judgeFindings } from '../../src-main/packaging/security-scan/accepted-findings.ts';
import type { ScanFinding, ScanResult } from '../../src-main/packaging/security-scan/run-electronegativity.ts';
import { repoRoot } from '../helpers/profile.ts';

const canaryFile = 'canary/insecure-window.ts';
// Modern TypeScript syntax on purpose (satisfies, type-only import), which an outdated parser would reject.
const canary = `import { BrowserWindow } from 'electron';
import type { WebPreferences } from 'electron';
const prefs = { nodeIntegration: true, contextIsolation: false } satisfies WebPreferences;
export const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });
export const again = prefs;
`;

let work: string;
let result: ScanResult;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'companion-scan-'));
  const input = path.join(work, 'app');
  for (const dir of ['src-main', 'src-preload', 'src-renderer', 'src-shared'])
    cpSync(path.join(repoRoot, dir), path.join(input, dir), { recursive: true });
  cpSync(path.join(repoRoot, 'package.json'), path.join(input, 'package.json'));
  mkdirSync(path.dirname(path.join(input, canaryFile)));
  writeFileSync(path.join(input, canaryFile), canary);
  const output = path.join(work, 'result.json');
  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'src-main/packaging/security-scan/run-electronegativity.ts'), input, output],
    {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'en-US' },
      timeout: 120_000,
    },
  );
  if (run.status !== 0) throw new Error(`electronegativity failed:\n${run.stdout}\n${run.stderr}`);
  result = JSON.parse(readFileSync(output, 'utf8')) as ScanResult;
  const ours = result.findings.filter((finding) => finding.file !== canaryFile);
  console.info(
    `electronegativity: ${result.checks} checks, ${ours.length} findings on the app, all accepted: ${judgeFindings(ours).unexplained.length === 0}`,
  );
}, 180_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

const appFindings = (): ScanFinding[] => result.findings.filter((finding) => finding.file !== canaryFile);

describe('electronegativity', () => {
  it('parses every file it is given', () => {
    expect(result.parseErrors).toEqual([]);
    expect(result.checks).toBeGreaterThan(30);
  });

  it('catches the canary (the scan really looks)', () => {
    const caught = result.findings.filter((finding) => finding.file === canaryFile).map((finding) => finding.check);
    expect(caught).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
    expect(judgeFindings(result.findings).unexplained.map((finding) => finding.file)).toContain(canaryFile);
  });

  it('finds nothing in the app beyond the accepted findings', () => {
    expect(judgeFindings(appFindings()).unexplained).toEqual([]);
  });

  it('still reports every accepted finding (no stale excuses)', () => {
    expect(judgeFindings(appFindings()).stale).toEqual([]);
  });

  it('has each accepted finding explained in docs/security.md', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/security.md'), 'utf8');
    for (const { check, file } of acceptedFindings)
      expect(doc, `${check} in ${file}`).toMatch(new RegExp(`\`${check}\`.*\`${file.replace('.', '\\.')}\``));
  });
});
