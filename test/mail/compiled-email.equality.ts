import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import CancellationFollowUpEmail from '../../emails/cancellation-follow-up.tsx';
import CancellationReminderEmail from '../../emails/cancellation-reminder.tsx';
import CancellationRequestEmail from '../../emails/cancellation-request.tsx';
import { copies, type Locale } from '../../src/copy/index.ts';
import {
  type CancellationEmailInput,
  cancellationFollowUp,
  cancellationReminder,
  cancellationRequest,
  PLAIN_TEXT_OPTIONS,
  renderCancellationEmail,
  renderFollowUpEmail,
  renderReminderEmail,
} from '../../src/mail/cancellation-email.ts';
import { renderWithReactEmail } from '../../src/mail/react-email.ts';

// The compiled templates must give exactly what react-email gives for the same data: every byte of the
// HTML and of the plain text, for ordinary and hostile values alike (THREATS 11), across providers
// with different identifier sets and across every locale we ship.
// The corpus and its tests live here; a test file per template runs them (compiled-email.equality.*.test.ts),
// so the three share the two workers instead of one file taking a worker for the first minute of the run.

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return state / 2 ** 32;
  };
  return { next, pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '</td><script>alert(1)</script>',
  '&amp; &lt;b&gt; &#x27; &',
  `"double" and 'single' quotes`,
  'javascript:alert(document.cookie)',
  ' JaVaScRiPt:alert(1)',
  'Flat 4B\n12 Harbour Street\nLeith\nEdinburgh EH6 6LN',
  'Line one\r\nLine two\r\n\r\nafter a blank line\n',
  '\nstarts on a new line',
  '👩‍👩‍👧‍👦 Zoë 🎉 Ünïcödé',
  'مرحبا بالعالم 123',
  'שלום עולם',
  '\u202Eevil\u202C override',
  '',
  ' ',
  'two  spaces and\ttab',
  ' leading and trailing ',
  'zero\u200bwidth',
  'no\u00a0break',
  'x'.repeat(300),
  'long words '.repeat(40).trim(),
  'A'.repeat(61),
  'a-very-long-email-address-that-is-wider-than-sixty-characters@example-subdomain.example.com',
  'private\ue000use',
  'nul\u0000byte',
  'lone \ud800 surrogate',
  '<!-- comment --> --> <![CDATA[x]]>',
  '${reference} {{value}} %s',
  'jane@example.com',
  'Jane',
  '12345678',
  '+44 20 7946 0000',
];

const LABEL_SETS = [
  ['Email address', 'First name', 'Last name', 'Postal address', 'Last 4 digits of the payment card', 'Phone number', 'Member number'],
  ['Member number', 'Home club'],
  ['Email address'],
  [],
  ['Customer <b>no.</b> & "id"', 'Kundennummer', 'رقم العميل', 'A label that is itself rather long, longer than sixty characters in all'],
];

const REPLY_URLS = [
  'https://canceldesk.example.com/reply/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjcl8xIn0.c2lnbmF0dXJl',
  'http://127.0.0.1:8787/reply/a.b.c?x=1&y="2"',
  'javascript:alert(1)',
  '',
];

const PROVIDER_NAMES = ['Acme Gym', 'Café <Crème> & "Co"', 'نادي اللياقة', 'A'.repeat(160)];

export function caseOf(seed: number, locale: Locale): CancellationEmailInput {
  const r = random(seed);
  const labels = r.pick(LABEL_SETS);
  // An optional identifier left out is simply not in the list; some values are empty strings besides.
  const shown = labels.filter(() => r.next() > 0.15);
  return {
    locale,
    providerName: r.pick(PROVIDER_NAMES),
    reference: r.next() > 0.1 ? `CD-${Math.floor(r.next() * 1e8).toString(32).toUpperCase().padStart(8, '0')}` : r.pick(HOSTILE),
    requestedOn: r.pick(['2026-11-21', '2027-01-01', '2028-02-29']),
    customerName: r.next() > 0.2 ? r.pick(HOSTILE) : null,
    identifiers: shown.map((label) => ({ label, value: r.pick(HOSTILE) })),
    replyUrl: r.next() > 0.3 ? REPLY_URLS[0]! : r.pick(REPLY_URLS),
    // Both variants of every shape: with the line that a plain reply works (INBOUND_DOMAIN set) and without.
    repliesByEmail: r.next() > 0.5,
  };
}

