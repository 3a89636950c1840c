import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { randomIds } from '../../src/ids.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import { createCancellationRequest } from '../../src/requests/create.ts';
import { HOUR, world } from '../support/outbox-world.ts';
import { ACME_GYM, JANE, addClient, addProviders, testDeps } from '../support/test-deps.ts';

// The outbox end to end: a request created through the real API, drained by the real sender through
// the real Resend SDK into a fake Resend on a real port (SPEC §2, §5; THREATS 8, 9).
// This file: the email goes out, once, and the request and its email are stored together or not at all.

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
      headers: { 'Message-ID': `<${email.message_id}>` },
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
        subject: 's', idempotency_key: 'k', status: 'queued', attempts: 0, next_attempt_at: now,
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
  const { deps } = await testDeps({}, { ids: { ...randomIds, id: (prefix) => (prefix === 'ob' ? 'ob_always_the_same' : randomIds.id(prefix)) } });
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
