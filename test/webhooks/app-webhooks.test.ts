import { describe, expect, it } from 'vitest';
import { updateApiClient } from '../../src/clients/api-clients.ts';
import { DAY_MS } from '../../src/clock.ts';
import { listOutbox } from '../../src/db/outbox.ts';
import { REDELIVERY_SCHEDULE_S } from '../../src/lifecycle/deliver-webhooks.ts';
import { deliverQueued, runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { webhookWorld } from '../support/webhook-world.ts';

describe('webhooks to an app, one per status change', async () => {
  const world = await webhookWorld();
  const request = await world.create();

  it('shows the secret once, Standard Webhooks style, at creation', () => {
    expect(world.client.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  });

  it('sends "sent" when the email is accepted, signed so the reference library verifies it, carrying the same request the API shows', async () => {
    await runScheduledWork(world.deps);
    const [sent] = world.endpoint.received;
    expect(sent!.payload).not.toBeNull();
    expect(sent!.id).toMatch(/^msg_/);
    expect(sent!.payload).toEqual({ type: 'cancellation_request.sent', timestamp: expect.any(String), data: await world.appView(request.id) });
  });

  it("carries our case reference, the one in the provider's email subject, beside the app's own reference", async () => {
    const [email] = await listOutbox(world.deps.db, { requestId: request.id });
    const inSubject = email!.subject.match(/CD-[0-9A-Z]{8}/)?.[0];
    expect(inSubject).toBeTruthy();
    const [sent] = world.endpoint.processed().filter((r) => r.payload!.data.id === request.id);
    expect(sent!.payload!.data).toMatchObject({ reference: null, caseReference: inSubject });
  });

  it('sends "answered", then "answer_corrected", never with the free text, the note or the link', async () => {
    await world.sendForm(request.replyPath, { outcome: 'other', message: 'Owes two months SECRET-TEXT', note: 'SECRET-NOTE' });
    await deliverQueued(world.deps);
    await world.sendForm(request.replyPath, { outcome: 'cancelled', date: '2026-12-31' });
    await deliverQueued(world.deps);
    expect(world.eventsFor(request.id)).toEqual(['cancellation_request.sent', 'cancellation_request.answered', 'cancellation_request.answer_corrected']);
    const [, answered, corrected] = world.endpoint.processed();
    expect(answered!.payload!.data).toMatchObject({ status: 'answered', outcome: { type: 'other' } });
    expect(corrected!.payload!.data).toEqual(await world.appView(request.id));
    const everything = world.endpoint.received.map((r) => r.raw).join('\n');
    for (const secret of ['SECRET-TEXT', 'SECRET-NOTE', '/reply/', request.replyPath.slice(-20)]) expect(everything).not.toContain(secret);
  });

  it('sends "expired" when the reply window passes without an answer', async () => {
    const waiting = await world.create();
    await runScheduledWork(world.deps);
    world.clock.advance(30 * DAY_MS);
    await runScheduledWork(world.deps);
    expect(world.eventsFor(waiting.id)).toEqual(['cancellation_request.sent', 'cancellation_request.expired']);
  });

  it("keeps each change's own state: a late delivery still tells the story in order", async () => {
    const later = await world.create();
    world.endpoint.answerNext(503);
    await runScheduledWork(world.deps); // "sent" fails once
    await world.sendForm(later.replyPath, { outcome: 'not_found' });
    world.clock.advance(10_000);
    await deliverQueued(world.deps);
    const payloads = world.endpoint.processed().filter((r) => r.payload!.data.id === later.id).map((r) => r.payload!);
    expect(payloads.map((p) => [p.type, p.data.status])).toEqual(
      expect.arrayContaining([
        ['cancellation_request.sent', 'sent'],
        ['cancellation_request.answered', 'answered'],
      ]),
    );
  });

  it('sends nothing to an app without an endpoint', async () => {
    const before = world.endpoint.received.length;
    await world.createRequest(); // replyWorld's own client has no webhook URL
    await runScheduledWork(world.deps);
    expect(world.endpoint.received).toHaveLength(before);
  });
});

describe('a failed email', async () => {
  const refusing: Mailer = { name: 'refusing', send: async () => ({ status: 'rejected', error: 'validation_error (422): invalid `to`' }) };
  const world = await webhookWorld({ mailer: refusing });

  it('sends "delivery_failed"', async () => {
    const request = await world.create();
    await runScheduledWork(world.deps);
    expect(world.eventsFor(request.id)).toEqual(['cancellation_request.delivery_failed']);
    expect(world.endpoint.processed()[0]!.payload!.data).toMatchObject({ status: 'delivery_failed' });
  });
});

describe('retries', async () => {
  const world = await webhookWorld();

  it('retries a failed delivery later with the same webhook-id, and backs off', async () => {
    const request = await world.create();
    world.endpoint.answerNext(500);
    await runScheduledWork(world.deps);
    await deliverQueued(world.deps);
    expect(world.endpoint.received).toHaveLength(1); // not due again yet
    world.clock.advance(REDELIVERY_SCHEDULE_S[0]! * 1.1 * 1000);
    await deliverQueued(world.deps);
    const [first, second] = world.endpoint.received;
    expect(second!.id).toBe(first!.id);
    expect(world.eventsFor(request.id)).toEqual(['cancellation_request.sent']);
  });

  it('keeps trying for more than a day (with jitter) before giving up', async () => {
    const request = await world.create();
    const from = world.endpoint.received.length;
    world.endpoint.answerNext(...Array(20).fill(503));
    await runScheduledWork(world.deps);
    for (let hour = 0; hour < 40; hour++) {
      world.clock.advance(3_600_000);
      await deliverQueued(world.deps);
    }
    const attempts = world.endpoint.received.slice(from);
    expect(attempts).toHaveLength(REDELIVERY_SCHEDULE_S.length + 1);
    expect(attempts.at(-1)!.timestamp - attempts[0]!.timestamp).toBeGreaterThanOrEqual(86_400);
    const message = await world.deps.db.selectFrom('webhook_messages').selectAll().where('request_id', '=', request.id).executeTakeFirstOrThrow();
    expect(message).toMatchObject({ state: 'failed', attempts: 8, last_error: expect.stringContaining('gave up after 8 attempts') });
    expect(REDELIVERY_SCHEDULE_S.reduce((a, b) => a + b, 0) * 0.9).toBeGreaterThanOrEqual(86_400);
    world.endpoint.answerNext();
  });

  it('spreads the retries of messages that failed together, each within ±10% of its wait (jitter)', async () => {
    const requests = await Promise.all(Array.from({ length: 6 }, () => world.create()));
    const ids = requests.map((r) => r.id);
    world.endpoint.answerNext(...Array(ids.length).fill(503));
    const failedAt = world.clock.now().getTime();
    await runScheduledWork(world.deps); // every "sent" fails at the same (frozen) moment
    const messages = await world.deps.db.selectFrom('webhook_messages').select(['attempts', 'next_attempt_at']).where('request_id', 'in', ids).execute();
    expect(messages.map((m) => m.attempts)).toEqual(Array(ids.length).fill(1));
    const waits = messages.map((m) => new Date(m.next_attempt_at).getTime() - failedAt);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(REDELIVERY_SCHEDULE_S[0]! * 1000 * 0.9);
      expect(wait).toBeLessThanOrEqual(REDELIVERY_SCHEDULE_S[0]! * 1000 * 1.1);
    }
    // Without jitter all six would come back at the same millisecond.
    expect(new Set(waits).size).toBeGreaterThan(1);
  });
});

describe('410 Gone', async () => {
  const world = await webhookWorld();

  it('disables the endpoint: nothing more is queued or sent for it', async () => {
    const request = await world.create();
    world.endpoint.answerNext(410);
    await runScheduledWork(world.deps);
    const client = await world.deps.db.selectFrom('api_clients').selectAll().where('id', '=', world.client.id).executeTakeFirstOrThrow();
    expect(client.webhook_disabled_at).not.toBeNull();
    await world.sendForm(request.replyPath, { outcome: 'not_found' });
    await deliverQueued(world.deps);
    expect(world.endpoint.received).toHaveLength(1);
    const messages = await world.deps.db.selectFrom('webhook_messages').select(['state', 'last_error']).execute();
    expect(messages).toEqual([{ state: 'failed', last_error: 'the endpoint answered 410 Gone and was disabled' }]);
  });

  it('comes back when the app sets its URL again (keeping the secret)', async () => {
    const updated = await updateApiClient(world.deps, world.client.id, { webhookUrl: world.endpoint.url });
    expect(updated).toEqual({ kind: 'done', client: { id: world.client.id, webhookUrl: world.endpoint.url, webhookSecret: null } });
    const request = await world.create();
    await runScheduledWork(world.deps);
    expect(world.eventsFor(request.id)).toEqual(['cancellation_request.sent']);
  });
});
