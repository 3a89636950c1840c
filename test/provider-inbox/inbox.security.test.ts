import { Hono } from 'hono';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { InboxEnv } from '../../src/http/provider/inbox-link-check.ts';
import { providerInboxRoutes } from '../../src/http/provider/inbox.routes.tsx';
import { describe, expect, it } from 'vitest';
import { signInboxToken } from '../../src/links/inbox-token.ts';
import { signReplyToken } from '../../src/links/reply-token.ts';
import { answerInboxRequest } from '../../src/provider-inbox/inbox-answers.ts';
import { openInboxLink, revokeInboxLinks } from '../../src/provider-inbox/inbox-link.ts';
import { CROSS_SITE, crossSiteBodies } from '../support/cross-site.ts';
import { styleNonce } from '../support/html.ts';
import { cancelledUntil, inboxWorld, OTHER_PROVIDER } from '../support/inbox-world.ts';
import { flipCharacter } from '../support/reply-world.ts';
import { countAllAnswers, historyCount, requestState } from '../support/request-state.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';

const DAY = 86_400_000;
const OLD_KEY = { kid: 'old', secret: 'o'.repeat(40) };
const NEW_KEY = { kid: 'new', secret: 'n'.repeat(40) };

const logLines: string[] = [];
const world = await inboxWorld({}, { log: (line) => logLines.push(line) });
const { deps, clock } = world;
const ZEB = { ...JANE, first_name: 'Zebulon', last_name: 'Quaxley', member_number: '98765432' };
const ofA = await world.createAt(ACME_GYM.id);
const ofB = await world.createAt(OTHER_PROVIDER.id, ZEB);
const tokenOf = (path: string) => path.slice('/provider/'.length);

/** Everything an inbox route could change, in the whole database. */
const everything = async () => ({ a: await requestState(deps, ofA.id), b: await requestState(deps, ofB.id), answers: await countAllAnswers(deps), history: await historyCount(deps) });

describe('what an inbox link carries', () => {
  it('only standard claims: the provider id as sub, a jti, its own audience and type', async () => {
    const token = tokenOf(await world.inboxPathOf());
    const payload = decodeJwt(token);
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    expect(payload).toMatchObject({ iss: 'canceldesk', aud: 'canceldesk:provider-inbox', sub: ACME_GYM.id });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'canceldesk-provider-inbox+jwt' });
    expect(JSON.stringify(payload)).not.toContain(JANE.email);
  });

  it('works for 30 days by default, or the days asked for', async () => {
    const issued = clock.now().getTime();
    expect(decodeJwt(tokenOf(await world.inboxPathOf())).exp).toBe(Math.floor((issued + 30 * DAY) / 1000));
    expect(decodeJwt(tokenOf(await world.inboxPathOf(ACME_GYM.id, 7))).exp).toBe(Math.floor((issued + 7 * DAY) / 1000));
  });
});

