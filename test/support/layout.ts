import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './processes.ts';

/** Where the browser tests leave their screenshots (gitignored; docs/tests.md names it). */
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/** A full-page screenshot named after the page and the viewport width: `form-390.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}-${page.viewportSize()!.width}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** How far the page is wider than the viewport (0 when nothing scrolls sideways), and what sticks out. */
export const horizontalOverflow = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const sticking = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`);
    return { by: document.documentElement.scrollWidth - width, sticking };
  });

export interface TouchTarget {
  target: string;
  width: number;
  height: number;
}

/**
 * Every visible thing a finger can press, with the size of what takes the press: a radio's whole
 * label (pressing it picks the radio), otherwise the control or link itself.
 */
export const touchTargets = (page: Page): Promise<TouchTarget[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea')]
      .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
      .map((e) => {
        const pressed = e instanceof HTMLInputElement && e.type === 'radio' ? (e.closest('label') ?? e) : e;
        const box = pressed.getBoundingClientRect();
        const name = e.id ? `#${e.id}` : (e.textContent?.trim().slice(0, 30) ?? '');
        return { target: `${e.tagName.toLowerCase()} ${name}`, width: Math.round(box.width), height: Math.round(box.height) };
      }),
  );
