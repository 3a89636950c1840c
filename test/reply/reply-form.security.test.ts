import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { signReplyToken } from '../../src/links/reply-token.ts';
import { MAX_PROVIDER_ANSWERS } from '../../src/requests/record-answer.ts';
import { answerOnBehalf } from '../../src/support/request-actions.ts';
import { createSupportAccount } from '../../src/support/accounts.ts';
import { DATE_FIELD, isDated, type OutcomeType } from '../../src/outcome.ts';
import { CROSS_SITE, crossSiteBodies } from '../support/cross-site.ts';
import { checkedRadios, escapeHtml, expectNoStackTrace, styleNonce, textareaContent } from '../support/html.ts';
import { flipCharacter, replyWorld, tokenOf } from '../support/reply-world.ts';
import { answersOf, countAllAnswers, historyOf, requestState } from '../support/request-state.ts';
import { HOSTILE_JANE } from '../support/test-deps.ts';

const DAY = 86_400_000;
const world = await replyWorld();
const { deps, clock } = world;

// Old and new signing keys at once, as during a rotation.
const OLD_KEY = { kid: 'old', secret: 'o'.repeat(40) };
const NEW_KEY = { kid: 'new', secret: 'n'.repeat(40) };
const rotating = await replyWorld({ TOKEN_SECRETS: `${NEW_KEY.kid}:${NEW_KEY.secret},${OLD_KEY.kid}:${OLD_KEY.secret}` });

// Every line the app logs, for the log tests; `failing` loses its requests table on purpose.
const logLines: string[] = [];
const logged = await replyWorld({}, { log: (line) => logLines.push(line) });
const failingLines: string[] = [];
const failing = await replyWorld({}, { log: (line) => failingLines.push(line) });

/** Someone easy to spot on a page or in a log: none of these values occurs in our own copy. */
const ZEB = {
  email: 'zebulon.quaxley@example.com',
  first_name: 'Zebulon',
  last_name: 'Quaxley',
  postal_address: '7 Quaxley Lane\n99999 Zebtown',
  card_last4: '7319',
  member_number: '98765432',
};

/** A form post with exactly the headers given: no Sec-Fetch-Site unless the test sends one. */
const postWith = (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
  world.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });

/** The page without its `<style>` (whose random nonce could spell anything). */
const withoutStyle = (html: string) => html.replace(/<style[\s\S]*?<\/style>/, '');

/** The security headers every provider page carries, the CSP nonce matching the page's `<style>`. */
function expectPageHeaders(res: Response, html: string) {
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const csp = res.headers.get('content-security-policy') ?? '';
  const directives = csp.split(';').map((d) => d.trim());
  expect(directives).toContain("default-src 'none'");
  // Nothing may run: no script source at all, no inline anything.
  expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
  expect(directives).toContain("form-action 'self'");
  expect(directives).toContain("frame-ancestors 'none'");
  const nonce = styleNonce(html);
  expect(nonce).toBeTruthy();
  expect(directives).toContain(`style-src 'nonce-${nonce}'`);
}

async function linkIdOf(id: string, w = world) {
  return (await w.deps.db.selectFrom('cancellation_requests').select('link_id').where('id', '=', id).executeTakeFirstOrThrow()).link_id;
}

describe('mail scanners that open the link first', () => {
  it('change nothing with 20 GETs and 20 HEADs, before and after an answer', async () => {
    const { id, replyPath } = await world.createRequest();
    for (const phase of ['unanswered', 'answered']) {
      if (phase === 'answered') expect((await world.sendForm(replyPath, { outcome: 'not_found' })).status).toBe(200);
      const before = await requestState(deps, id);
      for (let i = 0; i < 20; i++) {
        clock.advance(1000);
        const get = await world.open(replyPath);
        expect(get.status).toBe(200);
        await get.text();
        const head = await world.open(replyPath, { method: 'HEAD' });
        expect(head.status).toBe(200);
        expect(await head.text()).toBe('');
      }
      expect(await requestState(deps, id)).toEqual(before);
    }
    expect(await answersOf(deps, id)).toHaveLength(1);
  });

  it('record nothing when the link is fetched with answer fields in the query string', async () => {
    const { id, replyPath } = await world.createRequest();
    const before = await requestState(deps, id);
    const res = await world.open(`${replyPath}?outcome=not_found&date=2026-12-31`);
    expect(res.status).toBe(200);
    expect(checkedRadios(await res.text())).toEqual([]);
    expect(await requestState(deps, id)).toEqual(before);
  });

  it('find a form that chooses nothing and does nothing by itself', async () => {
    const { replyPath } = await world.createRequest();
    const html = await (await world.open(replyPath)).text();
    expect(html).not.toMatch(/<input[^>]*\bchecked\b/);
    expect(html).not.toContain('autofocus');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/http-equiv\s*=\s*"?refresh/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    // Nothing loaded from anywhere: no script, image, frame or stylesheet link.
    expect(html).not.toMatch(/<(img|iframe|link|object|embed)\b/i);
  });
});

