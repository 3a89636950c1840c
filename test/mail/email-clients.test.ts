import { findAll, getAttributeValue, isTag, isText, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { copies, type Locale } from '../../src/copy/index.ts';
import { type CancellationEmailInput, renderCancellationEmail, renderReminderEmail } from '../../src/mail/cancellation-email.ts';
import { JANE } from '../support/fixtures.ts';

/**
 * What Outlook (Word's renderer) and Gmail do to HTML mail: they drop `<link>` stylesheets and often
 * `<style>` blocks (Gmail in many of its apps, Outlook.com in part), ignore classes with them, know no
 * flex or grid, and Gmail clips a message past 102 KB. So every email is checked for what survives
 * all of that: inline styles on each piece of text, a table layout, a plain link for the button, a
 * width that fits a 600 px reading pane, and a plain-text part that stands on its own.
 */

type Element = ReturnType<typeof findAll>[number];

const REPLY_URL = 'http://127.0.0.1:8787/reply/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjcl8xIn0.c2lnbmF0dXJlX29mX3RoZV90b2tlbg';

const inputIn = (locale: Locale): CancellationEmailInput => {
  const labels = copies[locale].identifierLabels;
  return {
    locale,
    providerName: 'Acme Gym',
    reference: 'CD-7K3M9QX2',
    requestedOn: '2026-11-21',
    customerName: `${JANE.first_name} ${JANE.last_name}`,
    identifiers: [
      { label: labels.email, value: JANE.email },
      { label: labels.first_name, value: JANE.first_name },
      { label: labels.last_name, value: JANE.last_name },
      { label: labels.postal_address, value: JANE.postal_address },
      { label: labels.card_last4, value: JANE.card_last4 },
      { label: 'Member number', value: JANE.member_number },
    ],
    replyUrl: REPLY_URL,
    repliesByEmail: true,
  };
};

const EMAILS = {
  request: renderCancellationEmail,
  reminder: (input: CancellationEmailInput) => renderReminderEmail({ ...input, waitingSince: '2026-11-24' }),
};

/** An element's inline declarations, property → value (the last one wins, as in a browser). */
function inlineStyle(element: Element): Map<string, string> {
  const declarations = (getAttributeValue(element, 'style') ?? '').split(';').map((d) => d.split(/:(.*)/s));
  return new Map(declarations.filter(([p, v]) => p?.trim() && v?.trim()).map(([p, v]) => [p!.trim().toLowerCase(), v!.trim()]));
}

/** The first value of a property on the element or its nearest ancestor that declares it: what inherits. */
function inherited(element: Element, property: string): string | undefined {
  for (let node: Element | null = element; node; node = node.parent && isTag(node.parent) ? node.parent : null) {
    const value = inlineStyle(node).get(property);
    if (value !== undefined) return value;
  }
  return undefined;
}

const hidden = (element: Element) => {
  for (let node: Element | null = element; node; node = node.parent && isTag(node.parent) ? node.parent : null) {
    if (inlineStyle(node).get('display') === 'none') return true;
  }
  return false;
};

const LOCALES = Object.keys(copies) as Locale[];
const CASES = LOCALES.flatMap((locale) => (Object.keys(EMAILS) as (keyof typeof EMAILS)[]).map((email) => ({ email, locale })));

describe.each(CASES)('the $email email in $locale, as mail clients get it', async ({ email, locale }) => {
  const input = inputIn(locale);
  const rendered = await EMAILS[email](input);
  const document = parseDocument(rendered.html);
  const elements = findAll(() => true, document.children);
  const named = (...tags: string[]) => elements.filter((e) => tags.includes(e.name));
  const copy = copies[locale].email;

  it('declares its language', () => {
    expect(getAttributeValue(named('html')[0]!, 'lang')).toBe(locale);
  });

  it('needs nothing a client drops: no stylesheet, no <style>, no classes, no script, forms or embedded frames', () => {
    expect(named('link', 'style', 'script', 'form', 'input', 'button', 'iframe', 'object', 'embed').map((e) => e.name)).toEqual([]);
    expect(elements.filter((e) => e.attribs.class !== undefined || e.attribs.id !== undefined).map((e) => e.name)).toEqual([]);
    expect(rendered.html).not.toMatch(/@import|@media|@font-face/);
  });

  it('styles every piece of visible text inline, with its colour and size reaching it without a stylesheet', () => {
    const holdingText = elements.filter((e) => !hidden(e) && e.children.some((child) => isText(child) && child.data.trim() !== ''));
    expect(holdingText.length).toBeGreaterThan(10);
    const unstyled = holdingText
      .filter((e) => !e.attribs.style || !inherited(e, 'color') || !inherited(e, 'font-size'))
      .map((e) => `<${e.name}> ${textContent(e).trim().slice(0, 40)}`);
    expect(unstyled).toEqual([]);
  });

  it('is laid out with tables (the react-email components), never flex, grid, floats or positioning', () => {
    // The only divs are react-email's hidden preview line.
    expect(named('div').filter((div) => !hidden(div))).toEqual([]);
    const layoutStyles = elements.flatMap((e) => [...inlineStyle(e)].filter(([p, v]) => (p === 'display' && /flex|grid/.test(v)) || p === 'float' || p === 'position'));
    expect(layoutStyles).toEqual([]);
    expect(named('table').length).toBeGreaterThanOrEqual(3);
  });

  it('is at most 600 px wide, with nothing inside wider than that', () => {
    const container = elements.find((e) => inlineStyle(e).has('max-width') && e.name === 'table');
    expect(inlineStyle(container!).get('max-width')).toBe('600px');
    const pixelWidths = elements.flatMap((e) => [
      ...[inlineStyle(e).get('width'), inlineStyle(e).get('max-width'), inlineStyle(e).get('min-width'), e.attribs.width]
        .map((w) => /^(\d+)(px)?$/.exec(w ?? '')?.[1])
        .filter((w): w is string => w !== undefined)
        .map(Number),
    ]);
    expect(Math.max(...pixelWidths)).toBeLessThanOrEqual(600);
  });

  it('has a button that is a plain link to the reply form, and the same link written out beside it', () => {
    const toForm = named('a').filter((a) => getAttributeValue(a, 'href') === REPLY_URL);
    expect(toForm.map((a) => textContent(a).trim())).toEqual([copy.replyButton, REPLY_URL]);
    expect(inherited(toForm[0]!, 'background-color')).toBeDefined();
  });

  it('stays far below the size at which Gmail clips a message (102 KB)', () => {
    expect(Buffer.byteLength(rendered.html)).toBeLessThan(60_000);
  });

  it('has a plain-text part that works on its own: the reference, the date, every identifier and the whole link', () => {
    const { text } = rendered;
    expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(text).toContain(input.reference);
    expect(text).toContain(copy.requestDate(input.requestedOn));
    for (const { label, value } of input.identifiers) {
      const [firstLine, ...moreLines] = value.split('\n');
      expect(text).toMatch(new RegExp(`^${label} +${firstLine}$`, 'm'));
      for (const line of moreLines) expect(text).toMatch(new RegExp(`^ +${line}$`, 'm'));
    }
    // The link stands whole on a line of its own, so it can be copied even where nothing is clickable.
    expect(text.split('\n')).toContain(REPLY_URL);
    expect(text).toContain(copy.replyButton);
    expect(text).toContain(copy.footer);
  });
});
