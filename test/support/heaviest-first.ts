import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each slow file takes in a quiet whole run on the 2-core machine (vitest's JSON report, or
 * `npx vitest run --project <p> <file>` for one), rounded; the files first measured in a loaded run
 * (7 Dec, load 8–11) are that run's figure over its ratio to a quiet run (~1.8 in its second half).
 * Only the order counts. The files not named take about a second or less.
 */
export const SLOW_FILES: Record<string, number> = {
  'test/browser/accessibility.test.ts': 38,
  'test/browser/reply.errors.test.ts': 24,
  'test/client/package.test.ts': 22,
  'test/server/serve.test.ts': 22,
  'test/crash/sigkill.test.ts': 21,
  'test/browser/layout.test.ts': 21,
  'test/browser/reply.happy.test.ts': 21,
  'test/browser/provider-inbox.test.ts': 18,
  'test/mail/compiled-email.equality.request.test.ts': 17,
  'test/mail/compiled-email.equality.reminder.test.ts': 17,
  'test/mail/compiled-email.equality.follow-up.test.ts': 17,
  'test/workerd/worker.test.ts': 12,
  'test/workerd/lifecycle.test.ts': 11,
  'test/browser/reply.languages.test.ts': 10,
  'test/provider-inbox/csv-confirm-chunks.test.ts': 10,
  'test/workerd/provider-csv.test.ts': 9,
  'test/workerd/stats.test.ts': 8,
  'test/workerd/d1-atomic.test.ts': 6,
  'test/db/sqlite.concurrency.test.ts': 6,
  'test/workerd/email.test.ts': 5,
  'test/workerd/bad-environment.test.ts': 5,
  'test/cli/cli.test.ts': 5,
  'test/link-activity/link-activity.test.ts': 5,
  'test/client/examples.test.ts': 5,
  'test/bench/harness.test.ts': 4,
  'test/support-auth/login-throttle.test.ts': 4,
};

/**
 * Starts the `workerd` files first, then the slowest files, so the workers finish together instead of one
 * of them starting a long file while the others have run out of work (the longest processing time first
 * rule). A vitest worker that takes a `workerd` file starts a workerd and loads the Workers entry's module
 * graph into it (seconds its duration does not show, mostly the main process serialising modules), which
 * its next `workerd` files share. Done at the start, that overlaps the global setup's build and typecheck
 * (left to the end, it ran beside nothing else: 7 Dec, 126 s → 111 s); with the slowest node file handed
 * out second, the other worker takes that, so one worker runs every `workerd` file in one workerd (the
 * summed setup 20–22 s → 12 s). vitest's own order needs a cache of past durations, which a fresh clone
 * does not have, and puts a project's files after all of another's; the rest keep vitest's order.
 */
export class HeaviestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (spec: TestSpecification) => SLOW_FILES[relative(this.ctx.config.root, spec.moduleId)] ?? 0;
    const slowestFirst = (await super.sort(files)).sort((a, b) => seconds(b) - seconds(a));
    const workerd = slowestFirst.filter((spec) => spec.project.name === 'workerd');
    const node = slowestFirst.filter((spec) => spec.project.name !== 'workerd');
    return [...workerd.slice(0, 1), ...node.slice(0, 1), ...workerd.slice(1), ...node.slice(1)];
  }
}
