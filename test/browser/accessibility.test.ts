import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DAY_MS } from '../../src/clock.ts';
import { type AxeFinding, axeFindings, seriousOrCritical } from '../support/axe.ts';
import { DESKTOP, describeInBrowser, PHONE, useBrowser } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { answerWithKeyboard, followReplyButton, pressAndLoad, sendWithKeyboard, tabTo } from '../support/keyboard.ts';
import { addSupporter } from '../support/support-accounts.ts';
import { acmeGymIn } from '../support/test-deps.ts';

const world = await browserWorld(acmeGymIn('sv'), acmeGymIn('de'));
const supporter = await addSupporter(world.deps, 'agent@example.com');

/** Every finding, printed when a page has any, so a run shows the moderate and minor ones too. */
async function audit(page: Page, name: string): Promise<AxeFinding[]> {
  const findings = await axeFindings(page);
  if (findings.length) console.info(`axe on ${name}:`, JSON.stringify(findings, null, 2));
  return seriousOrCritical(findings);
}

for (const viewport of [PHONE, DESKTOP]) describeInBrowser(`axe-core finds no serious or critical violation at ${viewport.width} px`, () => {
  // Test-only: the pages' CSP would refuse the injected axe script.
  const browser = useBrowser({ bypassCSP: true, viewport });

  // Each language at phone width, where providers mostly answer; English at desktop width too.
  const providers = viewport === PHONE ? ['acme-gym', 'acme-gym-sv', 'acme-gym-de'] : ['acme-gym'];
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
    // Past the reply window (30 days) and the links' grace (14 days).
    world.clock.advance(45 * DAY_MS);
    try {
      const page = await followReplyButton(browser.context, url);
      expect(await page.locator('h1').textContent()).toBe('This link has expired');
      expect(await audit(page, 'the expired link')).toEqual([]);
    } finally {
      world.clock.advance(-45 * DAY_MS);
    }
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
});
