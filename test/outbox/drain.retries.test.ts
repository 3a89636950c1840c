import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { drainOutbox, MAX_ATTEMPTS } from '../../src/outbox/drain.ts';
import { HOUR, SECOND, invalidTo, rateLimited, unavailable, world } from '../support/outbox-world.ts';

// The outbox end to end: a request created through the real API, drained by the real sender through
// the real Resend SDK into a fake Resend on a real port (SPEC §2, §5; THREATS 8, 9).
// This file: what the sender does when the mail API says no, or the mailer throws.

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
