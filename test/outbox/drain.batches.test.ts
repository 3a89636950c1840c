import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { claimNewBatch, inBatchOrder, listOutbox } from '../../src/db/outbox.ts';
import type { Write } from '../../src/db/atomic.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import { invalidTo, LEASE, rateLimited, SECOND, world } from '../support/outbox-world.ts';

// The outbox through Resend's batch endpoint (POST /emails/batch, up to 100 emails per call, one
// idempotency key per batch), as production sends: each email's result comes back in order, a batch
// taken again after a crash is the same set under the same key, a rate limit keeps the batch whole,
// and one invalid email fails alone.

const batchCalls = (w: Awaited<ReturnType<typeof world>>) => w.fake.requests.filter((r) => r.path === '/emails/batch');
const requestsIn = async (w: Awaited<ReturnType<typeof world>>, n: number, prefix = 'r') => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await w.createRequest(`${prefix}${i}`));
  return ids;
};

describe('150 queued emails', async () => {
  const w = await world({ batches: true });
  const requestIds = await requestsIn(w, 150);

  it('go in two calls, 100 and 50, each under its own batch key', async () => {
    expect(await drainOutbox(w.deps)).toEqual({ sent: 150, failed: 0, retrying: 0, waiting: 0 });
    const calls = batchCalls(w);
    // Two batches are in flight at once, so either may reach Resend first.
    expect(calls.map((c) => (c.body as unknown[]).length).sort((a, b) => b - a)).toEqual([100, 50]);
    expect(calls.map((c) => c.idempotencyKey)).toEqual([expect.stringMatching(/^batch\/bat_/), expect.stringMatching(/^batch\/bat_/)]);
    expect(calls[0]!.idempotencyKey).not.toBe(calls[1]!.idempotencyKey);
    expect(calls[0]!.headers['x-batch-validation']).toBe('permissive');
    expect(w.fake.requests.filter((r) => r.path === '/emails')).toHaveLength(0);
  });

  it('map each answer back to its email: the id Resend gave the email with that subject', async () => {
    const bySubject = new Map([...w.fake.accepted.values()].map((a) => [a.email.subject as string, a.id]));
    const outbox = await listOutbox(w.deps.db);
    expect(outbox).toHaveLength(150);
    for (const email of outbox) {
      expect(email.status).toBe('sent');
      expect(email.provider_message_id).toBe(bySubject.get(email.subject));
    }
    expect(new Set(outbox.map((e) => e.provider_message_id)).size).toBe(150);
  });

  it('move every request to sent, with its history entry', async () => {
    for (const id of [requestIds[0]!, requestIds[99]!, requestIds[149]!]) {
      expect(await w.statusOf(id)).toBe('sent');
      expect((await w.historyOf(id)).map((h) => h.event)).toEqual(['created', 'email_sent']);
    }
  });
});

describe('a sender that crashed after Resend accepted its batch', async () => {
  const w = await world({ batches: true });
  const requestIds = await requestsIn(w, 30);
  let key = '';
  let sentSubjects: unknown[] = [];

  it('leaves the batch to no one until its lease lapses, and puts no email of it in another batch', async () => {
    // The crashed sender: forms a batch, has Resend accept it, dies before writing anything.
    const now = w.clock.now();
    const claim = { id: 'clm_crashed', dueBy: now.toISOString(), leaseUntil: new Date(now.getTime() + LEASE).toISOString() };
    const claimed = (await claimNewBatch(w.deps.db, claim, 'bat_crashed', 100)).sort(inBatchOrder);
    expect(claimed).toHaveLength(30);
    key = 'batch/bat_crashed';
    const emails = claimed.map((e) => ({ from: w.deps.config.mailFrom, to: e.recipients, replyTo: e.reply_to, messageId: e.message_id, subject: e.subject, html: e.html, text: e.text }));
    expect((await w.deps.mailer.sendBatch!(emails, key)).status).toBe('answered');
    sentSubjects = emails.map((e) => e.subject);
    expect(w.fake.accepted.size).toBe(30);

    w.clock.advance(LEASE - SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 0, waiting: 30 });
    expect(w.fake.requests).toHaveLength(1);
    expect(await w.statusOf(requestIds[0]!)).toBe('queued');
  });

  it('sends the same set again, in the same order, under the same key: Resend counts each email once', async () => {
    w.clock.advance(SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 30, failed: 0, retrying: 0, waiting: 0 });

    const [first, again] = batchCalls(w);
    expect(again!.idempotencyKey).toBe(key);
    expect(again!.body).toEqual(first!.body);
    expect((again!.body as { subject: string }[]).map((e) => e.subject)).toEqual(sentSubjects);
    expect(w.fake.accepted.size).toBe(30);
    expect(w.fake.duplicatesSuppressed).toBe(30);
    for (const id of requestIds) expect(await w.statusOf(id)).toBe('sent');
    expect((await w.historyOf(requestIds[0]!)).map((h) => h.event)).toEqual(['created', 'email_sent']);
  });
});

