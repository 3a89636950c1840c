import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { claimDueEmails, listOutbox } from '../../src/db/outbox.ts';
import { randomIds, type Deps } from '../../src/deps.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { resendMailer } from '../../src/mail/resend.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { drainOutbox, MAX_ATTEMPTS } from '../../src/outbox/drain.ts';
import { createCancellationRequest } from '../../src/requests/create.ts';
import { startFakeResend } from '../support/fake-resend.ts';
import { ACME_GYM, JANE, addClient, addProviders, apiAs, testDeps } from '../support/test-deps.ts';

// The outbox end to end: a request created through the real API, drained by the real sender through
// the real Resend SDK into a fake Resend on a real port (SPEC §2, §5; THREATS 8, 9).
//
// testDeps and startFakeResend register their own cleanup with afterAll, which only works while
// vitest is collecting: so every scenario sets itself up in the body of an async describe.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const LEASE = MINUTE; // drain.ts holds a claimed email this long

const rateLimited = (retryAfterSeconds: number) => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  body: { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests. Limit is 2 per second.' },
});
const unavailable = { status: 503, body: { statusCode: 503, name: 'service_unavailable', message: 'Try again later.' } };
const invalidTo = { status: 422, body: { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' } };

/** One isolated world: its own database, its own fake Resend, a provider and an app with an API key. */
async function world(options: { wrapMailer?: (mailer: Mailer) => Mailer; deps?: Partial<Deps> } = {}) {
  const fake = await startFakeResend();
  afterAll(() => fake.close());
  const resend = resendMailer({ apiKey: 're_test', baseUrl: fake.baseUrl });
  const mailer = options.wrapMailer ? options.wrapMailer(resend) : resend;
  const { deps, clock, app, dbFile } = await testDeps(
    { MAIL_FROM: 'Canceldesk <cancellations@canceldesk.test>', MAIL_REPLY_TO: 'help@canceldesk.test' },
    { mailer, ...options.deps },
  );
  await addProviders(deps, ACME_GYM);
  const client = await addClient(deps);
  const api = apiAs(app, client.apiKey);

  return {
    fake,
    deps,
    clock,
    dbFile,
    client,
    /** Creates a request as an app would; returns its id. */
    async createRequest(reference = 'app-1'): Promise<string> {
      const response = await api.post('/cancellation-requests', { provider: ACME_GYM.id, customer: JANE, reference });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    },
    /** The status as the app sees it, through the API. */
    async statusOf(requestId: string): Promise<string> {
      const response = await api.get(`/cancellation-requests/${requestId}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { status: string }).status;
    },
    async emailOf(requestId: string) {
      const [email, ...more] = await listOutbox(deps.db, { requestId });
      expect(more).toHaveLength(0);
      return email!;
    },
    async historyOf(requestId: string) {
      return deps.db
        .selectFrom('request_history')
        .select(['event', 'actor', 'at', 'detail'])
        .where('request_id', '=', requestId)
        .orderBy('at')
        .orderBy(sql`rowid`)
        .execute();
    },
    /** What reached the fake with this idempotency key: every attempt, and the deliveries it made. */
    attemptsWithKey: (key: string) => fake.requests.filter((r) => r.idempotencyKey === key),
    deliveriesWithKey: (key: string) => [...fake.accepted.values()].filter((a) => a.idempotencyKey === key),
  };
}

describe('a created request', async () => {
  const w = await world();
  const requestId = await w.createRequest();

  it('is queued, with its email in the outbox, until the sender runs', async () => {
    expect(await w.statusOf(requestId)).toBe('queued');
    expect(await w.emailOf(requestId)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(w.fake.requests).toHaveLength(0);
  });

  it('is emailed to every provider inbox with the rendered parts, reply-to and an idempotency key', async () => {
    const report = await drainOutbox(w.deps);
    expect(report).toEqual({ sent: 1, failed: 0, retrying: 0, waiting: 0 });

    const email = await w.emailOf(requestId);
    const { reference } = await w.deps.db
      .selectFrom('cancellation_requests')
      .select('reference')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();

    expect(w.fake.requests).toHaveLength(1);
    const [sent] = w.fake.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/emails' });
    expect(sent!.headers['authorization']).toBe('Bearer re_test');
    expect(sent!.idempotencyKey).toBeTruthy();
    expect(sent!.idempotencyKey).toBe(email.idempotency_key);
    expect(sent!.body).toEqual({
      from: 'Canceldesk <cancellations@canceldesk.test>',
      to: ['cancellations@acme.example', 'support@acme.example'],
      subject: `Cancellation request: Jane Doe (${reference})`,
      html: email.html,
      text: email.text,
      reply_to: 'help@canceldesk.test',
    });
    // The parts that went out are the real email, not placeholders.
    const body = sent!.body as { html: string; text: string };
    expect(body.html).toContain('Reply to cancellation request');
    expect(body.html).toContain(JANE.member_number);
    expect(body.text).toContain(reference);
    expect(body.text).toMatch(/https:\/\/canceldesk\.test\/reply\/\S+/);
  });

  it('is sent once delivered, and the outbox keeps the provider message id', async () => {
    expect(await w.statusOf(requestId)).toBe('sent');
    const email = await w.emailOf(requestId);
    const [delivery] = w.deliveriesWithKey(email.idempotency_key);
    expect(email).toMatchObject({ status: 'sent', attempts: 1, lease_until: null, last_error: null });
    expect(email.provider_message_id).toBe(delivery!.id);
    expect(email.sent_at).toBe(w.clock.now().toISOString());
  });

  it('has the send in its history, by the system', async () => {
    const history = await w.historyOf(requestId);
    expect(history.map((h) => h.event)).toEqual(['created', 'email_sent']);
    expect(history[1]).toMatchObject({ actor: 'system', at: w.clock.now().toISOString() });
  });

  it('is not sent again by later drains', async () => {
    w.clock.advance(2 * HOUR);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 0, waiting: 0 });
    expect(w.fake.requests).toHaveLength(1);
  });
});

describe('a 429 with retry-after', async () => {
  const w = await world();
  const requestId = await w.createRequest();
  let key = '';

  it('is not a failure: the email stays queued with the reason, the request stays queued', async () => {
    w.fake.failNext(1, rateLimited(120));
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 1, waiting: 1 });

    const email = await w.emailOf(requestId);
    key = email.idempotency_key;
    expect(email.status).toBe('queued');
    expect(email.last_error).toContain('rate_limit_exceeded');
    expect(email.next_attempt_at).toBe(new Date(w.clock.now().getTime() + 120 * SECOND).toISOString());
    expect(await w.statusOf(requestId)).toBe('queued');
    expect((await w.historyOf(requestId)).map((h) => h.event)).toEqual(['created']);
  });

  it('is not retried before retry-after has elapsed', async () => {
    w.clock.advance(119 * SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 0, waiting: 1 });
    expect(w.attemptsWithKey(key)).toHaveLength(1);
  });

  it('is retried after it with the same idempotency key, and delivered once', async () => {
    w.clock.advance(1 * SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 1, failed: 0, retrying: 0, waiting: 0 });

    expect(w.attemptsWithKey(key)).toHaveLength(2);
    expect(w.fake.requests).toHaveLength(2); // no attempt went out under another key
    expect(w.deliveriesWithKey(key)).toHaveLength(1);
    expect(w.fake.duplicatesSuppressed).toBe(0);
    expect(await w.statusOf(requestId)).toBe('sent');
  });
});

describe('a rate limit that goes on', async () => {
  const w = await world();
  const requestIds = [await w.createRequest('a'), await w.createRequest('b'), await w.createRequest('c')];

  it('with retry-after: 0 tries each email once per drain rather than spinning through its attempts', async () => {
    w.fake.failNext(10_000, rateLimited(0));
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 3, waiting: 3 });
    expect(w.fake.requests).toHaveLength(3);
  });

  it(`never dead-letters an email, even after more than ${MAX_ATTEMPTS} rate limits in a row`, async () => {
    for (let run = 0; run < MAX_ATTEMPTS * 2; run++) {
      w.clock.advance(2 * SECOND);
      expect((await drainOutbox(w.deps)).failed).toBe(0);
    }
    expect((await listOutbox(w.deps.db)).map((e) => e.status)).toEqual(['queued', 'queued', 'queued']);
    for (const id of requestIds) expect(await w.statusOf(id)).toBe('queued');
  });

  it('then delivers every email once when the limit lifts', async () => {
    w.fake.stopFailing();
    w.clock.advance(2 * SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 3, failed: 0, retrying: 0, waiting: 0 });
    for (const id of requestIds) expect(await w.statusOf(id)).toBe('sent');
    expect(w.fake.accepted.size).toBe(3);
  });
});

describe('a 429 in the middle of a drain', async () => {
  const w = await world();
  for (let i = 0; i < 25; i++) await w.createRequest(`r${i}`);

  it('stops claiming: the rest of the outbox waits for the next run', async () => {
    w.fake.failNext(1, rateLimited(1));
    const report = await drainOutbox(w.deps);
    // The batch in flight finishes; no further batch is claimed after the 429.
    expect(report.retrying).toBe(1);
    expect(report.sent + report.retrying).toBeLessThan(25);
    expect(report.waiting).toBe(25 - report.sent);
  });
});

describe('a 422 validation error', async () => {
  const w = await world();
  const requestId = await w.createRequest();

  it('is not retried: the email is failed with the reason, the request delivery_failed', async () => {
    w.fake.failNext(1, invalidTo);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 1, retrying: 0, waiting: 0 });

    const [email] = await listOutbox(w.deps.db, { requestId });
    expect(email).toMatchObject({ status: 'failed', lease_until: null, sent_at: null });
    expect(email!.last_error).toContain('validation_error');
    expect(email!.last_error).toContain('Invalid `to` field.');
    expect(await w.statusOf(requestId)).toBe('delivery_failed');
  });

  it('is in the history for support, with the reason', async () => {
    const history = await w.historyOf(requestId);
    expect(history.map((h) => h.event)).toEqual(['created', 'delivery_failed']);
    expect(history[1]!.actor).toBe('system');
    expect(history[1]!.detail).toContain('Invalid `to` field.');
  });

  it('is never sent again, however long we wait', async () => {
    w.clock.advance(48 * HOUR);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 0, waiting: 0 });
    expect(w.fake.requests).toHaveLength(1);
  });
});

describe('a 5xx from the mail API', async () => {
  const w = await world();
  const requestId = await w.createRequest();
  const delayOfNextAttempt = async () => {
    const email = await w.emailOf(requestId);
    return new Date(email.next_attempt_at).getTime() - w.clock.now().getTime();
  };

  it('is retried later, with a backoff that grows, and not before it is due', async () => {
    w.fake.failNext(1, unavailable);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 1, waiting: 1 });
    const firstDelay = await delayOfNextAttempt();
    expect(firstDelay).toBeGreaterThanOrEqual(15 * SECOND);
    expect(firstDelay).toBeLessThanOrEqual(30 * SECOND);

    // Not due yet: nothing goes out.
    expect(await drainOutbox(w.deps)).toMatchObject({ sent: 0, retrying: 0, waiting: 1 });
    expect(w.fake.requests).toHaveLength(1);

    w.clock.advance(firstDelay);
    w.fake.failNext(1, unavailable);
    expect(await drainOutbox(w.deps)).toMatchObject({ sent: 0, retrying: 1 });
    const secondDelay = await delayOfNextAttempt();
    expect(secondDelay).toBeGreaterThanOrEqual(30 * SECOND);
    expect(secondDelay).toBeLessThanOrEqual(60 * SECOND);
    expect(await w.statusOf(requestId)).toBe('queued');

    w.clock.advance(secondDelay);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 1, failed: 0, retrying: 0, waiting: 0 });
  });

  it('ends in one delivery, every attempt under the same key', async () => {
    const { idempotency_key: key, attempts, status } = await w.emailOf(requestId);
    expect({ attempts, status }).toEqual({ attempts: 3, status: 'sent' });
    expect(w.fake.requests).toHaveLength(3);
    expect(w.attemptsWithKey(key)).toHaveLength(3);
    expect(w.deliveriesWithKey(key)).toHaveLength(1);
    expect(await w.statusOf(requestId)).toBe('sent');
  });
});

describe(`after ${MAX_ATTEMPTS} retryable failures`, async () => {
  const w = await world();
  const requestId = await w.createRequest();

  it('the email is kept queued up to the last attempt, then dead-lettered', async () => {
    w.fake.failNext(MAX_ATTEMPTS, unavailable);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 1, waiting: 1 });
      expect(await w.statusOf(requestId)).toBe('queued');
      w.clock.advance(HOUR); // the longest backoff
    }
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 1, retrying: 0, waiting: 0 });

    const email = await w.emailOf(requestId);
    expect(email).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(email.last_error).toContain(`gave up after ${MAX_ATTEMPTS} attempts`);
    expect(email.last_error).toContain('service_unavailable');
    expect(w.fake.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it('the request is delivery_failed, with one history entry saying so', async () => {
    expect(await w.statusOf(requestId)).toBe('delivery_failed');
    expect((await w.historyOf(requestId)).map((h) => h.event)).toEqual(['created', 'delivery_failed']);
  });

  it('and nothing more is tried', async () => {
    w.clock.advance(48 * HOUR);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 0, waiting: 0 });
    expect(w.fake.requests).toHaveLength(MAX_ATTEMPTS);
  });
});

describe('a mailer that throws on the 2nd of 5 emails mid-drain', async () => {
  let calls = 0;
  const w = await world({
    wrapMailer: (resend) => ({
      name: 'flaky',
      send: async (email) => {
        calls += 1;
        if (calls === 2) throw new Error('socket hang up');
        return resend.send(email);
      },
    }),
  });
  const requestIds: string[] = [];
  for (let i = 1; i <= 5; i++) requestIds.push(await w.createRequest(`app-${i}`));
  const statuses = () => Promise.all(requestIds.map((id) => w.statusOf(id)));

  it('does not stop the drain: the other 4 are sent, the 5th stays queued', async () => {
    expect(await drainOutbox(w.deps)).toEqual({ sent: 4, failed: 0, retrying: 1, waiting: 1 });
    expect(w.fake.accepted.size).toBe(4);
    expect((await statuses()).sort()).toEqual(['queued', 'sent', 'sent', 'sent', 'sent']);

    const outbox = await listOutbox(w.deps.db);
    expect(outbox).toHaveLength(5);
    const left = outbox.filter((e) => e.status === 'queued');
    expect(left).toHaveLength(1);
    expect(left[0]!.last_error).toContain('socket hang up');
  });

  it('sends the 5th on the next drain after its backoff, so none is lost or doubled', async () => {
    w.clock.advance(30 * SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 1, failed: 0, retrying: 0, waiting: 0 });
    expect(await statuses()).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);

    const keys = (await listOutbox(w.deps.db)).map((e) => e.idempotency_key);
    expect(new Set(keys).size).toBe(5);
    for (const key of keys) expect(w.deliveriesWithKey(key)).toHaveLength(1);
    expect(w.fake.accepted.size).toBe(5);
    expect(w.fake.duplicatesSuppressed).toBe(0);
  });
});

describe('a sender that crashed after claiming an email', async () => {
  const w = await world();
  const requestId = await w.createRequest();
  let key = '';

  it('leaves the email to no one until its lease lapses', async () => {
    // The crashed sender: claims, has Resend accept the email, then dies before recording anything.
    const now = w.clock.now();
    const crashedClaim = { id: 'clm_crashed', now: now.toISOString(), leaseUntil: new Date(now.getTime() + LEASE).toISOString() };
    const [claimed, ...others] = await claimDueEmails(w.deps.db, crashedClaim, 10);
    expect(others).toHaveLength(0);
    key = claimed!.idempotency_key;
    const sent = await w.deps.mailer.send({
      from: w.deps.config.mailFrom,
      to: JSON.parse(claimed!.recipients),
      replyTo: claimed!.reply_to,
      subject: claimed!.subject,
      html: claimed!.html,
      text: claimed!.text,
      idempotencyKey: key,
    });
    expect(sent.status).toBe('sent');

    w.clock.advance(LEASE - SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 0, waiting: 1 });
    expect(w.attemptsWithKey(key)).toHaveLength(1);
    expect(await w.statusOf(requestId)).toBe('queued');
  });

  it('is re-sent after the lease with the same key, and the provider gets it once', async () => {
    w.clock.advance(SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 1, failed: 0, retrying: 0, waiting: 0 });

    expect(w.attemptsWithKey(key)).toHaveLength(2);
    expect(w.fake.requests).toHaveLength(2);
    expect(w.deliveriesWithKey(key)).toHaveLength(1);
    expect(w.fake.duplicatesSuppressed).toBe(1);

    expect(await w.emailOf(requestId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await w.statusOf(requestId)).toBe('sent');
    expect((await w.historyOf(requestId)).map((h) => h.event)).toEqual(['created', 'email_sent']);
  });
});

describe('a sender whose lease lapsed while the mail API was slow', async () => {
  // The first call hangs until released and then reports a rejection; later calls go through.
  let release: () => void = () => {};
  let calls = 0;
  const w = await world({
    wrapMailer: (resend) => ({
      name: 'slow-then-fine',
      send: async (email) => {
        calls += 1;
        if (calls > 1) return resend.send(email);
        await new Promise<void>((resolve) => (release = resolve));
        return { status: 'rejected', error: 'validation_error (422): stale answer' };
      },
    }),
  });
  const requestId = await w.createRequest();

  it('cannot overwrite what the sender that took over recorded', async () => {
    const slow = drainOutbox(w.deps);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the slow sender claim and call out
    w.clock.advance(LEASE + SECOND);
    expect(await drainOutbox(w.deps)).toMatchObject({ sent: 1, failed: 0 });

    release();
    await slow;
    expect(await w.emailOf(requestId)).toMatchObject({ status: 'sent', last_error: null });
    expect(await w.statusOf(requestId)).toBe('sent');
    expect((await w.historyOf(requestId)).map((h) => h.event)).toEqual(['created', 'email_sent']);
  });
});

describe('two drains running at once', async () => {
  const w = await world();
  // More than one claim batch (10), so the two drains interleave over several rounds.
  const requestIds: string[] = [];
  for (let i = 1; i <= 23; i++) requestIds.push(await w.createRequest(`app-${i}`));

  it('in one process send each email once', async () => {
    const reports = await Promise.all([drainOutbox(w.deps), drainOutbox(w.deps)]);
    expect(reports[0]!.sent + reports[1]!.sent).toBe(23);
    expect(reports.map((r) => r.failed + r.retrying)).toEqual([0, 0]);

    expect(w.fake.requests).toHaveLength(23);
    expect(new Set(w.fake.requests.map((r) => r.idempotencyKey)).size).toBe(23);
    expect(w.fake.duplicatesSuppressed).toBe(0);
    const outbox = await listOutbox(w.deps.db);
    expect(outbox.map((e) => e.attempts)).toEqual(Array(23).fill(1));
  });

  it('in two processes on the same database send each email once', async () => {
    for (let i = 1; i <= 23; i++) requestIds.push(await w.createRequest(`app-b${i}`));
    // A second connection to the same file, as a second server or `canceldesk outbox drain` would have.
    const other = openNodeRuntime({ NODE_ENV: 'test', DATABASE_URL: `file:${w.dbFile}` }, () => {});
    try {
      const otherDeps = { ...other.deps, config: w.deps.config, mailer: w.deps.mailer, clock: w.clock };
      const reports = await Promise.all([drainOutbox(w.deps), drainOutbox(otherDeps)]);
      expect(reports[0]!.sent + reports[1]!.sent).toBe(23);
    } finally {
      await other.close();
    }

    expect(w.fake.requests).toHaveLength(46);
    expect(new Set(w.fake.requests.map((r) => r.idempotencyKey)).size).toBe(46);
    expect(w.fake.duplicatesSuppressed).toBe(0);
    const statuses = await Promise.all(requestIds.map((id) => w.statusOf(id)));
    expect(new Set(statuses)).toEqual(new Set(['sent']));
  });
});

describe('the atomic unit', async () => {
  const { deps } = await testDeps();
  const countOf = async (table: 'providers' | 'cancellation_requests' | 'request_history' | 'outbox') =>
    Number((await deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('writes nothing when one of its statements fails', async () => {
    const now = deps.clock.now().toISOString();
    const validInsert = deps.db
      .insertInto('providers')
      .values({ id: 'zen-yoga', name: 'Zen Yoga', emails: '["stop@zen.example"]', locale: 'en', identifiers: '[]', reply_window_days: 30, reminder_days: '[]', created_at: now, updated_at: now })
      .compile();
    // An email for a request that does not exist: the foreign key refuses it.
    const violatesForeignKey = deps.db
      .insertInto('outbox')
      .values({
        id: 'ob_x', request_id: 'cr_missing', kind: 'cancellation_request', recipients: '[]', reply_to: null,
        subject: 's', html: 'h', text: 't', idempotency_key: 'k', status: 'queued', attempts: 0, next_attempt_at: now,
        lease_until: null, last_error: null, provider_message_id: null, created_at: now, sent_at: null,
      })
      .compile();

    await expect(deps.atomic([validInsert, violatesForeignKey])).rejects.toThrow(/FOREIGN KEY constraint failed/);
    expect(await countOf('providers')).toBe(0);

    // The same valid statement alone lands, so it was the unit that kept it out.
    await deps.atomic([validInsert]);
    expect(await countOf('providers')).toBe(1);
  });
});

describe('creating a request', async () => {
  // Every outbox row gets the same id, so the third statement of the second create (the email) fails.
  const { deps } = await testDeps({}, { ids: { id: (prefix) => (prefix === 'ob' ? 'ob_always_the_same' : randomIds.id(prefix)), reference: randomIds.reference } });
  await addProviders(deps, ACME_GYM);
  const client = await addClient(deps);
  const countOf = async (table: 'cancellation_requests' | 'request_history' | 'outbox') =>
    Number((await deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('stores no request and no history when its email cannot be put in the outbox', async () => {
    const input = { provider: ACME_GYM.id, customer: JANE };
    expect((await createCancellationRequest(deps, client.id, input, null)).kind).toBe('created');
    await expect(createCancellationRequest(deps, client.id, { ...input, reference: 'second' }, null)).rejects.toThrow(/UNIQUE constraint failed: outbox\.id/);

    expect(await countOf('cancellation_requests')).toBe(1);
    expect(await countOf('request_history')).toBe(1);
    expect(await countOf('outbox')).toBe(1);
  });
});
