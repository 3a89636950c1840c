import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.ts';

/** Runs one browser test file in a vitest of its own, pointed at a Chromium that is not there. */
function runWithoutBrowser(ci: boolean) {
  // The child must not think it is one of this run's workers.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|CI$|FORCE_COLOR)/.test(name)));
  const result = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--project', 'node', 'test/browser/reply.happy.test.ts'],
    { cwd: REPO_ROOT, env: { ...env, NO_COLOR: '1', CHROMIUM_PATH: '/nonexistent/chromium', ...(ci ? { CI: 'true' } : {}) }, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('without a browser', () => {
  it('CI fails each browser block as a failed test, naming what is missing', () => {
    const run = runWithoutBrowser(true);
    expect(run.status).toBe(1);
    expect(run.output).toContain('No Chromium at /nonexistent/chromium');
    expect(run.output).toMatch(/Tests +1 failed/);
  }, 60_000);

  it("a developer's run skips them and says why", () => {
    const run = runWithoutBrowser(false);
    expect(run.status).toBe(0);
    expect(run.output).toContain('No Chromium at /nonexistent/chromium: install it with `sudo apt-get install chromium`');
    expect(run.output).toMatch(/Tests +5 skipped/);
  }, 60_000);
});
