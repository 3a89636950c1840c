import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DESKTOP, describeInBrowser, PHONE, useBrowser } from '../support/browser.ts';
import { browserWorld, PROVIDER_IN_EACH_LANGUAGE } from '../support/browser-world.ts';
import { answerWithKeyboard, followReplyButton, sendWithKeyboard } from '../support/keyboard.ts';
import { horizontalOverflow, screenshot, touchTargets } from '../support/layout.ts';

const world = await browserWorld();
const MIN_TARGET = 44;

/**
 * Screenshots the page, then holds it to what a thumb on a phone needs: nothing wider than the screen,
 * nothing to press smaller than 44 × 44 px. Logs the figures so a run shows the margins.
 */
async function checkLayout(page: Page, name: string) {
  await screenshot(page, name);
  const overflow = await horizontalOverflow(page);
  const targets = await touchTargets(page);
  const smallest = targets.reduce((a, b) => (Math.min(b.width, b.height) < Math.min(a.width, a.height) ? b : a));
  console.info(`${name} at ${page.viewportSize()!.width} px: ${overflow.by} px sideways, ${targets.length} targets, smallest ${smallest.width}×${smallest.height} (${smallest.target})`);
  expect(overflow).toEqual({ by: 0, sticking: [] });
  expect(targets.filter((t) => t.width < MIN_TARGET || t.height < MIN_TARGET)).toEqual([]);
}

for (const viewport of [PHONE, DESKTOP]) {
  describeInBrowser(`the provider's pages at ${viewport.width} × ${viewport.height}`, () => {
    const browser = useBrowser({ viewport });
    // Each language at phone width, where German's long words are the hardest fit; English on the desktop.
    const providers = viewport === PHONE ? PROVIDER_IN_EACH_LANGUAGE : PROVIDER_IN_EACH_LANGUAGE.slice(0, 1);

    it.each(providers)('%s: the email, the form, an error and the confirmation fit the screen, with targets of 44 px and more', async (provider) => {
      const id = await world.createRequest(provider);
      const mail = await browser.context.newPage();
      await mail.goto(await world.emailUrl(id));
      await screenshot(mail, `${provider}-email`);
      expect(await horizontalOverflow(mail)).toEqual({ by: 0, sticking: [] });
      await mail.close();

      const page = await followReplyButton(browser.context, await world.emailUrl(id));
      await checkLayout(page, `${provider}-form`);

      // The widest state: an outcome chosen with its field shown, and an error beside it.
      await answerWithKeyboard(page, { outcome: 'binding_contract' });
      await sendWithKeyboard(page);
      await checkLayout(page, `${provider}-error`);

      await answerWithKeyboard(page, { outcome: 'binding_contract', date: '2027-06-30' });
      await sendWithKeyboard(page);
      await checkLayout(page, `${provider}-confirmation`);
    });
  });
}

describeInBrowser('the API reference page, offline', () => {
  const browser = useBrowser({ viewport: DESKTOP });

  it('renders every surface\'s operations from the document with nothing but this origin reached, and no CSP violation', async () => {
    const elsewhere: string[] = [];
    const page = await browser.context.newPage();
    // Offline: any request off this origin fails, and is noted.
    await page.route('**/*', (route) => {
      if (new URL(route.request().url()).origin === world.origin) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    const complaints: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) complaints.push(message.text());
    });
    page.on('pageerror', (error) => complaints.push(error.message));

    const response = await page.goto(`${world.origin}/api/v1/docs`);
    expect(response?.status()).toBe(200);
    for (const summary of ["Ask a provider to cancel a customer's subscription", 'One request, with its outcome once the provider answered']) {
      await page.getByText(summary).first().waitFor({ state: 'visible', timeout: 15_000 });
    }
    await screenshot(page, 'api-reference');
    expect(complaints).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
