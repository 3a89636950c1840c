import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/copy/index.ts';
import { type CancellationEmailInput, renderCancellationEmail, renderReminderEmail } from '../../src/mail/cancellation-email.ts';

// SPEC §8: with email replies captured the request and reminder emails say, under the button, that a
// plain reply works too; without them they promise nothing about replies.
const LINES: Record<Locale, string> = {
  en: 'You may instead simply reply to this email with what happened and the date.',
  sv: 'Ni kan också helt enkelt svara på det här mejlet med vad som hände och vilket datum det gäller.',
  de: 'Sie können stattdessen auch einfach auf diese E-Mail antworten und uns mitteilen, was geschehen ist und zu welchem Datum.',
};

const inputIn = (locale: Locale, repliesByEmail: boolean): CancellationEmailInput => ({
  locale,
  providerName: 'Acme Gym',
  reference: 'CD-7K3M9QX2',
  requestedOn: '2026-11-21',
  customerName: 'Jane Doe',
  identifiers: [{ label: 'Member number', value: '12345678' }],
  replyUrl: 'https://canceldesk.example.com/reply/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjcl8xIn0.c2lnbmF0dXJl',
  repliesByEmail,
});

const EMAILS = {
  request: renderCancellationEmail,
  reminder: (input: CancellationEmailInput) => renderReminderEmail({ ...input, waitingSince: '2026-11-24' }),
};

/** The HTML's visible text with tags and comments gone and entities read, so a sentence reads as written. */
const visible = (html: string) =>
  html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, '')
    .replaceAll('&#x27;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');

describe.each(Object.entries(EMAILS))('the %s email', (_, render) => {
  it.each(Object.entries(LINES) as [Locale, string][])('in %s says under the button that a plain reply works, when replies are captured', async (locale, line) => {
    const { html, text } = await render(inputIn(locale, true));
    expect(visible(html)).toContain(line);
    expect(text.replace(/\s+/g, ' ')).toContain(line);
    // Under the button, before the link for when the button does not work.
    const button = html.indexOf('/reply/');
    expect(button).toBeGreaterThan(-1);
    expect(visible(html.slice(button, html.lastIndexOf('/reply/')))).toContain(line);
  });

  it.each(Object.entries(LINES) as [Locale, string][])('in %s promises nothing about replies when they are not captured', async (locale, line) => {
    const { html, text } = await render(inputIn(locale, false));
    expect(visible(html)).not.toContain(line);
    expect(text.replace(/\s+/g, ' ')).not.toContain(line);
    expect(text.toLowerCase()).not.toMatch(/reply to this email|svara på det här mejlet|auf diese e-mail antworten/);
  });
});
