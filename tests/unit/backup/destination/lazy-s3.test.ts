// The S3 SDK costs ~35 MB in every isolate that loads it, so it must load only once an S3 location
// is used. Checked in a fresh process whose module hooks record what gets resolved.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const openDestinationUrl = new URL('../../../../src-main/backup/destination/open-destination.ts', import.meta.url).href;
const dir = mkdtempSync(path.join(tmpdir(), 'companion-lazy-s3-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = `
import { registerHooks } from 'node:module';
const sdk = [];
registerHooks({ resolve(specifier, context, next) { if (specifier.startsWith('@aws-sdk/') || specifier.startsWith('@smithy/')) sdk.push(specifier); return next(specifier, context); } });
const { openDestination } = await import(${JSON.stringify(openDestinationUrl)});
const folder = openDestination({ kind: 'folder', path: ${JSON.stringify(dir)} });
await folder.put('config', Buffer.from('{}'));
await folder.stat('config');
const s3 = openDestination({ kind: 's3', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'b', prefix: 'p', pathStyle: true, accessKeyId: 'k', secretAccessKey: 's' }, { retry: { attempts: 1, baseMs: 0, maxMs: 0 } });
const described = s3.description;
const beforeUse = sdk.length;
const failure = await s3.stat('config').then(() => 'none', (error) => error.code);
console.log(JSON.stringify({ beforeUse, described, afterUse: sdk.length, failure }));
`;

describe('opening a destination', () => {
  it('loads the S3 SDK only when an S3 destination is first used', () => {
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../../../', import.meta.url)),
      encoding: 'utf8',
    });
    const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(result['beforeUse']).toBe(0);
    expect(result['described']).toBe('s3 b/p/ at 127.0.0.1:9');
    expect(result['afterUse']).toBeGreaterThan(0);
    // The real S3 destination answered: a closed port is reported as such, not as a loading failure.
    expect(result['failure']).toBe('S3_SERVER_UNREACHABLE');
  });
});
