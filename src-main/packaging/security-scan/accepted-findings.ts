// The electronegativity findings Companion accepts, each with why; docs/security.md explains each
// one under "Static scan". Anything else the scan reports fails `npm test`, and so does an entry
// here that the scan no longer reports (a stale excuse is removed, not kept "just in case").
export interface AcceptedFinding {
  readonly check: string;
  readonly file: string;
  readonly reason: string;
}

export const acceptedFindings: readonly AcceptedFinding[] = [
  {
    check: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    reason:
      'The CSP is a response header of the protocol.handle server (src-main/serve/serve-app.ts), which the scanner does not look for; its directives are pinned by tests/integration/serve/serve-app.test.ts.',
  },
  {
    check: 'ELECTRON_VERSION_JSON_CHECK',
    file: 'package.json',
    reason: 'Informational: it reports the Electron version it found. Keeping Electron current is a release step (docs/releasing.md).',
  },
  {
    check: 'CONTEXT_ISOLATION_JS_CHECK',
    file: 'src-main/app/app-window.ts',
    reason:
      'The options come from windowOptions(), which the scanner cannot follow: contextIsolation is true (tests/unit/shell/window-options.test.ts).',
  },
  {
    check: 'SANDBOX_JS_CHECK',
    file: 'src-main/app/app-window.ts',
    reason:
      'sandbox is true in windowOptions(), and main.ts calls app.enableSandbox() for every renderer (tests/unit/shell/window-options.test.ts).',
  },
  {
    check: 'AUXCLICK_JS_CHECK',
    file: 'src-main/app/app-window.ts',
    reason:
      'A middle-click can only ask for a new window, and every webContents gets setWindowOpenHandler → deny (src-main/app/harden.ts).',
  },
];

export interface ScanVerdict<T> {
  /** Reported and not accepted: each one fails the build. */
  readonly unexplained: readonly T[];
  /** Accepted but no longer reported. */
  readonly stale: readonly AcceptedFinding[];
}

export function judgeFindings<T extends { readonly check: string; readonly file: string }>(
  findings: readonly T[],
  accepted: readonly AcceptedFinding[] = acceptedFindings,
): ScanVerdict<T> {
  const matches = (a: { check: string; file: string }, b: { check: string; file: string }): boolean =>
    a.check === b.check && a.file === b.file;
  return {
    unexplained: findings.filter((finding) => !accepted.some((entry) => matches(entry, finding))),
    stale: accepted.filter((entry) => !findings.some((finding) => matches(entry, finding))),
  };
}