describe('a 429 on a batch', async () => {
  const w = await world({ batches: true });
  const requestIds = await requestsIn(w, 20);

  it('keeps every email queued, in its batch, without using up an attempt', async () => {
    w.fake.failNext(1, rateLimited(30));
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 20, waiting: 20 });
    const outbox = await listOutbox(w.deps.db);
    expect(new Set(outbox.map((e) => e.batch_id)).size).toBe(1);
    for (const email of outbox) {
      expect(email).toMatchObject({ status: 'queued', attempts: 0, lease_until: null });
      expect(email.next_attempt_at).toBe(new Date(w.clock.now().getTime() + 30 * SECOND).toISOString());
    }
  });

  it('sends the batch again after retry-after, under the same key, and it is delivered once', async () => {
    w.clock.advance(29 * SECOND);
    expect(await drainOutbox(w.deps)).toMatchObject({ sent: 0, waiting: 20 });
    w.clock.advance(SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 20, failed: 0, retrying: 0, waiting: 0 });
    const [limited, sent] = batchCalls(w);
    expect(sent!.idempotencyKey).toBe(limited!.idempotencyKey);
    expect(w.fake.accepted.size).toBe(20);
    for (const id of requestIds) expect(await w.statusOf(id)).toBe('sent');
  });
});

describe('two emails of one request in a batch, one refused and one sent', async () => {
  const w = await world({ batches: true });
  const [id] = (await requestsIn(w, 1)) as [string];
  // A second email to the provider queued beside the first (a support re-send, say), one Resend refuses,
  // with an id that puts it first in the batch: its result is the first one met.
  const [first] = await listOutbox(w.deps.db, { requestId: id });
  const refused = 'ob_00000000000000000000';
  await sql`INSERT INTO outbox (id, request_id, kind, recipients, reply_to, subject, idempotency_key, status, attempts, next_attempt_at, created_at)
    SELECT ${refused}, request_id, kind, recipients, reply_to, '', ${`outbox/${refused}`}, status, attempts, next_attempt_at, created_at FROM outbox WHERE id = ${first!.id}`.execute(w.deps.db);
  await sql`INSERT INTO outbox_bodies (outbox_id, html, text) SELECT ${refused}, html, text FROM outbox_bodies WHERE outbox_id = ${first!.id}`.execute(w.deps.db);

  it('leave the request sent, the refused one first in the batch: one of them reached the provider', async () => {
    expect(await drainOutbox(w.deps)).toEqual({ sent: 1, failed: 1, retrying: 0, waiting: 0 });
    expect(batchCalls(w)).toHaveLength(1);
    expect((await listOutbox(w.deps.db, { requestId: id })).map((email) => email.status).sort()).toEqual(['failed', 'sent']);
    expect(await w.statusOf(id)).toBe('sent');
    expect((await w.historyOf(id)).map((h) => h.event)).toEqual(['created', 'email_sent', 'delivery_failed']);
  });
});

describe('one invalid email in a batch', async () => {
  const w = await world({ batches: true });
  const requestIds = await requestsIn(w, 10);
  const bad = requestIds[4]!;
  // An email Resend's validation refuses (a subject it finds empty), written as a broken row would be.
  await w.deps.db.updateTable('outbox').set({ subject: '' }).where('request_id', '=', bad).execute();

  it('fails alone, with the reason; its neighbours in the same call are sent', async () => {
    expect(await drainOutbox(w.deps)).toEqual({ sent: 9, failed: 1, retrying: 0, waiting: 0 });
    expect(batchCalls(w)).toHaveLength(1);
    const email = await w.emailOf(bad);
    expect(email.status).toBe('failed');
    expect(email.last_error).toContain('subject');
    expect(await w.statusOf(bad)).toBe('delivery_failed');
    for (const id of requestIds.filter((id) => id !== bad)) expect(await w.statusOf(id)).toBe('sent');
    expect(w.fake.accepted.size).toBe(9);
  });
});

describe('a batch refused as a whole', async () => {
  const w = await world({ batches: true });
  const requestIds = await requestsIn(w, 5);

  it('sent nothing, so its emails go on their own, each under its own key, once', async () => {
    w.fake.failNext(1, invalidTo);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 5, failed: 0, retrying: 5, waiting: 0 });
    const singles = w.fake.requests.filter((r) => r.path === '/emails');
    expect(singles).toHaveLength(5);
    const outbox = await listOutbox(w.deps.db);
    expect(new Set(singles.map((r) => r.idempotencyKey))).toEqual(new Set(outbox.map((e) => e.idempotency_key)));
    expect(outbox.every((e) => e.status === 'sent' && e.batch_id === '' && e.attempts === 1)).toBe(true);
    for (const id of requestIds) expect(await w.statusOf(id)).toBe('sent');
    expect(w.fake.accepted.size).toBe(5);
  });
});

describe('a sender with a long backlog', async () => {
  // A mailer that answers at once: with no I/O of its own, only the sender's own yields let other work in.
  const w = await world({
    wrapMailer: (mailer) => ({
      ...mailer,
      sendBatch: async (emails) => ({ status: 'answered', results: emails.map(() => ({ status: 'sent', messageId: `m-${crypto.randomUUID()}` })) }),
    }),
  });
  await requestsIn(w, 500);

  it('lets the server answer requests between batches: no more batches per turn of the event loop than are in flight', async () => {
    let batchesRecorded = 0;
    // Each batch's results are one atomic unit, the sender's only one.
    const deps = { ...w.deps, atomic: (writes: Write[]) => (batchesRecorded++, w.deps.atomic(writes)) };
    const perTurn: number[] = [];
    let seen = 0;
    let draining = true;
    const turn = () => {
      perTurn.push(batchesRecorded - seen);
      seen = batchesRecorded;
      if (draining) setImmediate(turn);
    };
    setImmediate(turn);
    const report = await drainOutbox(deps, 500);
    draining = false;
    expect(report.sent).toBe(500);
    expect(batchesRecorded).toBe(5);
    // The event loop turned while the sender worked (without yields it turns only once all is sent)...
    expect(perTurn.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(3);
    // ...and no turn carried more than the batches in flight.
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(2);
  });
});
