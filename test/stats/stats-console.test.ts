import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { addProviders } from '../support/test-deps.ts';
import { statsWorld } from '../support/stats-world.ts';

// The console's stats page and its CSV on the data set with known answers (statsWorld).
const w = await statsWorld();
const cookie = await w.logIn();
await addProviders(w.deps, {
  id: 'formula-fit',
  name: '=HYPERLINK("https://evil.example","Fit")',
  emails: ['stop@formula.example'],
  identifiers: ['email'],
});

const page = async (path: string) => {
  const res = await w.page(path, cookie);
  return { res, html: await res.text() };
};
/** The provider names in the table's rows, in order. */
const tableOrder = (html: string) => [...html.matchAll(/<th scope="row"><a href="\/support\?provider=([^"]+)">/g)].map((m) => m[1]);

describe('/support/stats', () => {
  it('shows the totals and a row per provider, under the console’s strict CSP', async () => {
    const { res, html } = await page('/support/stats');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('<dt>Sent</dt><dd>10</dd>');
    expect(html).toContain('<dt>Median time to answer</dt><dd>10 h</dd>');
    expect(tableOrder(html)).toEqual(['acme-gym', 'slow-tel']);
    expect(html).toMatch(/<td>57 %<\/td><td>2 h<\/td><td>30 h<\/td>/);
  });

  it('sorts by links: slowest first, least answering first', async () => {
    const slowest = await page('/support/stats?sort=slowest');
    expect(tableOrder(slowest.html)).toEqual(['slow-tel', 'acme-gym']);
    expect(slowest.html).toContain('<th scope="col" aria-sort="descending">Median</th>');
    const least = await page('/support/stats?sort=least_answering&days=30');
    expect(tableOrder(least.html)).toEqual(['slow-tel', 'acme-gym']);
    expect(least.html).toContain('<a href="/support/stats?days=30&amp;sort=slowest">Slowest first</a>');
  });

  it('draws three charts as inline SVG images with a title, a description and a table of the same numbers; no script, no style attribute', async () => {
    const { html } = await page('/support/stats');
    const charts = [...html.matchAll(/<svg class="chart" role="img" aria-labelledby="([\w-]+)-title \1-desc"/g)].map((m) => m[1]);
    expect(charts).toEqual(['weekly', 'time-to-answer', 'outcomes']);
    for (const id of charts) {
      expect(html).toContain(`<title id="${id}-title">`);
      expect(html).toContain(`<desc id="${id}-desc">`);
    }
    expect(html).toContain('<summary>Requests and answers per week as a table</summary>');
    expect(html).toContain('<th scope="row">23 Nov</th><td>2</td><td>2</td>');
    expect(html).toContain('<th scope="row">1 h to 24 h</th><td>3</td>');
    expect(html).toContain('<th scope="row">Acme Gym</th><td>1</td><td>1</td><td>1</td><td>1</td><td>0</td>');
    expect(html).not.toMatch(/<script|\sstyle=/);
  });

  it('says which field it did not understand, with a 400', async () => {
    const { res, html } = await page('/support/stats?days=400&provider=nobody');
    expect(res.status).toBe(400);
    expect(html).toContain('days must be at most 365');
    expect((await page('/support/stats?provider=nobody')).html).toContain('provider no provider with this id');
  });

  it('needs a session: without one, the login page', async () => {
    for (const path of ['/support/stats', '/support/stats.csv']) {
      const res = await w.page(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/support/login');
    }
  });
});

describe('/support/stats.csv', () => {
  it('exports the table in the page’s order with the totals last, numbers as numbers', async () => {
    const res = await w.page('/support/stats.csv?sort=slowest', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="provider-stats-2026-12-07-30d.csv"');
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.provider)).toEqual(['slow-tel', 'acme-gym', '*']);
    expect(rows[1]).toEqual({
      provider: 'acme-gym',
      name: 'Acme Gym',
      sent: '7',
      answered: '4',
      answer_rate: '0.5714',
      median_seconds_to_answer: '7200',
      p90_seconds_to_answer: '108000',
      cancelled: '1',
      already_cancelled: '1',
      binding_contract: '1',
      not_found: '1',
      other: '0',
      open: '1',
      overdue: '1',
      bounced: '1',
    });
    expect(rows[2]).toMatchObject({ name: 'All providers', sent: '10', median_seconds_to_answer: '36000', overdue: '2' });
  });

  it('neutralises a cell a spreadsheet would run as a formula (THREATS 22)', async () => {
    const res = await w.page('/support/stats.csv?provider=formula-fit', cookie);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows[0]!.name).toBe(`'=HYPERLINK("https://evil.example","Fit")`);
  });
});
