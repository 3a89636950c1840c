import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './processes.ts';

/**
 * vitest's global setup under `npm test` (CANCELDESK_TYPECHECK set): `npm run typecheck` beside the tests
 * rather than before them, on the CPU the tests leave idle while they wait for processes and browsers;
 * its errors are printed and fail the run at the end. A run of chosen files skips it. The script runs tsc
 * `--singleThreaded`: its parallel checkers took 26 s of CPU against 18 s, and beside the tests no core is idle for them.
 */
export default function typecheck(): (() => Promise<void>) | undefined {
  if (!process.env.CANCELDESK_TYPECHECK) return;
  const failure = promisify(execFile)('npm', ['run', '--silent', 'typecheck'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 }).then(
    () => null,
    (error: { stdout?: string; stderr?: string }) => error,
  );
  return async () => {
    const error = await failure;
    if (!error) return;
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}\nnpm run typecheck failed (its errors are above)\n`);
    // A teardown that throws is only logged: the exit code is how the run fails.
    process.exitCode = 1;
  };
}
