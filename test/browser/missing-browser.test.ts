import { describe, expect, it } from 'vitest';
import { browserBlocks } from '../support/browser.ts';

// What the browser tests declare when Chromium is not there, read from a recording stand-in for vitest's
// describe and it (in this process: a vitest of its own took ~9 s of CPU per run for the same answer).

const NOWHERE = '/nonexistent/chromium';
const MISSING = `No Chromium at ${NOWHERE}: install it with \`sudo apt-get install chromium-headless-shell\` (or set CHROMIUM_PATH)`;

/** Declares a browser block of five tests, as reply.happy does, and records what vitest is asked to collect. */
function declareWithoutBrowser(ci: boolean) {
  const blocks: { name: string; skipped: boolean; tests: { name: string; run: () => void }[] }[] = [];
  const warnings: string[] = [];
  // Like vitest, a block's body runs at once to collect its tests, a skipped block's too (each reported skipped).
  const block = (skipped: boolean) => (name: string, body: () => void) => {
    blocks.push({ name, skipped, tests: [] });
    body();
  };
  const it = (name: string, run: () => void) => blocks.at(-1)!.tests.push({ name, run });
  const describeInBrowser = browserBlocks(NOWHERE, ci, { describe: Object.assign(block(false), { skip: block(true) }), it, warn: (message) => warnings.push(message) });
  describeInBrowser('a provider answers', () => {
    for (let n = 1; n <= 5; n++) it(`outcome ${n}`, () => {});
  });
  return { blocks, warnings };
}

describe('without a browser', () => {
  it('CI fails each browser block as a failed test, naming what is missing', () => {
    const run = declareWithoutBrowser(true);
    expect(run.blocks.map(({ name, skipped, tests }) => ({ name, skipped, tests: tests.map((t) => t.name) }))).toEqual([
      { name: 'a provider answers', skipped: false, tests: ['has Chromium to run in'] },
    ]);
    expect(() => run.blocks[0]!.tests[0]!.run()).toThrow(MISSING);
    expect(run.warnings).toEqual([]);
  });

  it("a developer's run skips them and says why", () => {
    const run = declareWithoutBrowser(false);
    expect(run.blocks.map(({ name, skipped, tests }) => ({ name, skipped, tests: tests.length }))).toEqual([{ name: 'a provider answers', skipped: true, tests: 5 }]);
    expect(run.warnings).toEqual([`Skipping "a provider answers": ${MISSING}`]);
  });
});
