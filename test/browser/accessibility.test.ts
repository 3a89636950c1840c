import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { type AxeFinding, axeFindings, seriousOrCritical } from '../support/axe.ts';
import { DESKTOP, describeInBrowser, PHONE, useBrowser } from '../support/browser.ts';
import { browserWorld, PROVIDER_IN_EACH_LANGUAGE } from '../support/browser-world.ts';
import { answerWithKeyboard, focusedElement, followReplyButton, pressAndLoad, sendWithKeyboard, tabTo } from '../support/keyboard.ts';
import { addSupporter } from '../support/support-accounts.ts';
import { horizontalOverflow, screenshot } from '../support/layout.ts';
import { answerOnBehalf } from '../../src/support/request-actions.ts';

const world = await browserWorld();
const supporter = await addSupporter(world.deps, 'agent@example.com');

/** Every finding, printed when a page has any, so a run shows the moderate and minor ones too. */
async function audit(page: Page, name: string): Promise<AxeFinding[]> {
  const findings = await axeFindings(page);
  if (findings.length) console.info(`axe on ${name}:`, JSON.stringify(findings, null, 2));
  return seriousOrCritical(findings);
}

for (const viewport of [PHONE, DESKTOP]) describeInBrowser(`axe-core finds no serious or critical violation at ${viewport.width} px`, () => {
  const browser = useBrowser({ axe: true, viewport });

  // Each language at phone width, where providers mostly answer; English at desktop width too.
  const providers = viewport === PHONE ? PROVIDER_IN_EACH_LANGUAGE : PROVIDER_IN_EACH_LANGUAGE.slice(0, 1);
  it.each(providers)('on the form, its error state and the confirmation (%s)', async (provider) => {
    const id = await world.createRequest(provider);
    const page = await followReplyButton(browser.context, await world.emailUrl(id));
    expect(await audit(page, `the form (${provider})`)).toEqual([]);

    await answerWithKeyboard(page, { outcome: 'other' });
    await sendWithKeyboard(page);
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await audit(page, `the error state (${provider})`)).toEqual([]);

    await answerWithKeyboard(page, { outcome: 'not_found' });
    await sendWithKeyboard(page);
    expect(await audit(page, `the confirmation (${provider})`)).toEqual([]);

    await tabTo(page, 'a');
    await pressAndLoad(page);
    expect(await audit(page, `the form with an answer recorded (${provider})`)).toEqual([]);
  });

  it('on the page of an expired link', async () => {
    const id = await world.createRequest();
    const url = await world.emailUrl(id);
    await world.afterLinksExpire(async () => {
      const page = await followReplyButton(browser.context, url);
      expect(await page.locator('h1').textContent()).toBe('This link has expired');
      expect(await audit(page, 'the expired link')).toEqual([]);
    });
  });

  it('on the support pages: login, its error, the list and a request', async () => {
    const id = await world.createRequest();
    const page = await browser.context.newPage();
    await page.goto(`${world.origin}/support/login`);
    expect(await audit(page, 'the support login')).toEqual([]);

    const logIn = async (password: string) => {
      await tabTo(page, '#email');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(supporter.email);
      await tabTo(page, '#password', { max: 1 });
      await page.keyboard.type(password);
      await pressAndLoad(page);
    };
    await logIn('not the password');
    expect(await audit(page, 'the support login with an error')).toEqual([]);

    await logIn(supporter.password);
    expect(new URL(page.url()).pathname).toBe('/support');
    expect(await audit(page, 'the support list')).toEqual([]);

    await page.goto(`${world.origin}/support/requests/${id}`);
    expect(await audit(page, 'a request in the support console')).toEqual([]);
  });

  // The README's email-reply walkthrough, by keyboard: the provider's plain reply (the dev outbox plays its
  // mail client), support's one click, the app's outcome; every page on the way audited.
  it('on an email reply: the dev outbox reply box, the email replies view, accepting it, the request page', async () => {
    const id = await world.createRequest();
    const page = await browser.context.newPage();
    await page.goto(`${await world.emailUrl(id)}/reply`);
    expect(await audit(page, 'the dev outbox reply box')).toEqual([]);
    await tabTo(page, '#text');
    await page.keyboard.type('The membership has been cancelled. Access until 31 January 2027.');
    await tabTo(page, 'button[type=submit]');
    await pressAndLoad(page);
    expect(await page.getByText('cancelled (2027-01-31)').count()).toBe(1);
    expect(await audit(page, 'the dev outbox after a reply')).toEqual([]);
    const replyId = (await page.locator('dt:text-is("Email reply") + dd').textContent())!.trim();

    await page.goto(`${world.origin}/support/login`);
    await tabTo(page, '#email');
    await page.keyboard.type(supporter.email);
    await tabTo(page, '#password', { max: 1 });
    await page.keyboard.type(supporter.password);
    await pressAndLoad(page);
    await page.goto(`${world.origin}/support/email-replies`);
    expect(await page.getByText('Suggested: Cancelled, access until 31 January 2027').count()).toBeGreaterThan(0);
    expect(await audit(page, 'the email replies view')).toEqual([]);

    await tabTo(page, `form[action="/support/email-replies/${replyId}/accept"] button`, { max: 200 });
    await pressAndLoad(page);
    expect(await audit(page, 'the email replies view after accepting')).toEqual([]);
    expect(await world.answered(id)).toMatchObject({ outcome: { type: 'cancelled', accessUntil: '2027-01-31' } });

    await page.goto(`${world.origin}/support/requests/${id}`);
    expect(await page.getByText('The membership has been cancelled. Access until 31 January 2027.').count()).toBeGreaterThan(0);
    expect(await audit(page, 'a request with an email reply')).toEqual([]);
  });
});

