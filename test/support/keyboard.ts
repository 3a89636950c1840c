import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { isDated, OUTCOMES, type OutcomeType } from '../../src/outcome.ts';

/**
 * A provider who never touches a mouse: every move here is a key press (Tab, Shift+Tab, arrows,
 * Space, Enter) or typing, so the tests fail wherever a keyboard user would be stuck.
 */

/**
 * Runs in the page: the focused element described for failure messages (`input#date-cancelled`,
 * `a "Change the answer"`), and whether it matches `selector`.
 */
const inspectFocus = (selector: string | null) => {
  const element = document.activeElement;
  const matches = selector !== null && (element?.matches(selector) ?? false);
  if (!element || element === document.body) return { described: 'body', matches };
  const id = element.id ? `#${element.id}` : '';
  const text = element.textContent?.trim().slice(0, 40);
  return { described: `${element.tagName.toLowerCase()}${id}${text ? ` "${text}"` : ''}`, matches };
};

/** The focused element, described for failure messages: `input#date-cancelled`, `a "Change the answer"`. */
export const focusedElement = async (page: Page): Promise<string> => (await page.evaluate(inspectFocus, null)).described;

/** Presses Tab (or Shift+Tab) until `selector` has focus; fails listing every stop on the way. */
export async function tabTo(page: Page, selector: string, options: { backwards?: boolean; max?: number } = {}): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < (options.max ?? 40); i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    // One round trip to the page per stop: what has focus and whether it is the one sought.
    const focus = await page.evaluate(inspectFocus, selector);
    stops.push(focus.described);
    if (focus.matches) return stops;
  }
  throw new Error(`Tab never reached ${selector}; it went through ${stops.join(' → ')}`);
}

/** Presses a key that loads a new page in this tab (Enter on Send or on a link) and waits for it. */
export async function pressAndLoad(page: Page, key = 'Enter'): Promise<void> {
  const loaded = page.waitForEvent('load');
  await page.keyboard.press(key);
  await loaded;
}

/**
 * Types a YYYY-MM-DD date into the focused native date input, which posts ISO whatever it shows.
 * Debian's headless Chromium lays the field out month/day/year whatever the page's `lang`, the
 * context's locale, `--lang` or `LANG` say (measured; the machine has only the C locale), so the
 * digits go in that order, and the input's value proves they landed where they should.
 */
export async function typeDate(page: Page, isoDate: string): Promise<void> {
  const [year, month, day] = isoDate.split('-') as [string, string, string];
  for (const digits of [month, day, year]) await page.keyboard.type(digits);
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(isoDate);
}

/** Opens the email in the outbox, moves to its reply button with Tab and presses Enter: mail clients open it in a new tab. */
export async function followReplyButton(context: BrowserContext, emailUrl: string): Promise<Page> {
  const mail = await context.newPage();
  await mail.goto(emailUrl);
  await tabTo(mail, 'a[href*="/reply/"]');
  const opened = context.waitForEvent('page');
  await mail.keyboard.press('Enter');
  const form = await opened;
  await form.waitForLoadState();
  await mail.close();
  return form;
}

export interface KeyboardAnswer {
  outcome: OutcomeType;
  date?: string;
  message?: string;
  note?: string;
}

/**
 * Tabs into the outcome radios and picks one with Space and the arrow keys, as a keyboard user does
 * (Tab enters the group at the checked radio, or at the first one when none is).
 */
export async function chooseOutcome(page: Page, outcome: OutcomeType): Promise<void> {
  await tabTo(page, 'input[name=outcome]');
  const current = await page.evaluate(() => (document.activeElement as HTMLInputElement).value as string);
  if (!(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked))) await page.keyboard.press('Space');
  const steps = OUTCOMES.indexOf(outcome) - OUTCOMES.indexOf(current as OutcomeType);
  for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
  expect(await page.evaluate(() => document.querySelector<HTMLInputElement>('input[name=outcome]:checked')?.value)).toBe(outcome);
}

/** Fills the form with the keyboard only; the field an outcome needs is the next Tab stop after its radio. */
export async function answerWithKeyboard(page: Page, answer: KeyboardAnswer): Promise<void> {
  await chooseOutcome(page, answer.outcome);
  if (isDated(answer.outcome) && answer.date !== undefined) {
    await tabTo(page, `#date-${answer.outcome}`, { max: 1 });
    await typeDate(page, answer.date);
  }
  if (answer.message !== undefined) {
    await tabTo(page, '#message', { max: 1 });
    await page.keyboard.type(answer.message);
  }
  if (answer.note !== undefined) {
    await tabTo(page, '#note');
    await page.keyboard.type(answer.note);
  }
}

/** Tabs to Send and presses Enter; resolves when the answer's page has loaded. */
export async function sendWithKeyboard(page: Page): Promise<void> {
  await tabTo(page, 'button[type=submit]');
  await pressAndLoad(page);
}
