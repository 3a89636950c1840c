import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './processes.ts';

/**
 * vitest's global setup: `npm run build` once per run, before any file starts, for the tests that run the
 * production bundle as a process. Built inside a test instead, two files would rewrite dist/ under each
 * other's running servers.
 */
export default async function buildBundle(): Promise<void> {
  await promisify(execFile)('npm', ['run', 'build'], { cwd: REPO_ROOT });
}
