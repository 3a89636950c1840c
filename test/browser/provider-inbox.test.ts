import { expect, it } from 'vitest';
import { issueInboxLink } from '../../src/provider-inbox/inbox-link.ts';
import { axeFindings, seriousOrCritical } from '../support/axe.ts';
import { DESKTOP, describeInBrowser, PHONE, useBrowser } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { answerWithKeyboard, pressAndLoad, sendWithKeyboard, tabTo } from '../support/keyboard.ts';
import { horizontalOverflow } from '../support/layout.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';

// The provider's inbox in Chromium, with JavaScript off as many back offices run it, at phone and desktop
// width: it fits, axe finds nothing serious, and one request is answered with the keyboard alone.
const world = await browserWorld();

async function inboxUrl(): Promise<string> {
  const link = await issueInboxLink(world.deps, ACME_GYM.id);
  if (link.kind !== 'issued') throw new Error(link.kind);
  return link.url;
}

for (const viewport of [PHONE, DESKTOP]) {
  describeInBrowser(`the inbox at ${viewport.width} px, JavaScript off`, () => {
    const browser = useBrowser({ viewport, javaScriptEnabled: false });

    it('lists the open requests without sideways scrolling, and takes an answer to one row from the keyboard alone', async () => {
      await world.createRequest(ACME_GYM.id, { ...JANE, email: `a.very.long.address.for.a.narrow.screen.${viewport.width}@example.com` });
      await world.createRequest(ACME_GYM.id);
      const page = await browser.context.newPage();
      await page.goto(await inboxUrl());
      expect(await page.locator('h1').textContent()).toBe(`Open cancellation requests: ${ACME_GYM.name}`);
      expect(await horizontalOverflow(page)).toEqual({ by: 0, sticking: [] });

      const openBefore = await page.locator('table.requests').first().locator('tbody tr').count();
      await tabTo(page, 'a.answer');
      await pressAndLoad(page);
      const answered = /\/requests\/(cr_\w+)$/.exec(page.url())![1]!;
      expect(await horizontalOverflow(page)).toEqual({ by: 0, sticking: [] });
      await answerWithKeyboard(page, { outcome: 'cancelled', date: '2026-12-31' });
      await sendWithKeyboard(page);
      expect(await page.getByRole('status').textContent()).toContain('has now been cancelled (access until 31 December 2026)');
      expect(await world.answered(answered)).toMatchObject({ outcome: { type: 'cancelled', accessUntil: '2026-12-31' } });

      // Back to the inbox, by keyboard: the answered one has moved to "answered in the last 30 days".
      await tabTo(page, 'a[href$="/provider/"], a:not([href*="/requests/"])');
      await pressAndLoad(page);
      const open = await page.locator('table.requests').first().textContent();
      expect(open).not.toContain(String((await world.appView(answered)).caseReference));
      expect(await page.locator('table.requests').first().locator('tbody tr').count()).toBe(openBefore - 1);
      await page.close();
    });
  });

  describeInBrowser(`axe-core on the inbox at ${viewport.width} px`, () => {
    const browser = useBrowser({ viewport, axe: true });

    it('finds no serious or critical violation on the inbox, nor on a request form opened from it', async () => {
      await world.createRequest(ACME_GYM.id);
      const page = await browser.context.newPage();
      await page.goto(await inboxUrl());
      expect(seriousOrCritical(await axeFindings(page))).toEqual([]);
      await tabTo(page, 'a.answer');
      await pressAndLoad(page);
      expect(seriousOrCritical(await axeFindings(page))).toEqual([]);
      await page.close();
    });
  });
}
