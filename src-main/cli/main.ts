// `npm run cli -- <command> …`: the support and scripting entry point.
import { parseArgs } from 'node:util';
import type { JobContext, JobProgress } from '../jobs/jobs.ts';
import { backupCommands } from './backup-commands.ts';
import { reportCliError, usageError } from './cli-error.ts';
import type { Command } from './command.ts';
import { storeCommands } from './commands.ts';
import { supportCommands } from './support-commands.ts';

const commands: Readonly<Record<string, Command>> = { ...storeCommands, ...backupCommands, ...supportCommands };

function help(): string {
  const lines = Object.values(commands).map((command) => `  ${command.usage}\n      ${command.summary}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

function formatProgress({ phase, bytesDone, bytesTotal }: JobProgress): string {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const percent = bytesTotal === null || bytesTotal === 0 ? '' : ` ${Math.floor((bytesDone / bytesTotal) * 100)}%`;
  return `${phase}: ${mb(bytesDone)}${bytesTotal === null ? '' : ` / ${mb(bytesTotal)}`} MB${percent}`;
}

/** Progress goes to stderr, for people at a terminal only; Ctrl-C cancels cleanly. */
function cliContext(): JobContext & { dispose(): void } {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const tty = process.stderr.isTTY;
  return {
    signal: controller.signal,
    onProgress: (progress) => {
      if (tty) process.stderr.write(`\r${formatProgress(progress)}\u001b[K`);
    },
    dispose: () => {
      process.off('SIGINT', onSigint);
      if (tty) process.stderr.write('\r\u001b[K');
    },
  };
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help') {
    process.stdout.write(help());
    return 0;
  }
  const context = cliContext();
  try {
    const command = commands[name];
    if (command === undefined) throw usageError(`unknown command "${name}"; run "npm run cli -- help"`);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw usageError(`${(error as Error).message}. Usage: ${command.usage}`);
    }
    const result = (await command.run({ values: parsed.values, positionals: parsed.positionals }, context)) as never;
    const asJson = parsed.values['json'] === true || command.human === undefined;
    process.stdout.write(asJson ? `${JSON.stringify(result, null, 2)}\n` : `${command.human?.(result) ?? ''}\n`);
    const failure = command.failure?.(result) ?? null;
    return failure === null ? 0 : reportCliError(failure);
  } catch (error) {
    return reportCliError(error);
  } finally {
    context.dispose();
  }
}

process.exitCode = await runCli(process.argv.slice(2));
