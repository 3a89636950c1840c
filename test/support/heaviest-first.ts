import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each slow file took in a quiet whole run on the 2-core machine (vitest's JSON report, or
 * `npx vitest run --project <p> <file>` for one), rounded. The files not named take about a second or less.
 */
export const SLOW_FILES: Record<string, number> = {
  'test/mail/compiled-email.equality.test.ts': 51,
  'test/browser/accessibility.test.ts': 38,
  'test/browser/reply.errors.test.ts': 24,
  'test/server/serve.test.ts': 22,
  'test/crash/sigkill.test.ts': 21,
  'test/browser/layout.test.ts': 21,
  'test/browser/reply.happy.test.ts': 21,
  'test/workerd/worker.test.ts': 12,
  'test/workerd/lifecycle.test.ts': 11,
  'test/browser/reply.languages.test.ts': 10,
  'test/db/sqlite.concurrency.test.ts': 6,
  'test/cli/cli.test.ts': 5,
  'test/bench/harness.test.ts': 4,
};

/**
 * Starts the slowest files first, whatever their project, so the workers finish together instead of one
 * of them starting a long file while the other has run out of work (the longest processing time first
 * rule). vitest's own order needs a cache of past durations, which a fresh clone does not have, and
 * puts a project's files after all of another's; the rest keep vitest's order.
 */
export class HeaviestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (spec: TestSpecification) => SLOW_FILES[relative(this.ctx.config.root, spec.moduleId)] ?? 0;
    return (await super.sort(files)).sort((a, b) => seconds(b) - seconds(a));
  }
}
