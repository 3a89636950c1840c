import { describe, expect, it } from 'vitest';
import { supportWorld } from '../support/console-session.ts';
import { CROSS_SITE, crossSiteBodies } from '../support/cross-site.ts';
import { escapeHtml, expectInert, styleNonce } from '../support/html.ts';
import { requestState } from '../support/request-state.ts';
import { HOSTILE_JANE, JANE } from '../support/test-deps.ts';

// The support console holds customers' details and providers' free text: only a live session sees it,
// only our own pages can make it act, and nothing stored can run as script in it (THREATS 7, 11, 16).

const HOUR = 60 * 60 * 1000;
const w = await supportWorld();
const { deps, clock } = w;

/** A request whose provider wrote free text, so an unguarded open would write to its history. */
async function answeredWithFreeText() {
  const request = await w.createRequest();
  const res = await w.sendForm(request.replyPath, { outcome: 'other', message: 'Company contract.', note: 'Ask HR.' });
  expect(res.status).toBe(200);
  return request;
}

const ACTIONS: [string, Record<string, string>][] = [
  ['resend', {}],
  ['reissue-link', {}],
  ['close', {}],
  ['answers', { outcome: 'not_found', note: 'forged' }],
];

describe('without a live session', () => {
  it.each([
    ['no cookie', undefined],
    ['a made-up cookie', `cd_support=${'A'.repeat(43)}`],
    ['an empty cookie', 'cd_support='],
  ])('every console page and action redirects to the login page (303) and changes nothing, with %s', async (_, cookie) => {
    const { id, replyPath } = await answeredWithFreeText();
    const before = await requestState(deps, id);

    for (const path of ['/support', '/support?status=answered', `/support/requests/${id}`, '/support/requests/cr_missing']) {
      const res = await w.page(path, cookie);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/support/login');
      expect(await res.text()).not.toContain('Company contract.');
    }
    for (const [action, fields] of ACTIONS) {
      const res = await w.post(`/support/requests/${id}/${action}`, cookie, fields);
      expect(res.status, action).toBe(303);
      expect(res.headers.get('location')).toBe('/support/login');
    }
    expect(await requestState(deps, id)).toEqual(before);
    expect((await w.open(replyPath)).status).toBe(200);
  });

  it('redirects once the session is 12 hours and a second old, and changes nothing', async () => {
    const { id } = await answeredWithFreeText();
    const cookie = await w.logIn();
    clock.advance(12 * HOUR - 1000);
    expect((await w.page('/support', cookie)).status).toBe(200);
    clock.advance(2000); // 12 hours and 1 second after logging in
    const before = await requestState(deps, id);

    for (const path of ['/support', `/support/requests/${id}`]) {
      const res = await w.page(path, cookie);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/support/login');
    }
    for (const [action, fields] of ACTIONS) {
      const res = await w.post(`/support/requests/${id}/${action}`, cookie, fields);
      expect(res.status, action).toBe(303);
      expect(res.headers.get('location')).toBe('/support/login');
    }
    expect(await requestState(deps, id)).toEqual(before);
  });
});

