// The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
// Installs it when missing and we are root; otherwise says exactly what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = process.env['COMPANION_CHROMIUM'] ?? '/usr/bin/chromium';

if (!existsSync(chromiumPath)) {
  if (process.getuid?.() === 0) {
    process.stderr.write('Chromium is missing; installing Debian chromium for the browser tests…\n');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    process.stderr.write(
      `The browser tests need Chromium at ${chromiumPath}.\nInstall it with: sudo apt-get install chromium   (or set COMPANION_CHROMIUM to its path)\n`,
    );
    process.exit(1);
  }
}
