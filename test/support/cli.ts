import { Readable } from 'node:stream';
import { runCli } from '../../src/cli.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `canceldesk ...args` in this process, as an operator's shell would run it: with only the environment
 * given here (no stray RESEND_API_KEY), its exit code and what it wrote to stdout and to stderr. `fetch`
 * is what `--url` reaches a deployment through (the app's own `request`, or a real one); `stdin`, what is
 * piped in.
 */
export async function canceldesk(
  args: string[],
  env: Record<string, string>,
  options: { fetch?: typeof fetch; stdin?: Uint8Array | string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    fetch: options.fetch,
    stdin: options.stdin === undefined ? undefined : Readable.from([Buffer.from(options.stdin)]),
  });
  return { code, stdout, stderr };
}
