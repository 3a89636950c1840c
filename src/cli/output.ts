import { type FieldErrors, ROOT_FIELD } from '../validation.ts';

/** What one run of the CLI reads and writes: the process's own (see cli.ts), or a test's. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** How `--url` reaches a deployment; the global fetch unless given (tests give the app's own `request`). */
  fetch?: typeof fetch;
  /** What a command reads when given no FILE (`inbound receive` from a mail server's pipe); none when absent. */
  stdin?: StandardInput;
}

/** A readable byte stream, such as `process.stdin`; a terminal (`isTTY`) is no message. */
export type StandardInput = AsyncIterable<Uint8Array> & { isTTY?: boolean };

/** stdout carries the command's answer (one JSON document with --json); stderr carries everything else. */
export interface CliOutput {
  printJson(value: unknown): void;
  say(line?: string): void;
  note(line: string): void;
}

export function cliOutput({ stdout, stderr }: CliIo): CliOutput {
  return {
    printJson: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    say: (line = '') => void stdout.write(`${line}\n`),
    note: (line) => void stderr.write(`${line}\n`),
  };
}

/**
 * `note` for a server under load: the lines of one turn of the event loop go out in one write (a write
 * to a pipe is a blocking system call per line on Linux), in order, and whatever is left goes at exit.
 */
export function batchedNote(stderr: CliIo['stderr']): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    stderr.write(`${pending.join('\n')}\n`);
    pending = [];
  };
  process.on('exit', flush);
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}

/** One line per field; `whole` names what a problem with the whole input is about (the API's `(body)`). */
export const fieldLines = (fields: FieldErrors, whole: string): string =>
  Object.entries(fields)
    .map(([field, message]) => `  ${field === ROOT_FIELD ? whole : field}: ${message}`)
    .join('\n');

/** A failure the operator can fix, reported as one line on stderr. */
export class CliError extends Error {}
