// `npm run cli -- <command> …`: the support and scripting entry point.
import { parseArgs } from 'node:util';
import { reportCliError, usageError } from './cli-error.ts';
import { commands } from './commands.ts';

function help(): string {
  const lines = Object.values(commands).map((command) => `  ${command.usage}\n      ${command.summary}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help') {
    process.stdout.write(help());
    return 0;
  }
  try {
    const command = commands[name];
    if (command === undefined) throw usageError(`unknown command "${name}"; run "npm run cli -- help"`);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw usageError(`${(error as Error).message}. Usage: ${command.usage}`);
    }
    const result = await command.run({ values: parsed.values, positionals: parsed.positionals });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    return reportCliError(error);
  }
}

process.exitCode = await runCli(process.argv.slice(2));