/** How the focused element shows its focus: its outline, or null when nothing marks it. */
const focusRing = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    const width = Number.parseFloat(style.outlineWidth);
    return style.outlineStyle !== 'none' && width >= 2 ? `${width}px ${style.outlineStyle} ${style.outlineColor}` : null;
  });

describeInBrowser('what axe does not see, on the form under its real CSP', () => {
  const browser = useBrowser({ viewport: PHONE });

  it('labels every control, puts the outcomes in fieldsets with legends, and shows a focus ring of 2 px or more on every Tab stop', async () => {
    const id = await world.createRequest();
    const page = await followReplyButton(browser.context, await world.emailUrl(id));
    // The error state has the most Tab stops: the summary's link, the choice, its message box, the note, Send.
    await answerWithKeyboard(page, { outcome: 'other' });
    await sendWithKeyboard(page);

    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')]
        .filter((control) => control.labels?.length !== 1 || !control.labels[0]!.textContent!.trim())
        .map((control) => control.id),
    );
    expect(unlabelled).toEqual([]);
    const legends = await page.evaluate(() =>
      [...document.querySelectorAll('input[type=radio]')].map((radio) => radio.closest('fieldset')?.querySelector(':scope > legend')?.textContent),
    );
    expect(legends).toEqual(['The subscription…', 'The subscription…', 'could not be cancelled, because of a…', 'could not be cancelled, because of a…', 'could not be cancelled, because of a…']);

    const rings: string[] = [];
    for (let stop = 0; stop < 5; stop++) {
      await page.keyboard.press('Tab');
      rings.push(`${await focusedElement(page)}: ${await focusRing(page)}`);
    }
    expect(rings).toEqual([
      'a "Tell us the reason": 3px solid rgb(11, 87, 208)',
      'input#outcome-other: 3px solid rgb(11, 87, 208)',
      'textarea#message: 3px solid rgb(11, 87, 208)',
      'textarea#note: 3px solid rgb(11, 87, 208)',
      'button "Send": 3px solid rgb(26, 29, 33)',
    ]);
  });
});

// The provider stats page: three charts drawn on the server as inline SVG, under the console's CSP.
for (const viewport of [PHONE, DESKTOP]) describeInBrowser(`the provider stats page at ${viewport.width} px`, () => {
  const browser = useBrowser({ axe: true, viewport });

  it('shows its SVG charts as named images with no CSP complaint, nothing wider than the screen, and axe finds nothing serious', async () => {
    const answered = await world.createRequest();
    await world.createRequest();
    const done = await answerOnBehalf(world.deps, answered, { outcome: 'not_found', dates: [] }, { accountId: supporter.id });
    expect(done.kind).toBe('done');

    const page = await browser.context.newPage();
    const complaints: string[] = [];
    page.on('console', (message) => {
      // Chromium's own favicon request is a 404 console error here; only the CSP's refusals matter.
      if (/Content Security Policy/i.test(message.text())) complaints.push(message.text());
    });
    await page.goto(`${world.origin}/support/login`);
    await tabTo(page, '#email');
    await page.keyboard.type(supporter.email);
    await tabTo(page, '#password', { max: 1 });
    await page.keyboard.type(supporter.password);
    await pressAndLoad(page);
    await page.goto(`${world.origin}/support/stats`);

    for (const name of ['Requests and answers per week', 'Time to first answer', 'Outcome mix per provider']) {
      expect(await page.getByRole('img', { name }).count(), name).toBe(1);
    }
    // The charts are drawn: a bar has height, and the SVG scales to the column it sits in.
    expect(await page.locator('svg.chart rect[height]:not([height="0"])').count()).toBeGreaterThan(0);
    const widths = await page.locator('svg.chart').evaluateAll((charts) => charts.map((chart) => chart.getBoundingClientRect().width));
    for (const width of widths) expect(width).toBeLessThanOrEqual(viewport.width);
    expect((await horizontalOverflow(page)).by).toBe(0);
    await screenshot(page, 'provider-stats');
    expect(await audit(page, 'the provider stats page')).toEqual([]);
    expect(complaints).toEqual([]);
  }, 60_000);
});
