import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_BUNDLE } from '../bin/bundle.js';
import { ROOT, type Started, startProcess } from './processes.ts';

/** One service configuration: production mode on a fresh SQLite file, mail to the fake Resend. */
export interface ServiceEnv {
  env: Record<string, string>;
  databaseFile: string;
  /** Deletes the database (a million requests are a gigabyte of /tmp). */
  remove(): void;
}

export function serviceEnv(fakeResendUrl: string, port: number): ServiceEnv {
  const dir = mkdtempSync(join(tmpdir(), 'canceldesk-bench-'));
  const databaseFile = join(dir, 'bench.db');
  return {
    databaseFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: `file:${databaseFile}`,
      TOKEN_SECRETS: `bench:${randomBytes(24).toString('base64url')}`,
      RESEND_API_KEY: 're_bench',
      RESEND_BASE_URL: fakeResendUrl,
      MAIL_FROM: 'Canceldesk <cancellations@canceldesk.test>',
    },
  };
}

/** The production bundle, as an operator deploys it (`npm run build`): plain JavaScript, no tsx loader thread. */
export function buildService(): void {
  execSync('npm run build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Where buildFloor writes the floor server's bundle (dist/ is the build's own, ignored by git). */
export const FLOOR_BUNDLE = 'dist/bench-floor-server.js';

/**
 * The floor server bundled the same way as the service, so its RSS compares with the service's: under
 * tsx a loader thread (a second V8 isolate) would sit in the process.
 */
export async function buildFloor(): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['bench/floor-server.ts'],
    outfile: FLOOR_BUNDLE,
    ...NODE_BUNDLE,
    logLevel: 'warning',
  });
}

/** `canceldesk serve` from the bundle (buildService first); BENCH_PROFILE=1 writes a CPU profile to bench/results/profiles. */
export function startService(service: ServiceEnv): Promise<Started> {
  // BENCH_SERVICE_FLAGS: node flags to try on the service (a partial run's figures only; the docs cite the deployed command).
  const tried = process.env.BENCH_SERVICE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const nodeFlags = [...tried, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [])];
  return startProcess(['dist/canceldesk.js', 'serve'], service.env, { nodeFlags });
}