/** Every template in emails/, rendered the compiled way and by react-email from the same input. */
export const TEMPLATES = [
  { name: 'cancellation request', compiled: cancellationRequest, component: CancellationRequestEmail, extra: {}, fast: renderCancellationEmail },
  {
    name: 'cancellation reminder',
    compiled: cancellationReminder,
    component: CancellationReminderEmail,
    extra: { waitingSince: '2026-11-24' },
    fast: (input: CancellationEmailInput) => renderReminderEmail({ ...input, waitingSince: '2026-11-24' }),
  },
  {
    name: 'binding-contract follow-up',
    compiled: cancellationFollowUp,
    component: CancellationFollowUpEmail,
    extra: { answeredOn: '2026-12-02', contractEndsOn: '2027-03-31' },
    fast: (input: CancellationEmailInput) => renderFollowUpEmail({ ...input, answeredOn: '2026-12-02', contractEndsOn: '2027-03-31' }),
  },
] as const;

function reactEmailOf(template: (typeof TEMPLATES)[number], input: CancellationEmailInput) {
  const props = {
    copy: copies[input.locale].email,
    providerName: input.providerName,
    reference: input.reference,
    requestedOn: input.requestedOn,
    identifiers: input.identifiers,
    replyUrl: input.replyUrl,
    locale: input.locale,
    repliesByEmail: input.repliesByEmail,
    ...template.extra,
  };
  return renderWithReactEmail(createElement(template.component as typeof CancellationReminderEmail, props as never), PLAIN_TEXT_OPTIONS);
}

/** Single-line values of every kind, to swap in for a part while keeping an input's shape. */
const SINGLE_LINE = HOSTILE.filter((value) => value !== '' && !/[\r\n]/.test(value));

/**
 * Another input of the same shape (same lines, same empty values, same reference length) with other
 * values: the first input of a shape is checked against react-email as the skeleton is made, so it is
 * the twin that shows whether filling the skeleton in holds for values it was not made with.
 */
function twinOf(input: CancellationEmailInput, seed: number): CancellationEmailInput {
  const r = random(seed);
  const swap = (value: string) => value.split(/(\r\n|\r|\n)/).map((part, i) => (i % 2 === 1 || part === '' ? part : r.pick(SINGLE_LINE))).join('');
  const sameLength = (value: string) => Array.from({ length: value.length }, () => r.pick(['A', '<', '&', '"', "'", 'é', '7'])).join('');
  return {
    ...input,
    reference: sameLength(input.reference),
    identifiers: input.identifiers.map(({ label, value }) => ({ label, value: swap(value) })),
    replyUrl: swap(input.replyUrl),
  };
}

const escapeHtml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#x27;');

const CASES = Number(process.env.EQUALITY_CASES ?? 150);

const LOCALES = Object.keys(copies) as Locale[];

/** The equality tests of one template, in every locale. */
export function describeEquality(name: (typeof TEMPLATES)[number]['name']) {
  describe.each(TEMPLATES.filter((template) => template.name === name).flatMap((template) => LOCALES.map((locale) => [template.name, locale, template] as const)))('the %s in %s, compiled', (_, locale, template) => {
    it(`equals react-email byte for byte in HTML and text for ${CASES} generated inputs and their twins`, async () => {
      const before = { ...template.compiled.stats };
      for (let seed = 1; seed <= CASES; seed++) {
        const input = caseOf(seed * 7919, locale);
        for (const [name, each] of [['case', input], ['twin', twinOf(input, seed)]] as const) {
          const fast = await template.fast(each);
          const slow = await reactEmailOf(template, each);
          expect(fast.html, `HTML of ${name} ${seed}: ${JSON.stringify(each)}`).toBe(slow.html);
          expect(fast.text, `text of ${name} ${seed}: ${JSON.stringify(each)}`).toBe(slow.text);
        }
      }
      // Most twins came from a skeleton (the rest hold a value only react-email places, or a shape it alone renders).
      expect(template.compiled.stats.filled - before.filled).toBeGreaterThan(CASES / 2);
    }, 180_000);

    it('fills each variant from its own skeleton: with the line about replying by email and without it', async () => {
      const input = caseOf(5, locale);
      const line = copies[locale].email.replyByEmail;
      for (const repliesByEmail of [true, false, true, false]) {
        const each = { ...input, repliesByEmail };
        const fast = await template.fast(each);
        const slow = await reactEmailOf(template, each);
        expect(fast).toEqual({ ...slow, subject: fast.subject });
        expect(fast.html.includes(escapeHtml(line))).toBe(repliesByEmail);
      }
    });

    it('equals it for every hostile value in every identifier row and as the reference', async () => {
      for (const [value, repliesByEmail] of HOSTILE.flatMap((value) => [[value, true], [value, false]] as const)) {
        const input = { ...caseOf(1, locale), reference: value, identifiers: LABEL_SETS[0]!.map((label) => ({ label, value })), repliesByEmail };
        for (const each of [input, twinOf(input, 1)]) {
          const fast = await template.fast(each);
          const slow = await reactEmailOf(template, each);
          expect(fast.html, JSON.stringify(each.identifiers[0])).toBe(slow.html);
          expect(fast.text, JSON.stringify(each.identifiers[0])).toBe(slow.text);
        }
      }
    }, 60_000);
  });
}
