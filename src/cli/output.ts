import type { FieldErrors } from '../validation.ts';

/** stdout carries the command's answer (one JSON document with --json); stderr carries everything else. */
export const printJson = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
export const say = (line = ''): void => void process.stdout.write(`${line}\n`);
export const note = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * `note` for a server under load: the lines of one turn of the event loop go out in one write (a write
 * to a pipe is a blocking system call per line on Linux), in order, and whatever is left goes at exit.
 */
export function batchedNote(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    process.stderr.write(`${pending.join('\n')}\n`);
    pending = [];
  };
  process.on('exit', flush);
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}
export const fieldLines = (fields: FieldErrors): string =>
  Object.entries(fields)
    .map(([field, message]) => `  ${field}: ${message}`)
    .join('\n');

/** A failure the operator can fix, reported as one line on stderr. */
export class CliError extends Error {}
