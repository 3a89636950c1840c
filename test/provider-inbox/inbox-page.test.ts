import { describe, expect, it } from 'vitest';
import { INBOX_PAGE_SIZE } from '../../src/provider-inbox/inbox.ts';
import { escapeHtml } from '../support/html.ts';
import { cancelledUntil, inboxWorld, OTHER_PROVIDER } from '../support/inbox-world.ts';
import { ACME_GYM, JANE, JANE_LABELLED } from '../support/test-deps.ts';

const DAY = 86_400_000;

describe('the inbox page', async () => {
  const world = await inboxWorld();
  const { clock } = world;
  const first = await world.createAt(ACME_GYM.id, { ...JANE, member_number: '11111111' });
  clock.advance(3 * DAY);
  const second = await world.createAt(ACME_GYM.id, { ...JANE, member_number: '22222222' });
  clock.advance(2 * DAY);
  const path = await world.inboxPathOf();

  it('lists the open requests oldest first: reference, request date, days waiting and the identifiers under the provider labels', async () => {
    const response = await world.open(path);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.indexOf(first.reference)).toBeGreaterThan(0);
    expect(html.indexOf(first.reference)).toBeLessThan(html.indexOf(second.reference));
    expect(html).toContain('2 cancellation requests wait for your answer.');
    expect(html).toContain('21 November 2026');
    expect(html).toContain('24 November 2026');
    expect(html).toContain('5 days');
    expect(html).toContain('2 days');
    for (const [label, value] of JANE_LABELLED.filter(([label]) => label !== 'Member number')) {
      expect(html).toContain(`<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`);
    }
    expect(html).toContain('<dt>Member number</dt><dd>11111111</dd>');
    expect(html).toContain(`href="${path}/requests/${first.id}"`);
  });

  it('has the place for the CSV file: a link to open.csv and a multipart upload of `file` to answers.csv', async () => {
    const html = await (await world.open(path)).text();
    expect(html).toContain(`href="${path}/open.csv"`);
    expect(html).toMatch(new RegExp(`<form method="post" action="${path}/answers.csv" enctype="multipart/form-data">`));
    expect(html).toContain('name="file"');
  });

  it('drops an answered request from the open ones and shows it apart, under answered in the last 30 days, until 30 days passed', async () => {
    const answered = await world.createAt(ACME_GYM.id, { ...JANE, member_number: '33333333' });
    const posted = await world.sendForm(`${path}/requests/${answered.id}`, cancelledUntil('2026-12-31'));
    expect(posted.status).toBe(200);
    const html = await (await world.open(path)).text();
    const [open, recent] = html.split('Answered in the last 30 days');
    expect(open).not.toContain(answered.reference);
    expect(recent).toContain(answered.reference);
    expect(recent).toContain('has now been cancelled (access until 31 December 2026)');
    expect(recent).toContain(`href="${path}/requests/${answered.id}"`);

    clock.advance(31 * DAY);
    const later = await world.open(await world.inboxPathOf());
    expect(await later.text()).not.toContain(answered.reference);
    clock.advance(-31 * DAY);
  });

  it("speaks the provider's language", async () => {
    await world.createAt(OTHER_PROVIDER.id);
    const html = await (await world.open(await world.inboxPathOf(OTHER_PROVIDER.id))).text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('1 uppsägningsbegäran väntar på ert svar.');
    expect(html).toContain('Besvarade de senaste 30 dagarna');
  });
});

describe('a provider with more open requests than a page holds', async () => {
  const world = await inboxWorld();
  const references: string[] = [];
  for (let i = 0; i < INBOX_PAGE_SIZE + 5; i++) {
    references.push((await world.createAt(ACME_GYM.id)).reference);
    world.clock.advance(60_000);
  }
  const path = await world.inboxPathOf();

  it('shows the oldest page first, then the rest after a link, each request once', async () => {
    const firstPage = await (await world.open(path)).text();
    expect(firstPage).toContain(`${INBOX_PAGE_SIZE + 5} cancellation requests wait for your answer. Showing 1–${INBOX_PAGE_SIZE} of ${INBOX_PAGE_SIZE + 5}.`);
    const next = /href="([^"]+\?after=[^"]+)"/.exec(firstPage)![1]!.replaceAll('&amp;', '&');
    const secondPage = await (await world.open(next)).text();
    expect(secondPage).toContain(`Showing ${INBOX_PAGE_SIZE + 1}–${INBOX_PAGE_SIZE + 5} of ${INBOX_PAGE_SIZE + 5}.`);
    expect(references.filter((r) => firstPage.includes(r))).toEqual(references.slice(0, INBOX_PAGE_SIZE));
    expect(references.filter((r) => secondPage.includes(r))).toEqual(references.slice(INBOX_PAGE_SIZE));
    expect(secondPage).not.toContain('?after=');
  });
});
