import { describe, it, expect } from 'vitest';
import { renderCancellationEmail, type CancellationEmailInput } from '../../src/mail/cancellation-email.ts';

const REPLY_URL = 'https://canceldesk.example.com/reply/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXEifQ.c2lnbmF0dXJl';

const gymWithCustomIdentifiers: CancellationEmailInput = {
  locale: 'en',
  providerName: 'Northwind Fitness',
  reference: 'CD-7K3M9QX2',
  requestedOn: '2026-11-21',
  customerName: 'Jane Doe',
  identifiers: [
    { label: 'Member number', value: 'NWF-0048213' },
    { label: 'Email address', value: 'jane.doe@example.com' },
    { label: 'Postal address', value: 'Flat 4B\n12 Harbour Street\nEdinburgh EH6 6LN' },
    { label: 'Home club', value: 'Edinburgh Quayside' },
  ],
  replyUrl: REPLY_URL,
  repliesByEmail: false,
};

const withInput = (overrides: Partial<CancellationEmailInput>) =>
  renderCancellationEmail({ ...gymWithCustomIdentifiers, ...overrides });

/** The anchors of an HTML document as { href, text }, with tags and Outlook conditional comments removed. */
function anchors(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: m[1]!.replaceAll('&amp;', '&'),
    text: m[2]!.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, '').trim(),
  }));
}

