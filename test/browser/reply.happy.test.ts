import { expect, it } from 'vitest';
import { describeInBrowser, useBrowser } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { answerWithKeyboard, followReplyButton, type KeyboardAnswer, sendWithKeyboard } from '../support/keyboard.ts';

// The server's clock stands at 2026-11-21, so every request is dated 21 November 2026.
const world = await browserWorld();

const OUTCOMES: { answer: KeyboardAnswer; confirmation: string; app: Record<string, string> }[] = [
  {
    answer: { outcome: 'cancelled', date: '2026-12-31' },
    confirmation: 'We recorded that the subscription has now been cancelled (access until 31 December 2026).',
    app: { type: 'cancelled', accessUntil: '2026-12-31' },
  },
  {
    answer: { outcome: 'already_cancelled', date: '2026-11-02' },
    confirmation: 'We recorded that the subscription was already cancelled (on 2 November 2026).',
    app: { type: 'already_cancelled', cancelledOn: '2026-11-02' },
  },
  {
    answer: { outcome: 'binding_contract', date: '2027-06-30', note: 'Twelve-month contract signed in June.' },
    confirmation: 'We recorded that the subscription could not be cancelled because of a binding contract (ending 30 June 2027).',
    app: { type: 'binding_contract', contractEndsOn: '2027-06-30' },
  },
  {
    answer: { outcome: 'not_found' },
    confirmation: 'We recorded that the subscription could not be cancelled: no subscription found.',
    app: { type: 'not_found' },
  },
  {
    answer: { outcome: 'other', message: 'The membership belongs to a company contract.' },
    confirmation: 'We recorded that the subscription could not be cancelled, for another reason.',
    app: { type: 'other' },
  },
];

describeInBrowser('a provider answers from the email with the keyboard only', () => {
  const browser = useBrowser();

  it.each(OUTCOMES)('$answer.outcome: from the button in the email to the confirmation, and the app sees it', async ({ answer, confirmation, app }) => {
    const id = await world.createRequest();
    const page = await followReplyButton(browser.context, await world.emailUrl(id));
    expect(await page.title()).toBe('Reply to cancellation request');

    await answerWithKeyboard(page, answer);
    await sendWithKeyboard(page);

    expect(await page.locator('h1').textContent()).toBe('Thank you, your answer has been recorded');
    expect(await page.getByRole('status').textContent()).toBe(confirmation);
    expect(await world.answered(id)).toMatchObject({ status: 'answered', outcome: app });
    // Free text goes to support only: not a word of it reaches the app.
    const polled = JSON.stringify(await world.appView(id));
    for (const text of [answer.message, answer.note].filter(Boolean)) expect(polled).not.toContain(text);
    await page.close();
  });
});
