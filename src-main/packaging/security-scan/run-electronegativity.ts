// Runs @doyensec/electronegativity over a folder and writes its findings and parse errors as JSON:
//   node src-main/packaging/security-scan/run-electronegativity.ts <input dir> <result.json>
// Through its runner rather than its CLI, because the CLI drops parse errors when it writes a file,
// so a file it cannot parse would pass unscanned. It never touches the network: the update checks it
// makes (translations, Electron's release list) get an immediate "offline" answer.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ScanFinding {
  readonly check: string;
  /** Relative to the input folder, '/'-separated; 'N/A' for whole-app findings. */
  readonly file: string;
  readonly line: number;
  readonly severity: string;
  readonly confidence: string;
}

export interface ScanResult {
  readonly checks: number;
  readonly findings: readonly ScanFinding[];
  readonly parseErrors: readonly { readonly file: string; readonly message: string }[];
}

/** Needs the network and answers "a newer Electron exists", which the release checklist covers. */
export const excludedChecks = ['AvailableSecurityFixesGlobalCheck'] as const;

interface RawIssue {
  readonly id: string;
  readonly file: string;
  readonly location: { readonly line: number };
  readonly severity: { readonly name: string };
  readonly confidence: { readonly name: string };
}
interface RawResult {
  readonly globalChecks: number;
  readonly atomicChecks: number;
  readonly errors: readonly { readonly file: string; readonly message: string }[];
  readonly issues: readonly RawIssue[];
}
type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<RawResult>;

async function scan(input: string): Promise<ScanResult> {
  const fromScanner = createRequire(createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json'));
  const offline = (): Promise<never> => Promise.reject(new Error('offline: the scan does not use the network'));
  const gotPath = fromScanner.resolve('got');
  fromScanner.cache[gotPath] = {
    id: gotPath,
    filename: gotPath,
    loaded: true,
    exports: Object.assign(offline, { default: offline, head: offline }),
  } as unknown as NodeJS.Module;
  const run = fromScanner('./dist/runner.js') as Runner;
  const raw = await run(
    {
      input,
      customScan: [],
      excludeFromScan: excludedChecks.map((check) => check.toLowerCase()),
      isRelative: true,
      isVerbose: false,
      parserPlugins: [],
    },
    false,
  );
  const relative = (file: string): string => (path.isAbsolute(file) ? path.relative(input, file) : file).split(path.sep).join('/');
  return {
    checks: raw.globalChecks + raw.atomicChecks,
    findings: raw.issues.map((issue) => ({
      check: issue.id,
      file: relative(issue.file),
      line: issue.location.line,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
    })),
    parseErrors: raw.errors.map((error) => ({ file: relative(error.file), message: error.message })),
  };
}

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  console.error('Usage: node src-main/packaging/security-scan/run-electronegativity.ts <input dir> <result.json>');
  process.exit(2);
}
writeFileSync(output, JSON.stringify(await scan(path.resolve(input)), null, 2));