describe('cancellation request email', () => {
  it("lists each of the provider's custom identifier labels with its value, in HTML and plain text", async () => {
    const { html, text } = await renderCancellationEmail(gymWithCustomIdentifiers);
    for (const { label, value } of [
      { label: 'Member number', value: 'NWF-0048213' },
      { label: 'Email address', value: 'jane.doe@example.com' },
      { label: 'Home club', value: 'Edinburgh Quayside' },
    ]) {
      expect(html).toMatch(new RegExp(`<th[^>]*>${label}</th><td[^>]*>${value}</td>`));
      expect(text).toMatch(new RegExp(`^${label} +${value}$`, 'm'));
    }
  });

  it("keeps the provider's order of identifiers", async () => {
    const { html, text } = await renderCancellationEmail(gymWithCustomIdentifiers);
    for (const output of [html, text]) {
      const positions = gymWithCustomIdentifiers.identifiers.map(({ label }) => output.indexOf(label));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('puts each line of a multi-line postal address on its own line', async () => {
    const { html, text } = await renderCancellationEmail(gymWithCustomIdentifiers);
    expect(html).toContain('Flat 4B<br/>12 Harbour Street<br/>Edinburgh EH6 6LN');
    expect(text).toMatch(/^Postal address +Flat 4B\n +12 Harbour Street\n +Edinburgh EH6 6LN$/m);
  });

  it('shows our reference and the request date written out in words', async () => {
    const { html, text } = await renderCancellationEmail(gymWithCustomIdentifiers);
    for (const output of [html, text]) {
      expect(output).toContain('Our reference');
      expect(output).toContain('CD-7K3M9QX2');
      expect(output).toContain('Request date');
      expect(output).toContain('21 November 2026');
    }
  });

  it('writes the request date on the day given, whatever the time zone', async () => {
    // 1 January in UTC is still 31 December in most of the Americas: a local-time Date would slip a day.
    const { text } = await withInput({ requestedOn: '2027-01-01' });
    expect(text).toContain('1 January 2027');
    expect(text).not.toContain('December 2026');
  });

  it('refuses an impossible request date instead of rolling it over', async () => {
    await expect(withInput({ requestedOn: '2025-02-29' })).rejects.toThrow(RangeError);
    await expect(withInput({ requestedOn: '21/11/2026' })).rejects.toThrow(RangeError);
  });

  it('mentions the provider by name', async () => {
    const { html, text } = await renderCancellationEmail(gymWithCustomIdentifiers);
    expect(html).toContain('Northwind Fitness');
    expect(text).toContain('Northwind Fitness');
  });

  it('links the button to the reply form and says exactly "Reply to cancellation request"', async () => {
    const { html } = await renderCancellationEmail(gymWithCustomIdentifiers);
    const button = anchors(html).find((a) => a.text === 'Reply to cancellation request');
    expect(button?.href).toBe(REPLY_URL);
  });

  it('carries the reply link in the plain-text part too', async () => {
    const { text } = await renderCancellationEmail(gymWithCustomIdentifiers);
    expect(text).toContain(REPLY_URL);
    expect(text).toMatch(/Reply to cancellation request/);
  });

  it('offers the bare link for when the button does not work', async () => {
    const { html } = await renderCancellationEmail(gymWithCustomIdentifiers);
    expect(html).toContain('If the button does not work, open this link:');
    expect(anchors(html)).toContainEqual({ href: REPLY_URL, text: REPLY_URL });
  });

  it('escapes markup in identifier values and in the provider name', async () => {
    const attack = '<img src=x onerror=alert(1)>';
    const { html, text } = await withInput({
      providerName: attack,
      identifiers: [
        { label: 'Member number', value: attack },
        { label: `Club ${attack}`, value: 'Edinburgh' },
      ],
    });
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/onerror=alert\(1\)>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The plain-text part shows what was typed, as text.
    expect(text).toContain(attack);
  });

  it('shows javascript: values as text, never as a link', async () => {
    const { html } = await withInput({
      identifiers: [{ label: 'Website', value: 'javascript:alert(document.cookie)' }],
    });
    expect(html).toContain('javascript:alert(document.cookie)');
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(anchors(html).every((a) => a.href === REPLY_URL)).toBe(true);
  });

  it('loads no external stylesheet and has no <style> block', async () => {
    const { html } = await renderCancellationEmail(gymWithCustomIdentifiers);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/@import/i);
  });

  it('is never wider than 600px', async () => {
    const { html } = await renderCancellationEmail(gymWithCustomIdentifiers);
    expect(html).toContain('max-width:600px');
    const pixelWidths = [
      ...html.matchAll(/(?:^|[;"\s])(?:max-|min-)?width:\s*(\d+(?:\.\d+)?)px/g),
      ...html.matchAll(/\swidth="(\d+)"/g),
    ].map((m) => Number(m[1]));
    expect(pixelWidths.length).toBeGreaterThan(0);
    expect(Math.max(...pixelWidths)).toBeLessThanOrEqual(600);
  });
});

describe('cancellation request subject', () => {
  it('names the customer and our reference', async () => {
    const { subject } = await renderCancellationEmail(gymWithCustomIdentifiers);
    expect(subject).toBe('Cancellation request: Jane Doe (CD-7K3M9QX2)');
  });

  it('falls back to the reference alone without a customer name', async () => {
    expect((await withInput({ customerName: null })).subject).toBe('Cancellation request CD-7K3M9QX2');
    expect((await withInput({ customerName: ' \r\n ' })).subject).toBe('Cancellation request CD-7K3M9QX2');
  });

  it('turns CR/LF and other control characters in the name into spaces, so no header can be injected', async () => {
    const { subject } = await withInput({ customerName: 'Jane\r\nBcc: victim@example.com\u0000\u2028Doe\t' });
    expect(subject).not.toMatch(/[\r\n\u0000\u2028\t]/);
    expect(subject).toBe('Cancellation request: Jane Bcc: victim@example.com Doe (CD-7K3M9QX2)');
  });

  it('caps the length, ends with an ellipsis and keeps our reference', async () => {
    const { subject } = await withInput({ customerName: 'Bartholomew '.repeat(40) });
    expect([...subject].length).toBeLessThanOrEqual(150);
    expect(subject).toMatch(/…/);
    expect(subject).toContain('CD-7K3M9QX2');
    expect(subject).not.toMatch(/Barthol…|Bartholome…/); // cut between words, not inside one
  });

  it('caps a subject made long by its own text as well', async () => {
    const { subject } = await withInput({ reference: `CD-${'X'.repeat(300)}` });
    expect([...subject].length).toBeLessThanOrEqual(150);
    expect(subject.endsWith('…')).toBe(true);
  });
});
