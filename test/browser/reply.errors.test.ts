import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, useBrowser } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import {
  answerWithKeyboard,
  chooseOutcome,
  focusedElement,
  followReplyButton,
  pressAndLoad,
  sendWithKeyboard,
  tabTo,
  typeDate,
} from '../support/keyboard.ts';

const world = await browserWorld();

/** The text a screen reader adds after a field's name: the elements its aria-describedby names. */
const description = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const ids = document.querySelector(s)?.getAttribute('aria-describedby')?.split(' ') ?? [];
    return ids.map((id) => document.getElementById(id)?.textContent?.trim()).join(' ');
  }, selector);

/** Where keyboard focus is when the page has loaded, with no key pressed yet. */
const focusOnArrival = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName);

describeInBrowser('the form tells a keyboard user what is wrong, and where', () => {
  const browser = useBrowser();

  it('sent with no choice: the page comes back with focus on the announced error summary, whose link leads to the first radio', async () => {
    const id = await world.createRequest();
    const page = await followReplyButton(browser.context, await world.emailUrl(id));
    await sendWithKeyboard(page);

    expect(await focusOnArrival(page)).toBe('alert');
    expect(await page.getByRole('alert').innerText()).toBe('Please check the answer:\nChoose what happened to the subscription');
    await tabTo(page, '.error-summary a', { max: 1 });
    await page.keyboard.press('Enter');
    expect(await focusedElement(page)).toBe('input#outcome-cancelled');

    await page.keyboard.press('Space');
    await tabTo(page, '#date-cancelled', { max: 1 });
    await typeDate(page, '2026-12-31');
    await sendWithKeyboard(page);
    expect(await world.answered(id)).toMatchObject({ outcome: { type: 'cancelled', accessUntil: '2026-12-31' } });
  });

  it('a missing date: the summary links to the date field, which says why it is invalid, keeps the choice, and Tab runs summary → choice → date → note → Send', async () => {
    const id = await world.createRequest();
    const page = await followReplyButton(browser.context, await world.emailUrl(id));
    await chooseOutcome(page, 'already_cancelled');
    await sendWithKeyboard(page);

    expect(await focusOnArrival(page)).toBe('alert');
    // The date input's month, day and year are a Tab stop each: one element, three stops.
    const stops = (await tabTo(page, 'button[type=submit]')).filter((stop, i, all) => stop !== all[i - 1]);
    expect(stops).toEqual(['a "Enter the date"', 'input#outcome-already_cancelled', 'input#date-already_cancelled', 'textarea#note', 'button "Send"']);

    // Back to the summary and through its link, the way a keyboard user fixes the error.
    await tabTo(page, '.error-summary a', { backwards: true });
    await page.keyboard.press('Enter');
    expect(await focusedElement(page)).toBe('input#date-already_cancelled');
    expect(await page.locator('#date-already_cancelled').getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, '#date-already_cancelled')).toBe('Enter the date');

    await typeDate(page, '2026-11-20');
    await sendWithKeyboard(page);
    expect(await world.answered(id)).toMatchObject({ outcome: { type: 'already_cancelled', cancelledOn: '2026-11-20' } });
  });

  it('a date that makes no sense is refused in words, with the date the provider typed still in its field', async () => {
    const id = await world.createRequest();
    const page = await followReplyButton(browser.context, await world.emailUrl(id));
    await answerWithKeyboard(page, { outcome: 'binding_contract', date: '2026-01-31' });
    await sendWithKeyboard(page);

    expect(await page.getByRole('alert').innerText()).toContain('A binding contract that has already ended does not stop a cancellation');
    expect(await page.locator('#date-binding_contract').inputValue()).toBe('2026-01-31');
    expect(await world.appView(id)).toMatchObject({ status: 'queued', outcome: null });
  });
});

describeInBrowser('with JavaScript switched off', () => {
  const browser = useBrowser({ javaScriptEnabled: false });

  it('the whole answer still works: email, form, error, confirmation', async () => {
    const id = await world.createRequest();
    const page = await followReplyButton(browser.context, await world.emailUrl(id));
    await sendWithKeyboard(page);
    expect(await page.getByRole('alert').innerText()).toContain('Choose what happened to the subscription');

    await answerWithKeyboard(page, { outcome: 'other', message: 'Paid through the employer.' });
    await sendWithKeyboard(page);
    expect(await page.locator('h1').textContent()).toBe('Thank you, your answer has been recorded');
    expect(await world.answered(id)).toMatchObject({ outcome: { type: 'other' } });
  });
});

describeInBrowser('reopening the link after an answer', () => {
  const browser = useBrowser();

  it('shows the recorded answer above a form with nothing chosen, and "Change the answer" leads there too', async () => {
    const id = await world.createRequest();
    const page = await followReplyButton(browser.context, await world.emailUrl(id));
    await answerWithKeyboard(page, { outcome: 'not_found' });
    await sendWithKeyboard(page);
    await tabTo(page, 'a');
    expect(await focusedElement(page)).toBe('a "Change the answer"');
    await pressAndLoad(page);

    const again = await followReplyButton(browser.context, await world.emailUrl(id));
    for (const reopened of [page, again]) {
      const current = reopened.getByRole('region', { name: 'Your answer' });
      expect(await current.innerText()).toContain('We recorded that the subscription could not be cancelled: no subscription found.');
      expect(await current.innerText()).toContain('Recorded on 21 November 2026.');
      // A scanner or a second look must never find an answer waiting to be sent again (THREATS 1).
      expect(await reopened.locator('input[name=outcome]:checked').count()).toBe(0);
    }
  });
});
