import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSource } from './axe.ts';

/**
 * Debian's Chromium driven by playwright-core (STACK.md): no browser download, ever. Its headless shell
 * (package `chromium-headless-shell`, the same Blink without the browser's UI, what playwright itself
 * runs headless) rather than the whole browser: test/browser took a third less CPU with it (50 s → 32 s,
 * docs/tests.md). `.ci/run` installs the package; a developer runs `sudo apt-get install chromium-headless-shell`.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** What a browser block is declared with: vitest's own, or a recording stand-in in the test of this helper. */
export interface BlockDeclarations {
  describe: { (name: string, body: () => void): unknown; skip(name: string, body: () => void): unknown };
  it(name: string, test: () => void): unknown;
  warn(message: string): void;
}

/** Why the browser blocks cannot run, or null when Chromium is at `chromiumPath`. */
const missingBrowser = (chromiumPath: string) =>
  existsSync(chromiumPath) ? null : `No Chromium at ${chromiumPath}: install it with \`sudo apt-get install chromium-headless-shell\` (or set CHROMIUM_PATH)`;

/**
 * `describeInBrowser` for a Chromium at `chromiumPath`. Without one, a developer's run skips each block
 * and says why; in CI (`ci`) each block becomes one failing test instead, so a missing browser can never
 * pass for a green run.
 */
export function browserBlocks(chromiumPath: string, ci: boolean, declare: BlockDeclarations = { describe, it, warn: console.warn }) {
  const missing = missingBrowser(chromiumPath);
  return (name: string, body: () => void) => {
    if (!missing) return declare.describe(name, body);
    if (ci) return declare.describe(name, () => declare.it('has Chromium to run in', () => expect.fail(missing)));
    declare.warn(`Skipping "${name}": ${missing}`);
    return declare.describe.skip(name, body);
  };
}

/** A describe block that needs the browser (see `browserBlocks`). */
export const describeInBrowser = browserBlocks(CHROMIUM_PATH, Boolean(process.env.CI));

const MISSING = missingBrowser(CHROMIUM_PATH);

export interface BrowserOptions {
  viewport?: { width: number; height: number };
  javaScriptEnabled?: boolean;
  /**
   * Test-only: axe-core in every page of the context, loaded before the page's own scripts (once for the
   * context: injected into each page it took ~0.8 s, as long as the audit). The pages' CSP runs no script
   * at all, so it is bypassed for these contexts only; the other tests keep it on to prove the pages work under it.
   */
  axe?: boolean;
}

/** The file's one Chromium: launched by the first block that needs it, closed after the last one's tests. */
let launched: Promise<Browser> | undefined;
let blocksLeft = 0;

/**
 * A browser context for the tests of one describe block, with its own options, cookies and storage:
 * opened before them, closed after them. The Chromium under it is the file's only one. Each test opens
 * its own pages (`browser.context.newPage()`).
 */
export function useBrowser(options: BrowserOptions = {}): { readonly context: BrowserContext } {
  let context: BrowserContext | undefined;
  blocksLeft++;
  beforeAll(async () => {
    if (MISSING) throw new Error(MISSING);
    launched ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    context = await (await launched).newContext({
      viewport: options.viewport ?? DESKTOP,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      bypassCSP: options.axe ?? false,
    });
    if (options.axe) await context.addInitScript({ content: axeSource });
  });
  afterAll(async () => {
    await context?.close();
    if (--blocksLeft > 0 || !launched) return;
    const browser = launched;
    launched = undefined;
    await (await browser).close();
  });
  return {
    get context() {
      if (!context) throw new Error('the browser opens in beforeAll: use it inside a test');
      return context;
    },
  };
}
