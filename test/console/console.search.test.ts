import { describe, expect, it } from 'vitest';
import { ZEN_YOGA, listedIds, nextPageHref, supportWorld } from '../support/console-session.ts';
import { escapeHtml, inputValue } from '../support/html.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';

// The console's search box (issue 15): the same q as the support API, in the list's GET form, so it
// works without JavaScript and keeps the filters; a reference jumps straight to its request.

const w = await supportWorld();
const { deps, clock } = w;
const first = (await w.createRequest()).id;
clock.advance(60_000);
const second = (await w.createRequest()).id;
clock.advance(60_000);
const zen = await w.createZenRequest();
clock.advance(60_000);
const cookie = await w.logIn();

const referenceOf = async (id: string) =>
  (await deps.db.selectFrom('cancellation_requests').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;
const search = (query: Record<string, string>) => w.page(`/support?${new URLSearchParams(query)}`, cookie);

describe('the search box on the list of requests', () => {
  it('is a labelled search field in the list form (a plain GET, no script needed), beside the filters', async () => {
    const html = await (await w.page('/support', cookie)).text();
    const form = /<form method="get" action="\/support"[^>]*role="search"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
    expect(form).toBeDefined();
    expect(form).toContain('<label for="q">Reference or customer identifier</label>');
    expect(form).toMatch(/<input type="search" id="q" name="q" value="" maxlength="200" aria-describedby="q-hint"/);
    expect(form).toContain('id="q-hint"');
    expect(form).toContain('name="status"');
  });

  it('jumps straight to the request a reference names, however it was typed', async () => {
    const res = await search({ q: ` ${(await referenceOf(second)).toLowerCase()} `, status: '', provider: '', outcome: '', olderThanDays: '' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/support/requests/${second}`);
    const page = await w.page(res.headers.get('location')!, cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(await referenceOf(second));
  });

  it('lists what an identifier value matches, keeping the value in the box', async () => {
    const res = await search({ q: JANE.email.toUpperCase() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(listedIds(html)).toEqual([second, first]);
    expect(inputValue(html, 'q')).toBe(escapeHtml(JANE.email.toUpperCase()));
  });

  it('keeps the filters: a reference the filters exclude lists nothing instead of jumping', async () => {
    const res = await search({ q: await referenceOf(zen), provider: ACME_GYM.id });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(listedIds(html)).toEqual([]);
    expect(html).toContain('No requests match.');
    expect(html).toMatch(new RegExp(`<option value="${ACME_GYM.id}" selected`));
    expect((await search({ q: await referenceOf(zen), provider: ZEN_YOGA.id })).headers.get('location')).toBe(`/support/requests/${zen}`);
  });

  it('keeps the search in the "Next page" link', async () => {
    const html = await (await search({ q: JANE.member_number, limit: '1' })).text();
    expect(listedIds(html)).toEqual([second]);
    const next = nextPageHref(html)!;
    expect(new URL(next, 'http://x').searchParams.get('q')).toBe(JANE.member_number);
    expect(listedIds(await (await w.page(next, cookie)).text())).toEqual([first]);
  });

  it('treats the box sent empty as no search', async () => {
    const res = await search({ q: '  ', status: '' });
    expect(res.status).toBe(200);
    expect(listedIds(await res.text())).toEqual([zen, second, first]);
  });

  it('answers 400 naming q for an over-long search, as for any filter it cannot read', async () => {
    const res = await search({ q: 'x'.repeat(201) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Some filters were not understood: q');
  });

  it('shows a search that looks like markup as text', async () => {
    const q = '"><script>alert(1)</script>';
    const html = await (await search({ q })).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(inputValue(html, 'q')).toBe(escapeHtml(q));
  });
});