describe('console forms posted from another site (CSRF)', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site from https://evil.example', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'https://evil.canceldesk.test' }],
    ['neither Sec-Fetch-Site nor Origin', { 'sec-fetch-site': '' }],
  ])('refuses every action with 403 and changes nothing: %s', async (_, headers) => {
    const cookie = await w.logIn();
    const { id, replyPath } = await w.createRequest();
    const before = await requestState(deps, id);

    for (const [action, fields] of ACTIONS) {
      const res = await w.post(`/support/requests/${id}/${action}`, cookie, fields, headers);
      expect(res.status, action).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('This form was refused');
    }
    // No new email, the same link (still working), no answer, not closed, no history.
    expect(await requestState(deps, id)).toEqual(before);
    expect(await w.replyPathsOf(id)).toEqual([replyPath]);
    expect((await w.open(replyPath)).status).toBe(200);
  });

  it('refuses a cross-site post with no body and no Content-Type (what fetch(…, {mode: "no-cors"}) sends)', async () => {
    const cookie = await w.logIn();
    const { id } = await w.createRequest();
    const before = await requestState(deps, id);
    const res = await w.app.request(`/support/requests/${id}/close`, {
      method: 'POST',
      headers: { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(await requestState(deps, id)).toEqual(before);
  });
});

describe('console actions posted from another site with any body (CSRF)', () => {
  it.each(crossSiteBodies({ outcome: 'not_found', note: 'forged' }))('refuses every action sent as %s with 403 and changes nothing', async (_, { headers, body }) => {
    const cookie = await w.logIn();
    const { id, replyPath } = await w.createRequest();
    const before = await requestState(deps, id);
    for (const [action] of ACTIONS) {
      const res = await w.app.request(`/support/requests/${id}/${action}`, { method: 'POST', headers: { cookie, ...CROSS_SITE, ...headers }, body });
      expect(res.status, action).toBe(403);
      expect(await res.text()).toContain('This form was refused');
    }
    expect(await requestState(deps, id)).toEqual(before);
    expect(await w.replyPathsOf(id)).toEqual([replyPath]);
  });

  it.each([
    ['Sec-Fetch-Site: same-origin with Origin: null (no-referrer)', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
    ["an Origin of PUBLIC_URL's from a browser that sends no Sec-Fetch-Site", { origin: 'https://canceldesk.test' }],
  ])('lets a close from our own page through whatever its body: %s', async (_, site) => {
    const cookie = await w.logIn();
    for (const [type, { headers, body }] of crossSiteBodies({})) {
      const { id } = await w.createRequest();
      const res = await w.app.request(`/support/requests/${id}/close`, { method: 'POST', headers: { cookie, ...site, ...headers }, body });
      expect(res.status, type).toBe(303);
      expect((await requestState(deps, id)).closed_at, type).not.toBeNull();
    }
  });
});

describe('console response headers', () => {
  it.each([
    ['the list', async () => w.page('/support', await w.logIn())],
    ['a request', async () => w.page(`/support/requests/${(await answeredWithFreeText()).id}`, await w.logIn())],
    ['a rejected outcome (422)', async () => w.post(`/support/requests/${(await w.createRequest()).id}/answers`, await w.logIn(), { outcome: 'binding_contract', date: '2020-01-01' })],
    ['a refused cross-site form (403)', async () => w.post(`/support/requests/${(await w.createRequest()).id}/close`, await w.logIn(), {}, { 'sec-fetch-site': 'cross-site' })],
  ])('%s: a CSP with default-src none and the style nonce, no referrer, never stored', async (_, load) => {
    const res = await load();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
    const nonce = styleNonce(await res.text());
    expect(nonce).toBeTruthy();
    expect(csp).toContain(`style-src 'nonce-${nonce}'`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('uses a new nonce for every response', async () => {
    const cookie = await w.logIn();
    const nonces = await Promise.all([1, 2, 3].map(async () => styleNonce(await (await w.page('/support', cookie)).text())));
    expect(new Set(nonces).size).toBe(3);
  });
});

describe('stored XSS (THREATS 11)', () => {
  const MESSAGE = '</textarea><script>alert(2)</script>';
  const NOTE = '<img src=x onerror=alert(3)>';

  it('escapes hostile identifiers and free text in the list and on the request page', async () => {
    const { id, replyPath } = await w.createRequest(HOSTILE_JANE);
    expect((await w.sendForm(replyPath, { outcome: 'other', message: MESSAGE, note: NOTE })).status).toBe(200);
    const cookie = await w.logIn();

    // The list shows only what we and the operator wrote (our reference, the provider's slug, status,
    // outcome, dates): no identifier or free text reaches it, neither raw nor escaped.
    const list = await (await w.page('/support', cookie)).text();
    expect(list).toContain(`/support/requests/${id}`);
    expectInert(list);
    for (const value of [HOSTILE_JANE.first_name, HOSTILE_JANE.last_name, HOSTILE_JANE.postal_address, MESSAGE, NOTE]) {
      expect(list).not.toContain(value);
      expect(list).not.toContain(escapeHtml(value));
    }

    const page = await (await w.page(`/support/requests/${id}`, cookie)).text();
    expectInert(page);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('<dd class="value">javascript:alert(1)</dd>');
    expect(page).toContain('<div class="free-text">&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;</div>');
    expect(page).toContain('<div class="free-text">&lt;img src=x onerror=alert(3)&gt;</div>');
  });

  it("escapes a hostile app reference on the request page", async () => {
    const res = await w.api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE, reference: '"><script>alert(5)</script>' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const page = await (await w.page(`/support/requests/${id}`, await w.logIn())).text();
    expectInert(page);
    expect(page).toContain('its reference &quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;');
  });

  it('escapes hostile text put back into the record-an-outcome form after an error', async () => {
    const { id } = await w.createRequest(HOSTILE_JANE);
    const res = await w.post(`/support/requests/${id}/answers`, await w.logIn(), { outcome: 'other', date: '', message: MESSAGE, note: `${NOTE}${'x'.repeat(2001)}` });
    expect(res.status).toBe(422);
    const html = await res.text();
    expectInert(html);
    expect(html).toContain('<textarea id="record-message" name="message">&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;</textarea>');
  });

  it('escapes a hostile filter name in the list error', async () => {
    const res = await w.page('/support?%3Cscript%3Ealert(1)%3C%2Fscript%3E=1', await w.logIn());
    expect(res.status).toBe(400);
    const html = await res.text();
    expectInert(html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('query values the console does not know', () => {
  // A notice is looked up by ?done=<key>; a key every object has must not count as one of ours.
  it('shows no notice for a done= value that is not one of ours, prototype names included', async () => {
    const { id } = await w.createRequest();
    const cookie = await w.logIn();
    for (const done of ['nonsense', 'constructor', '__proto__', 'toString']) {
      const res = await w.page(`/support/requests/${id}?done=${done}`, cookie);
      expect(res.status).toBe(200);
      expect(await res.text(), done).not.toContain('class="notice"');
    }
  });
});

describe('the console session and the app API', () => {
  it('a support session cookie does not authenticate the app API', async () => {
    const cookie = await w.logIn();
    const { id } = await w.createRequest();
    for (const path of ['/api/v1/cancellation-requests', `/api/v1/cancellation-requests/${id}`, '/api/v1/providers/acme-gym']) {
      const res = await w.app.request(path, { headers: { cookie } });
      expect(res.status, path).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    const create = await w.app.request('/api/v1/cancellation-requests', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'acme-gym', customer: JANE }),
    });
    expect(create.status).toBe(401);
  });
});
