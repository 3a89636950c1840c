import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { issueInboxLink } from '../../src/provider-inbox/inbox-link.ts';
import { axeFindings, seriousOrCritical } from '../support/axe.ts';
import { DESKTOP, describeInBrowser, PHONE, useBrowser } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { answerWithKeyboard, pressAndLoad, sendWithKeyboard, tabTo } from '../support/keyboard.ts';
import { horizontalOverflow } from '../support/layout.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { fillIn, readDownloaded } from '../provider-inbox/csv-fill.ts';

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

  describeInBrowser(`the CSV upload preview at ${viewport.width} px, JavaScript off`, () => {
    const browser = useBrowser({ viewport, javaScriptEnabled: false });
    // axe runs in a page of its own: the preview is the answer to a POST, so axe reads the HTML as served.
    const audit = useBrowser({ viewport, axe: true });

    it('downloads open.csv, uploads it filled in, previews the bad row by its line, and records the good one on Confirm by keyboard', async () => {
      const good = await world.createRequest(ACME_GYM.id);
      const bad = await world.createRequest(ACME_GYM.id);
      const [goodReference, badReference] = [(await world.appView(good)).caseReference, (await world.appView(bad)).caseReference] as string[];
      const page = await browser.context.newPage();
      await page.goto(await inboxUrl());

      await tabTo(page, 'a[href$="/open.csv"]');
      const downloading = page.waitForEvent('download');
      await page.keyboard.press('Enter');
      const csv = await readFile((await (await downloading).path())!, 'utf8');
      const badLine = readDownloaded(csv).findIndex((row) => row[0] === badReference) + 1;
      expect(badLine).toBeGreaterThan(1);

      // The file chooser is the system's own dialog: the harness fills it, the keyboard does the rest.
      // Chromium reads the file when the form is sent, so it stays until the preview has loaded.
      const folder = await mkdtemp(join(tmpdir(), 'canceldesk-csv-'));
      try {
        const file = join(folder, 'answers.csv');
        await writeFile(file, fillIn(csv, { [goodReference!]: { outcome: 'cancelled', date: '2026-12-31' }, [badReference!]: { outcome: 'maybe' } }));
        await page.setInputFiles('#answers-file', file);
        await tabTo(page, '#csv button[type=submit]');
        await pressAndLoad(page);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }

      expect(await page.getByRole('status').textContent()).toMatch(/^1 answer to record, 1 row with a problem, \d+ rows? without an answer/);
      const problem = page.locator('#refused-heading + table tbody tr');
      expect(await problem.count()).toBe(1);
      expect(await problem.locator('td').first().textContent()).toBe(String(badLine));
      expect(await problem.locator('td').nth(1).textContent()).toBe(badReference);
      expect(await horizontalOverflow(page)).toEqual({ by: 0, sticking: [] });
      const audited = await audit.context.newPage();
      await audited.setContent(await page.content());
      expect(seriousOrCritical(await axeFindings(audited))).toEqual([]);
      await audited.close();
      // Nothing is recorded before Confirm.
      expect((await world.appView(good)).status).not.toBe('answered');

      await tabTo(page, 'form[action$="/confirm"] button');
      await pressAndLoad(page);
      expect(await page.locator('body').textContent()).toContain('1 answer was recorded.');
      expect(await world.answered(good)).toMatchObject({ outcome: { type: 'cancelled', accessUntil: '2026-12-31' } });
      expect((await world.appView(bad)).status).not.toBe('answered');
      await page.close();
    });
  });
}
