import { describe, expect, it } from 'vitest';
import { renderCancellationEmail, renderReminderEmail, type CancellationEmailInput } from '../../src/mail/cancellation-email.ts';

const REQUEST: CancellationEmailInput = {
  locale: 'en',
  providerName: 'Northwind Fitness',
  reference: 'CD-7K3M9QX2',
  requestedOn: '2026-11-21',
  customerName: 'Jane <b>Doe</b>',
  identifiers: [
    { label: 'Member number', value: 'NWF-0048213' },
    { label: 'Postal address', value: 'Flat 4B\n12 Harbour Street' },
  ],
  replyUrl: 'https://canceldesk.example.com/reply/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXEifQ.c2lnbmF0dXJl',
  repliesByEmail: false,
};

describe('reminder email', () => {
  it('says it is a reminder and since when we have been waiting, in the subject, HTML and plain text', async () => {
    const { subject, html, text } = await renderReminderEmail({ ...REQUEST, waitingSince: '2026-11-23' });
    expect(subject).toBe('Reminder: cancellation request: Jane <b>Doe</b> (CD-7K3M9QX2)');
    // The plain-text part writes headings in capitals.
    expect(html).toContain('Reminder: cancellation request');
    expect(text).toContain('REMINDER: CANCELLATION REQUEST');
    for (const part of [html, text]) expect(part).toContain('On 23 November 2026 we asked Northwind Fitness');
  });

  it("carries the same link, reference, request date and the provider's identifiers as the first email", async () => {
    const first = await renderCancellationEmail(REQUEST);
    const reminder = await renderReminderEmail({ ...REQUEST, waitingSince: '2026-11-21' });
    for (const shared of ['CD-7K3M9QX2', '21 November 2026', 'NWF-0048213', 'Flat 4B<br/>12 Harbour Street', `href="${REQUEST.replyUrl}"`]) {
      expect(first.html).toContain(shared);
      expect(reminder.html).toContain(shared);
    }
    expect(reminder.text).toContain(REQUEST.replyUrl);
    expect(reminder.text).toMatch(/^Postal address +Flat 4B\n +12 Harbour Street$/m);
  });

  it('escapes what the customer typed', async () => {
    const { html } = await renderReminderEmail({
      ...REQUEST,
      identifiers: [{ label: 'Member number', value: '<img src=x onerror=alert(1)>' }],
      waitingSince: '2026-11-21',
    });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