describe('an inbox link that cannot be used', () => {
  it('expired: a 410 page in the provider language, saying nothing about its requests', async () => {
    const path = await world.inboxPathOf(OTHER_PROVIDER.id, 1);
    clock.advance(DAY + 1000);
    try {
      const response = await world.open(path);
      expect(response.status).toBe(410);
      const html = await response.text();
      expect(html).toContain('Länken har gått ut');
      expect(html).not.toContain(ofB.reference);
      expect(html).not.toContain('Zebulon');
    } finally {
      clock.advance(-(DAY + 1000));
    }
  });

  it('tampered, signed with an unknown key, or a reply link token: a 401 page', async () => {
    const token = tokenOf(await world.inboxPathOf());
    const replyToken = await signReplyToken(deps.config.tokenKeys, { requestId: ofA.id, linkId: 'x', issuedAt: clock.now(), expiresAt: new Date(clock.now().getTime() + DAY) });
    const unknownKey = await signInboxToken([{ kid: 'nobody', secret: 'x'.repeat(40) }], { providerId: ACME_GYM.id, generation: 0, linkId: 'il', issuedAt: clock.now(), expiresAt: new Date(clock.now().getTime() + DAY) });
    for (const bad of [flipCharacter(token, token.length - 5), flipCharacter(token, 20), unknownKey, replyToken]) {
      const response = await world.open(`/provider/${bad}`);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain(ofA.reference);
    }
  });

  it('an inbox token is no reply link either', async () => {
    const response = await world.open(`/reply/${tokenOf(await world.inboxPathOf())}`);
    expect(response.status).toBe(401);
  });

  it('revoked: every link of the provider stops at once on every route, another provider keeps its own, and a new link works', async () => {
    const [one, two, ofOther] = [await world.inboxPathOf(), await world.inboxPathOf(), await world.inboxPathOf(OTHER_PROVIDER.id)];
    expect((await world.open(one)).status).toBe(200);
    expect(await revokeInboxLinks(deps, ACME_GYM.id)).toBe(true);
    const before = await everything();
    for (const path of [one, two]) {
      expect((await world.open(path)).status).toBe(410);
      expect((await world.open(`${path}/requests/${ofA.id}`)).status).toBe(410);
      const posted = await world.sendForm(`${path}/requests/${ofA.id}`, cancelledUntil('2026-12-31'));
      expect(posted.status).toBe(410);
      expect(await posted.text()).toContain('This link has been withdrawn');
    }
    expect(await everything()).toEqual(before);
    expect((await world.open(ofOther)).status).toBe(200);
    expect((await world.open(await world.inboxPathOf())).status).toBe(200);
  });

  it('revoked while a form was open: the answer posted with it is refused inside the write', async () => {
    const opened = await openInboxLink(deps, tokenOf(await world.inboxPathOf()));
    if (opened.kind !== 'open') throw new Error(opened.kind);
    await revokeInboxLinks(deps, ACME_GYM.id);
    const before = await everything();
    // The access was checked before the revocation: only the write's own guard can still refuse it.
    const submission = await answerInboxRequest(deps, opened.access, ofA.id, { outcome: 'cancelled', dates: ['2026-12-31'] });
    expect(submission).toMatchObject({ kind: 'problem', problem: 'revoked' });
    expect(await everything()).toEqual(before);
  });
});

describe('key rotation', async () => {
  const rotating = await inboxWorld({ TOKEN_SECRETS: `${NEW_KEY.kid}:${NEW_KEY.secret},${OLD_KEY.kid}:${OLD_KEY.secret}` });
  const now = rotating.clock.now();

  it('a link signed with the old key still opens the inbox while that key is kept for verifying; new links use the new key', async () => {
    const old = await signInboxToken([OLD_KEY], { providerId: ACME_GYM.id, generation: 0, linkId: 'il_old', issuedAt: now, expiresAt: new Date(now.getTime() + DAY) });
    expect((await rotating.open(`/provider/${old}`)).status).toBe(200);
    expect(decodeProtectedHeader(tokenOf(await rotating.inboxPathOf())).kid).toBe(NEW_KEY.kid);
  });
});

describe('provider A and provider B', () => {
  it("A's page lists A's requests and never B's", async () => {
    const html = await (await world.open(await world.inboxPathOf())).text();
    expect(html).toContain(ofA.reference);
    expect(html).not.toContain(ofB.reference);
    expect(html).not.toContain('Zebulon');
  });

  it("A's link cannot open, answer or page through B's request: the same 404 as a made-up id, nothing written", async () => {
    const path = await world.inboxPathOf();
    const before = await everything();
    for (const id of [ofB.id, 'cr_made_up']) {
      const opened = await world.open(`${path}/requests/${id}`);
      expect(opened.status).toBe(404);
      const posted = await world.sendForm(`${path}/requests/${id}`, cancelledUntil('2026-12-31'));
      expect(posted.status).toBe(404);
      for (const html of [await opened.text(), await posted.text()]) {
        expect(html).toContain('This request is not in your inbox');
        expect(html).not.toContain(ofB.reference);
        expect(html).not.toContain('Zebulon');
      }
    }
    const paged = await (await world.open(`${path}?after=${ofB.id}`)).text();
    expect(paged).not.toContain(ofB.reference);
    expect(paged).toContain(ofA.reference);
    expect(await everything()).toEqual(before);
  });

  it("B's link sees B's request and not A's", async () => {
    const path = await world.inboxPathOf(OTHER_PROVIDER.id);
    expect((await world.open(`${path}/requests/${ofB.id}`)).status).toBe(200);
    expect((await world.open(`${path}/requests/${ofA.id}`)).status).toBe(404);
  });
});

