import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { escapeHtml, expectInert, styleNonce } from '../support/html.ts';
import { replyWorld } from '../support/reply-world.ts';
import { HOSTILE_JANE } from '../support/test-deps.ts';

// The development outbox serves stored emails from the same origin as the console and the form:
// whatever an app put in a customer's fields must stay text there (THREATS 11), and a stored email
// is shown sandboxed, under the same page headers as every other page.

const world = await replyWorld();
const { deps } = world;

/** A look-alike of a reply link in a customer's field, written into the email before the real one. */
const LOOK_ALIKE = 'https://evil.example/reply/aaaa.bbbb.cccc';
const HOSTILE = { ...HOSTILE_JANE, postal_address: `${HOSTILE_JANE.postal_address}\n${LOOK_ALIKE}` };

async function hostileEmail() {
  const { id, replyPath } = await world.createRequest(HOSTILE);
  const [email] = await listOutbox(deps.db, { requestId: id });
  return { email: email!, replyLink: `https://canceldesk.test${replyPath}` };
}

const directives = (res: Response) => (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());

/** What every page we serve carries besides its CSP. */
function expectPageHeaders(res: Response) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(directives(res)).toContain("frame-ancestors 'none'");
  expect(directives(res)).toContain("default-src 'none'");
  expect(res.headers.get('content-security-policy')).not.toMatch(/script-src|unsafe-eval/);
}

describe('the stored email of a request with hostile identifiers', () => {
  it('holds them escaped in its HTML, as plain text in its text part, and on one line in its subject', async () => {
    const { email, replyLink } = await hostileEmail();
    expectInert(email.html);
    for (const value of [HOSTILE.first_name, HOSTILE.last_name]) expect(email.html).toContain(escapeHtml(value));
    // The only links are ours: the look-alike is text.
    expect([...new Set([...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]))]).toEqual([replyLink]);
    expect(email.html).toContain(LOOK_ALIKE);

    for (const value of [HOSTILE.first_name, HOSTILE.last_name, LOOK_ALIKE]) expect(email.text).toContain(value);
    expect(email.subject).toBe(`Cancellation request: ${HOSTILE.first_name} ${HOSTILE.last_name} (${/CD-[0-9A-Z]{8}/.exec(email.subject)![0]})`);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('the development outbox', () => {
  it('lists the hostile subject escaped, and links to the reply link we sent, not to a look-alike in a field', async () => {
    const { email, replyLink } = await hostileEmail();
    const res = await world.app.request('/dev/outbox');
    expect(res.status).toBe(200);
    const html = await res.text();
    expectInert(html);
    expect(html).toContain(`<td>${escapeHtml(email.subject)}</td>`);
    expect(html).toContain(`<a href="${replyLink}">reply link</a>`);
    expect(html).not.toContain('evil.example');
  });

  it('serves the list under our page headers: a CSP with only its style nonce', async () => {
    await hostileEmail();
    const res = await world.app.request('/dev/outbox');
    const html = await res.text();
    expectPageHeaders(res);
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(directives(res)).toContain(`style-src 'nonce-${styleNonce(html)}'`);
  });

  it('serves a stored email as stored, sandboxed: no script, no form, no framing, its links opening outside the sandbox', async () => {
    const { email } = await hostileEmail();
    const res = await world.app.request(`/dev/outbox/${email.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toBe(email.html);
    expectPageHeaders(res);
    // Without allow-scripts nothing runs, without allow-same-origin it reaches nothing of ours, without
    // allow-forms it posts nothing; the reply link's new tab escapes the sandbox so its form can be sent.
    expect(directives(res)).toContain('sandbox allow-popups allow-popups-to-escape-sandbox');
    expect(directives(res)).toContain("style-src 'unsafe-inline'");
    expect(directives(res)).toContain("form-action 'none'");
  });

  it('serves the text part as plain text that is never sniffed as HTML', async () => {
    const { email } = await hostileEmail();
    const res = await world.app.request(`/dev/outbox/${email.id}/text`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(email.text);
    expectPageHeaders(res);
  });
});
