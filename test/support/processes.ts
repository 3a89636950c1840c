import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs the real CLI (`canceldesk ...`) as a child process, the way an operator would; with `cwd`, through
 * the package's bin from that folder, as an installed `canceldesk` runs.
 */
export function spawnCli(
  args: string[],
  env: Record<string, string>,
  /** `built`: the production bundle (dist/canceldesk.js, built once per run by test/support/build-bundle.ts) instead of the sources. */
  options: { cwd?: string; built?: boolean } = {},
): ChildProcess & { output: { stdout: string; stderr: string } } {
  const command = options.built
    ? [join(REPO_ROOT, 'dist/canceldesk.js')]
    : options.cwd
      ? [fileURLToPath(new URL('bin/canceldesk.js', `file://${REPO_ROOT}`))]
      : ['--import', 'tsx', 'src/cli.ts'];
  const child = spawn(process.execPath, [...command, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (output.stdout += d));
  child.stderr!.on('data', (d) => (output.stderr += d));
  return Object.assign(child, { output });
}

/** The production bundle run as its own process to the end: its exit code and what it wrote. */
export async function builtCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawnCli(args, env, { built: true });
  const code = await exited(child);
  return { code: code ?? -1, ...child.output };
}

export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve));
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until `check` passes or the time runs out; returns its last value. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
