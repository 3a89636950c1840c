import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface Started {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote, for a failure message. */
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Every process the bench started and that still runs: killed when the bench exits, however it exits
 * (a failed run, an exception, Ctrl-C), so no server is left holding a port or a core.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** For the bench's own commands: Ctrl-C (or a kill) exits through the 'exit' hook above too. */
export function exitOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
}

/**
 * Starts `node <args>` from the repository root and waits until it prints a `listening on <url>` line
 * (the service says "Canceldesk listening on", the bench's helpers "listening on").
 */
export function startProcess(args: string[], env: Record<string, string>, options: { nodeFlags?: string[] } = {}): Promise<Started> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      // Keep draining the pipes: a full pipe would block the child.
      child.stdout!.resume();
      child.stderr!.on('data', (more: Buffer) => void (output += more));
      resolve({
        child,
        url: match[1]!.replace('localhost', '127.0.0.1'),
        output: () => output,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before listening:\n${output}`)));
  });
}

/** The highest resident set the process has had so far (Linux: VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  if (!line) throw new Error(`no VmHWM for pid ${pid}`);
  return Number(line[1]) / 1024;
}

/** CPU time the process has used so far, user and system (Linux: /proc/<pid>/stat), in ms. */
export function cpuMs(pid: number): number {
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}
/** USER_HZ: 100 on every Linux the bench runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
