import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../../src-shared/errors.ts';
import { renderErrorDocs } from '../../../src-main/diagnostics/error-docs.ts';
import { repoRoot } from '../../helpers/profile.ts';

describe('docs/errors.md', () => {
  it('is exactly what the catalogue generates (run `npm run docs:errors` after changing a code)', async () => {
    const file = path.join(repoRoot, 'docs/errors.md');
    const generated = await format(renderErrorDocs(), { ...(await resolveConfig(file)), filepath: file });
    const committed = readFileSync(file, 'utf8');
    expect(committed).toBe(generated);
  });

  it('has every code expected somewhere in the tests (a code no test produces is a path no test takes)', () => {
    const testsDir = path.join(repoRoot, 'tests');
    const sources = readdirSync(testsDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'error-docs.test.ts')
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
    const untested = Object.keys(errorCatalogue).filter((code) => !new RegExp(`\\b${code}\\b`).test(sources));
    expect(untested).toEqual([]);
  });

  it('lists every code once', () => {
    const text = renderErrorDocs();
    for (const code of Object.keys(errorCatalogue)) expect(text.split(`| \`${code}\` |`)).toHaveLength(2);
  });
});
