// What a CLI command is, and the option readers they share.
import type { AppError } from '../../src-shared/errors.ts';
import type { JobContext } from '../jobs/jobs.ts';
import { usageError } from './cli-error.ts';

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, { type: 'string' | 'boolean' }>>;
  run(args: ParsedArgs, context: JobContext): Promise<unknown>;
  /** Text for people; without it (or with --json) the result is printed as JSON. */
  human?(result: never): string;
  /** A result that is still a failure (a verify that found damage): printed, then reported as an error. */
  failure?(result: never): AppError | null;
}

export function requireString(args: ParsedArgs, name: string): string {
  const value = args.values[name];
  if (typeof value !== 'string' || value === '') throw usageError(`--${name} is required`);
  return value;
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw usageError(`--${name} needs a value`);
  return value;
}

export function optionalNumber(args: ParsedArgs, name: string, fallback: number): number {
  const value = args.values[name];
  if (value === undefined) return fallback;
  const number = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(number) || number < 0) throw usageError(`--${name} must be a non-negative number`);
  return number;
}