describe('the headers of every provider page', () => {
  it('are strict on the form (GET), with a fresh nonce each time', async () => {
    const { replyPath } = await world.createRequest();
    const first = await world.open(replyPath);
    const firstHtml = await first.text();
    expectPageHeaders(first, firstHtml);
    const second = await world.open(replyPath);
    const secondHtml = await second.text();
    expectPageHeaders(second, secondHtml);
    expect(styleNonce(secondHtml)).not.toBe(styleNonce(firstHtml));
  });

  it('are strict on the confirmation, the 422 form and the refusal pages (POST)', async () => {
    const { replyPath } = await world.createRequest();
    const responses = [
      await world.sendForm(replyPath, { outcome: 'cancelled' }), // 422
      await world.sendForm(replyPath, { outcome: 'not_found' }), // 200
      await postWith(replyPath, { outcome: 'not_found' }, {}), // 403
      await world.sendForm(`/reply/${flipCharacter(tokenOf(replyPath), 60)}`, { outcome: 'not_found' }), // 401
    ];
    expect(responses.map((r) => r.status)).toEqual([422, 200, 403, 401]);
    for (const res of responses) expectPageHeaders(res, await res.text());
  });
});

describe('cross-site form posts (CSRF)', () => {
  it('accepts a post from our own page (Sec-Fetch-Site: same-origin)', async () => {
    const { id, replyPath } = await world.createRequest();
    expect((await postWith(replyPath, { outcome: 'not_found' }, { 'sec-fetch-site': 'same-origin', origin: 'null' })).status).toBe(200);
    expect(await answersOf(deps, id)).toHaveLength(1);
  });

  it('accepts a post whose Origin is our PUBLIC_URL when the browser sends no Sec-Fetch-Site', async () => {
    const { id, replyPath } = await world.createRequest();
    expect((await postWith(replyPath, { outcome: 'not_found' }, { origin: 'https://canceldesk.test' })).status).toBe(200);
    expect(await answersOf(deps, id)).toHaveLength(1);
  });

  it.each([
    ['Sec-Fetch-Site: cross-site from https://evil.example', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['Origin: null alone', { origin: 'null' }],
    ['no Origin and no Sec-Fetch-Site', {}],
    ['an origin that only starts like ours', { origin: 'https://canceldesk.test.evil.example' }],
    ['our host over plain http', { origin: 'http://canceldesk.test' }],
    ['an unknown Sec-Fetch-Site value', { 'sec-fetch-site': 'same-origin-ish' }],
  ])('refuses %s with a 403 page and stores nothing', async (_, headers: Record<string, string>) => {
    const { id, replyPath } = await world.createRequest();
    const before = await requestState(deps, id);
    const res = await postWith(replyPath, { outcome: 'not_found' }, headers);
    const html = await res.text();
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('This form could not be sent from here');
    expectNoStackTrace(html);
    expect(await requestState(deps, id)).toEqual(before);
  });
});

describe('cross-site posts with any body (CSRF)', () => {
  it.each(crossSiteBodies({ outcome: 'not_found' }))('refuses one sent as %s with a 403 page and stores nothing', async (_, { headers, body }) => {
    const { id, replyPath } = await world.createRequest();
    const before = await requestState(deps, id);
    const res = await world.app.request(replyPath, { method: 'POST', headers: { ...CROSS_SITE, ...headers }, body });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This form could not be sent from here');
    expect(await requestState(deps, id)).toEqual(before);
  });

  it('lets every body from our own page past the check: a form is recorded, anything else is unreadable (415)', async () => {
    const statuses: Record<string, number> = {};
    for (const [type, { headers, body }] of crossSiteBodies({ outcome: 'not_found' })) {
      const { replyPath } = await world.createRequest();
      const res = await world.app.request(replyPath, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin', origin: 'null', ...headers }, body });
      statuses[type] = res.status;
    }
    expect(statuses).toEqual({
      'application/json': 415,
      'no Content-Type': 415,
      'multipart/form-data': 200,
      'text/plain': 415,
      'application/x-www-form-urlencoded': 200,
    });
  });
});

describe('links that do not work', () => {
  /** A link problem page: the status, a friendly text that says what to do, nothing about the request. */
  async function expectProblemPage(res: Response, status: number, heading: string) {
    const html = await res.text();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toContain('reply to the email you received from us');
    expectNoStackTrace(html);
    const visible = withoutStyle(html);
    for (const value of Object.values(ZEB)) expect(visible).not.toContain(escapeHtml(value));
    expect(visible).not.toMatch(/CD-[0-9A-Z]{8}/);
    expect(visible).not.toMatch(/\bcr_[a-z0-9]+/);
    expect(visible).not.toContain('Acme Gym');
    expect(visible).not.toContain('<form');
    return html;
  }

  /** GET and POST a link that must be refused; the POST must store nothing. */
  async function refusedLink(path: string, status: number, heading: string, requestId?: string) {
    const before = requestId ? await requestState(deps, requestId) : null;
    const all = await countAllAnswers(deps);
    await expectProblemPage(await world.open(path), status, heading);
    await expectProblemPage(await world.sendForm(path, { outcome: 'cancelled', date: ['2026-12-31', '', ''] }), status, heading);
    if (requestId) expect(await requestState(deps, requestId)).toEqual(before);
    expect(await countAllAnswers(deps)).toBe(all);
  }

  it('answers 401 to a token with one character of its payload changed', async () => {
    const { id, replyPath } = await world.createRequest(ZEB);
    const token = tokenOf(replyPath);
    const [header, payload] = token.split('.');
    const index = header!.length + 1 + Math.floor(payload!.length / 2);
    await refusedLink(`/reply/${flipCharacter(token, index)}`, 401, 'This link does not work', id);
  });

  it('answers 401 to a token with one character of its signature changed', async () => {
    const { id, replyPath } = await world.createRequest(ZEB);
    const token = tokenOf(replyPath);
    const signatureStart = token.lastIndexOf('.') + 1;
    await refusedLink(`/reply/${flipCharacter(token, signatureStart + 10)}`, 401, 'This link does not work', id);
  });

  it.each([
    ['not a token at all', 'not-a-token'],
    ['three empty-looking parts', 'a.b.c'],
    ['a very long token', 'a'.repeat(8000)],
  ])('answers 401 to %s', async (_, token) => {
    await refusedLink(`/reply/${token}`, 401, 'This link does not work');
  });

  it('answers 410 once the link has expired (reply window + grace + 1 day)', async () => {
    const { id, replyPath } = await world.createRequest(ZEB);
    const start = clock.now().toISOString();
    try {
      clock.advance((30 + deps.config.linkGraceDays + 1) * DAY);
      await refusedLink(replyPath, 410, 'This link has expired', id);
    } finally {
      clock.set(start);
    }
    expect((await world.open(replyPath)).status).toBe(200);
  });

  it('answers 401, not 500, to a token signed under a kid we do not know', async () => {
    const { id } = await world.createRequest(ZEB);
    const token = await signReplyToken([{ kid: 'other', secret: 'x'.repeat(40) }], {
      requestId: id,
      linkId: await linkIdOf(id),
      issuedAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 30 * DAY),
    });
    await refusedLink(`/reply/${token}`, 401, 'This link does not work', id);
  });

  it('answers 401 to a well-signed token for a request that does not exist', async () => {
    const token = await signReplyToken(deps.config.tokenKeys, {
      requestId: 'cr_doesnotexist000000',
      linkId: 'ln_doesnotexist000000',
      issuedAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 30 * DAY),
    });
    await refusedLink(`/reply/${token}`, 401, 'This link does not work');
  });

  it('answers 410 to a link that was replaced by a newer one (revoked)', async () => {
    const { id, replyPath } = await world.createRequest(ZEB);
    await deps.db.updateTable('cancellation_requests').set({ link_id: 'ln_reissued00000000000' }).where('id', '=', id).execute();
    await refusedLink(replyPath, 410, 'This link has been replaced', id);
  });

  it('answers 410 to the link of a closed request, even one already answered', async () => {
    const { id, replyPath } = await world.createRequest(ZEB);
    expect((await world.sendForm(replyPath, { outcome: 'not_found' })).status).toBe(200);
    await deps.db.updateTable('cancellation_requests').set({ closed_at: clock.now().toISOString() }).where('id', '=', id).execute();
    await refusedLink(replyPath, 410, 'This request is closed', id);
    expect(await answersOf(deps, id)).toHaveLength(1);
  });
});