describe('the same rules as the reply form', () => {
  it('GET and HEAD of every page change nothing, any number of times', async () => {
    const path = await world.inboxPathOf();
    const before = await everything();
    for (const url of [path, `${path}/requests/${ofA.id}`, `${path}?after=${ofA.id}`]) {
      for (const method of ['GET', 'HEAD', 'GET']) expect((await world.open(url, { method })).status).toBe(200);
    }
    expect(await everything()).toEqual(before);
  });

  it('every page, its problem pages included, is sent with the strict CSP, no referrer, no-store', async () => {
    const path = await world.inboxPathOf();
    const responses = [
      await world.open(path),
      await world.open(`${path}/requests/${ofA.id}`),
      await world.open(`${path}/requests/${ofB.id}`),
      await world.open(`/provider/${flipCharacter(tokenOf(path), 20)}`),
      await world.sendForm(`${path}/requests/${ofA.id}`, {}, CROSS_SITE),
    ];
    for (const response of responses) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain(`style-src 'nonce-${styleNonce(await response.text())}'`);
      expect(csp).toContain("form-action 'self'");
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it.each(crossSiteBodies({ outcome: 'cancelled', date: '2026-12-31' }))('a cross-site post (%s) is a 403 page and writes nothing', async (_, body) => {
    const path = await world.inboxPathOf();
    const before = await everything();
    const response = await world.open(`${path}/requests/${ofA.id}`, { method: 'POST', headers: { ...CROSS_SITE, ...body.headers }, body: body.body });
    expect(response.status).toBe(403);
    expect(await everything()).toEqual(before);
  });

  it('the token never reaches the log', async () => {
    const path = await world.inboxPathOf();
    logLines.length = 0;
    await world.open(path);
    await world.open(`${path}/requests/${ofA.id}`);
    expect(logLines.length).toBeGreaterThanOrEqual(2);
    for (const line of logLines) expect(line).not.toContain(tokenOf(path));
    expect(logLines[0]).toContain('GET /provider/[token] 200');
  });
});

describe('a sub-app mounted under the inbox (the CSV routes)', () => {
  const sub = new Hono<InboxEnv>()
    .get('/open.csv', (c) => c.text(`${c.var.inboxProviderId} ${c.var.inboxPath === c.req.path.replace(/\/open\.csv$/, '')}`))
    .post('/answers.csv', (c) => c.text(`took it for ${c.var.inboxProviderId}`));
  const app = new Hono().route('/provider', providerInboxRoutes(deps, sub));

  it('runs after the link check: it sees the provider, and a bad, revoked or cross-site call never reaches it', async () => {
    const path = await world.inboxPathOf(OTHER_PROVIDER.id);
    const csv = await app.request(`${path}/open.csv`);
    expect(await csv.text()).toBe(`${OTHER_PROVIDER.id} true`);
    expect(csv.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await (await app.request(`${path}/answers.csv`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } })).text()).toBe(`took it for ${OTHER_PROVIDER.id}`);
    expect((await app.request(`${path}/answers.csv`, { method: 'POST', headers: CROSS_SITE })).status).toBe(403);
    expect((await app.request(`/provider/${flipCharacter(tokenOf(path), 20)}/open.csv`)).status).toBe(401);
    await revokeInboxLinks(deps, OTHER_PROVIDER.id);
    expect((await app.request(`${path}/open.csv`)).status).toBe(410);
  });
});
