import type { FieldErrors } from '../validation.ts';

/** stdout carries the command's answer (one JSON document with --json); stderr carries everything else. */
export const printJson = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
export const say = (line = ''): void => void process.stdout.write(`${line}\n`);
export const note = (line: string): void => void process.stderr.write(`${line}\n`);
export const fieldLines = (fields: FieldErrors): string =>
  Object.entries(fields)
    .map(([field, message]) => `  ${field}: ${message}`)
    .join('\n');

/** A failure the operator can fix, reported as one line on stderr. */
export class CliError extends Error {}