describe('signing key rotation', () => {
  it('keeps a link signed with the old key working while that key is kept for verifying', async () => {
    const { id, replyPath } = await rotating.createRequest();
    // The email's link is signed with the new (first) key.
    expect(JSON.parse(Buffer.from(tokenOf(replyPath).split('.')[0]!, 'base64url').toString()).kid).toBe('new');
    const oldToken = await signReplyToken([OLD_KEY], {
      requestId: id,
      linkId: await linkIdOf(id, rotating),
      issuedAt: rotating.clock.now(),
      expiresAt: new Date(rotating.clock.now().getTime() + 30 * DAY),
    });
    const oldPath = `/reply/${oldToken}`;
    expect((await rotating.open(oldPath)).status).toBe(200);
    expect((await rotating.sendForm(oldPath, { outcome: 'binding_contract', date: '2027-05-31' })).status).toBe(200);
    expect((await rotating.appView(id)).outcome).toEqual({ type: 'binding_contract', contractEndsOn: '2027-05-31' });
    expect((await rotating.open(replyPath)).status).toBe(200);
  });
});

describe('stored XSS in identifiers and free text', () => {
  function expectEscaped(html: string) {
    for (const value of [HOSTILE_JANE.first_name, HOSTILE_JANE.last_name, HOSTILE_JANE.postal_address]) expect(html).toContain(escapeHtml(value));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/href\s*=\s*"?\s*javascript:/i);
  }

  it('escapes them on the form', async () => {
    const { replyPath } = await world.createRequest(HOSTILE_JANE);
    const res = await world.open(replyPath);
    expect(res.status).toBe(200);
    expectEscaped(await res.text());
  });

  const TYPED = '</textarea><script>alert(2)</script>';

  it.each([
    { typed: 'note', textarea: 'note', refusedFor: 'a missing date', fields: { outcome: 'cancelled', date: ['', '', ''], note: TYPED, message: TYPED } },
    { typed: 'reason', textarea: 'message', refusedFor: 'a note over the limit', fields: { outcome: 'other', date: ['', '', ''], message: TYPED, note: 'n'.repeat(2001) } },
  ])('escapes them and the typed $typed inside its textarea on the 422 form ($refusedFor)', async ({ textarea, fields }) => {
    const { replyPath } = await world.createRequest(HOSTILE_JANE);
    const res = await world.sendForm(replyPath, fields);
    expect(res.status).toBe(422);
    const html = await res.text();
    expectEscaped(html);
    expect(textareaContent(html, textarea)).toBe(escapeHtml(TYPED));
  });

  it('escapes them on the confirmation page', async () => {
    const { replyPath } = await world.createRequest(HOSTILE_JANE);
    const res = await world.sendForm(replyPath, { outcome: 'other', date: ['', '', ''], message: '<script>alert(3)</script>' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expectEscaped(html);
    // The confirmation does not echo free text back at all.
    expect(html).not.toContain('alert(3)');
  });
});

describe('logs', () => {
  const PRIVATE_MESSAGE = 'PRIVATE-REASON-q8w7e6';
  const PRIVATE_NOTE = 'PRIVATE-NOTE-z1x2c3';

  /** Every run of more than 20 characters of a token: none of them may appear in a log line. */
  const windowsOf = (token: string, size = 21) => Array.from({ length: Math.max(0, token.length - size + 1) }, (_, i) => token.slice(i, i + size));

  it('never carry a token (or more than 20 characters of one), an identifier or free text', async () => {
    const { replyPath } = await logged.createRequest(ZEB);
    const token = tokenOf(replyPath);
    const invalid = flipCharacter(token, token.lastIndexOf('.') + 5);
    logLines.length = 0;

    await logged.open(replyPath);
    await logged.open(replyPath, { method: 'HEAD' });
    await logged.open(`${replyPath}?utm_source=mail`);
    await logged.sendForm(replyPath, { outcome: 'cancelled', date: ['', '', ''], note: PRIVATE_NOTE }); // 422
    await logged.sendForm(replyPath, { outcome: 'other', message: PRIVATE_MESSAGE, note: PRIVATE_NOTE }); // 200
    await logged.open(`/reply/${invalid}`);
    await logged.sendForm(`/reply/${invalid}`, { outcome: 'other', message: PRIVATE_MESSAGE });
    await logged.app.request(replyPath, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=not_found' }); // 403

    // The hook works: the request log wrote its line for each of the 8 requests, with the token cut out.
    expect(logLines.length).toBeGreaterThanOrEqual(8);
    expect(logLines.some((line) => line.includes('/reply/[token]'))).toBe(true);

    const forbidden = [...windowsOf(token), ...windowsOf(invalid), ...Object.values(ZEB), PRIVATE_MESSAGE, PRIVATE_NOTE, 'utm_source'];
    for (const line of logLines) {
      for (const piece of forbidden) expect(line, `log line leaks ${piece}`).not.toContain(piece);
    }
  });

  it('never carry a token when reading the link fails inside (500): neither the request line nor the error report', async () => {
    const { replyPath } = await failing.createRequest(ZEB);
    const token = tokenOf(replyPath);
    await sql`ALTER TABLE cancellation_requests RENAME TO cancellation_requests_gone`.execute(failing.deps.db);
    failingLines.length = 0;

    const responses = [await failing.open(replyPath), await failing.sendForm(replyPath, { outcome: 'not_found' })];
    expect(responses.map((r) => r.status)).toEqual([500, 500]);
    for (const res of responses) expect(await res.text()).not.toContain(token.slice(0, 21));

    // The failure was reported, with its cause, under the route's pattern.
    const reports = failingLines.filter((line) => line.startsWith('[error]'));
    expect(reports).toHaveLength(2);
    for (const report of reports) expect(report).toMatch(/^\[error\] (GET|POST) \/reply\/:token: .*no such table: cancellation_requests/);
    expect(failingLines.filter((line) => line.includes('/reply/[token] 500'))).toHaveLength(2);
    for (const line of failingLines) {
      for (const piece of windowsOf(token)) expect(line, `log line leaks ${piece}`).not.toContain(piece);
    }
  });
});

describe('answers sent at the same moment', () => {
  const ANSWERS: Record<string, string | string[]>[] = [
    { outcome: 'cancelled', date: ['2026-12-01', '', ''] },
    { outcome: 'cancelled', date: '2026-12-02' },
    { outcome: 'already_cancelled', date: ['', '2026-11-03', ''] },
    { outcome: 'already_cancelled', date: '2026-11-04' },
    { outcome: 'binding_contract', date: ['', '', '2027-01-05'] },
    { outcome: 'binding_contract', date: '2027-01-06' },
    { outcome: 'not_found' },
    { outcome: 'not_found', note: 'second not found' },
    { outcome: 'other', message: 'reason one' },
    { outcome: 'other', message: 'reason two', note: 'with a note' },
  ];

  const clientOutcome = (a: { outcome: OutcomeType; date: string | null }) =>
    isDated(a.outcome) ? { type: a.outcome, [DATE_FIELD[a.outcome]]: a.date } : { type: a.outcome };

  it('are all kept, numbered 1..10 without gaps, and the highest number is the outcome', async () => {
    const { id, replyPath } = await world.createRequest();
    const responses = await Promise.all(ANSWERS.map((fields) => world.sendForm(replyPath, fields)));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(ANSWERS.map(() => 200));
    for (const body of bodies) expectNoStackTrace(body);

    const answers = await answersOf(deps, id);
    expect(answers.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const posted = ANSWERS.map((f) => `${f.outcome}|${[f.date ?? ''].flat().find((d) => d) ?? ''}|${f.message ?? ''}`).sort();
    expect(answers.map((a) => `${a.outcome}|${a.date ?? ''}|${a.message ?? ''}`).sort()).toEqual(posted);

    const history = await historyOf(deps, id, 'answered');
    expect(history).toHaveLength(10);
    expect(new Set(history.map((h) => JSON.parse(h.detail!).answer))).toEqual(new Set(answers.map((a) => a.id)));
    // The history is in a defined order, the answers' (THREATS 5): same-moment entries in the order written.
    const written = await deps.db
      .selectFrom('request_history')
      .select('detail')
      .where('request_id', '=', id)
      .where('event', '=', 'answered')
      .orderBy('at')
      .orderBy(sql`rowid`)
      .execute();
    expect(written.map((h) => JSON.parse(h.detail!).answer)).toEqual(answers.map((a) => a.id));

    const view = await world.appView(id);
    expect(view.status).toBe('answered');
    expect(view.outcome).toEqual(clientOutcome(answers.at(-1)!));
    // The page opened afterwards shows that same latest answer.
    expect(await (await world.open(replyPath)).text()).toContain('<h2 id="current-heading">Your answer</h2>');
  });

  it('either store an answer with its history or refuse it, when the link is replaced among them', async () => {
    const { id, replyPath } = await world.createRequest();
    const posts = ANSWERS.map((fields) => Promise.resolve(world.sendForm(replyPath, fields)));
    // Replaced as soon as the fifth answer is through, while the others are on their way.
    const revoke = posts[4]!.then(() =>
      deps.db.updateTable('cancellation_requests').set({ link_id: 'ln_replacedmidway00000' }).where('id', '=', id).execute(),
    );
    const [responses] = await Promise.all([Promise.all(posts), revoke]);
    const statuses = responses.map((r) => r.status);
    for (const status of statuses) expect([200, 410]).toContain(status);

    const answers = await answersOf(deps, id);
    expect(answers).toHaveLength(statuses.filter((s) => s === 200).length);
    expect(answers.map((a) => a.number)).toEqual(answers.map((_, i) => i + 1));
    expect(await historyOf(deps, id, 'answered')).toHaveLength(answers.length);
    const row = await deps.db.selectFrom('cancellation_requests').select(['outcome', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    if (answers.length === 0) expect(row).toEqual({ outcome: null, status: 'queued' });
    else expect(JSON.parse(row.outcome!)).toEqual(clientOutcome(answers.at(-1)!));
    expect((await world.open(replyPath)).status).toBe(410);
  });
});

describe('a link that keeps being posted to', () => {
  it('takes 20 answers, then refuses more with a page and stores nothing; support can still answer', async () => {
    const { id, replyPath } = await world.createRequest();
    for (let i = 1; i <= MAX_PROVIDER_ANSWERS; i++) {
      expect((await world.sendForm(replyPath, { outcome: 'not_found', note: `try ${i}` })).status).toBe(200);
    }
    const before = await requestState(deps, id);
    const refused = await world.sendForm(replyPath, { outcome: 'other', message: 'one more' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('takes no more answers');
    expect(await requestState(deps, id)).toEqual(before);
    expect(await world.appView(id)).toMatchObject({ outcome: { type: 'not_found' } });

    const agent = await createSupportAccount(deps, { email: 'cap@example.com' });
    if (agent.kind === 'invalid') throw new Error('no account');
    expect(await answerOnBehalf(deps, id, { outcome: 'cancelled', dates: ['2026-12-31'] }, { accountId: agent.account.id })).toEqual({ kind: 'done' });
    expect(await world.appView(id)).toMatchObject({ outcome: { type: 'cancelled', accessUntil: '2026-12-31' } });
  });
});
