import { expect, it } from 'vitest';
import { describeInBrowser, useBrowser } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { answerWithKeyboard, followReplyButton, sendWithKeyboard, tabTo, typeDate } from '../support/keyboard.ts';

const world = await browserWorld();

// What a provider reads in its own language, from the email to the confirmation. The request is dated
// 21 November 2026; dates go in through the native date input and reach the app as ISO.
const LANGUAGES = [
  {
    locale: 'sv',
    button: 'Svara på uppsägningsbegäran',
    requestDate: '21 november 2026',
    identifier: 'E-postadress',
    error: 'Ange datumet',
    confirmation: 'Vi har registrerat att abonnemanget nu har sagts upp (tillgång till och med 31 december 2026).',
    expired: 'Länken har gått ut',
  },
  {
    locale: 'de',
    button: 'Auf Kündigungsanfrage antworten',
    requestDate: '21. November 2026',
    identifier: 'E-Mail-Adresse',
    error: 'Geben Sie das Datum ein',
    confirmation: 'Wir haben erfasst, dass das Abonnement jetzt gekündigt wurde (Zugang bis einschließlich 31. Dezember 2026).',
    expired: 'Dieser Link ist abgelaufen',
  },
] as const;

describeInBrowser("the provider's language, chosen by its locale", () => {
  const browser = useBrowser();

  it.each(LANGUAGES)('$locale: the email, the form, its error and the confirmation, with dates written its way and sent as ISO', async (language) => {
    const id = await world.createRequest(`acme-gym-${language.locale}`);
    const mail = await browser.context.newPage();
    await mail.goto(await world.emailUrl(id));
    expect(await mail.locator('html').getAttribute('lang')).toBe(language.locale);
    expect(await mail.locator('a[href*="/reply/"]').first().innerText()).toBe(language.button);
    await mail.close();

    const page = await followReplyButton(browser.context, await world.emailUrl(id));
    expect(await page.locator('html').getAttribute('lang')).toBe(language.locale);
    const details = await page.locator('.details').innerText();
    expect(details).toContain(language.requestDate);
    expect(details).toContain(language.identifier);

    await answerWithKeyboard(page, { outcome: 'cancelled' });
    await sendWithKeyboard(page);
    expect(await page.getByRole('alert').innerText()).toContain(language.error);

    await tabTo(page, '#date-cancelled');
    await typeDate(page, '2026-12-31');
    await sendWithKeyboard(page);
    expect(await page.getByRole('status').innerText()).toBe(language.confirmation);
    expect(await world.answered(id)).toMatchObject({ outcome: { type: 'cancelled', accessUntil: '2026-12-31' } });
  });

  it.each(LANGUAGES)('$locale: an expired link says so in the language, and declares it', async (language) => {
    const id = await world.createRequest(`acme-gym-${language.locale}`);
    const url = await world.emailUrl(id);
    await world.afterLinksExpire(async () => {
      const page = await followReplyButton(browser.context, url);
      expect(await page.locator('h1').innerText()).toBe(language.expired);
      expect(await page.locator('html').getAttribute('lang')).toBe(language.locale);
    });
  });
});
