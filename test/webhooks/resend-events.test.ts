import { Webhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { openRequestForSupport } from '../../src/support/request-view.ts';
import { replyWorld } from '../support/reply-world.ts';
import { historyOf, requestState } from '../support/request-state.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const svix = new Webhook(SECRET);

/** An event as Resend (through Svix) posts it: signed over the exact body, with the svix-* headers. */
function resendEvent(type: string, emailId: string, extra: Record<string, unknown> = {}, options: { id?: string; at?: Date; secret?: string } = {}) {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const at = options.at ?? new Date();
  const body = JSON.stringify({ type, created_at: at.toISOString(), data: { email_id: emailId, to: ['cancellations@acme.example'], ...extra } });
  const signature = (options.secret ? new Webhook(options.secret) : svix).sign(id, at, body);
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature },
    body,
  };
}

const BOUNCE = { bounce: { message: '550 5.1.1 The email account that you tried to reach does not exist', type: 'Permanent', subType: 'General' } };

async function sentEmailOf(world: Awaited<ReturnType<typeof replyWorld>>, requestId: string) {
  const [email] = await listOutbox(world.deps.db, { requestId });
  return email!.provider_message_id!;
}

describe("Resend's delivery events", async () => {
  const world = await replyWorld({ RESEND_WEBHOOK_SECRET: SECRET });
  const request = await world.createRequest();
  await runScheduledWork(world.deps);
  const emailId = await sentEmailOf(world, request.id);
  const post = (init: RequestInit) => world.app.request('/webhooks/resend', init);

  it('refuses a bad signature, a wrong secret, missing headers and an old timestamp, changing nothing', async () => {
    const before = await requestState(world.deps, request.id);
    const tampered = resendEvent('email.bounced', emailId, BOUNCE);
    tampered.body = tampered.body.replace('Permanent', 'Transient');
    const attempts = [
      tampered,
      resendEvent('email.bounced', emailId, BOUNCE, { secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: resendEvent('email.bounced', emailId, BOUNCE).body },
      resendEvent('email.bounced', emailId, BOUNCE, { at: new Date(Date.now() - 10 * 60_000) }),
    ];
    for (const attempt of attempts) {
      const response = await post(attempt);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'The event signature or timestamp does not verify' } });
    }
    expect(await requestState(world.deps, request.id)).toEqual(before);
  });

  it('records a delivery in the history', async () => {
    const response = await post(resendEvent('email.delivered', emailId));
    expect(await response.json()).toEqual({ ok: true, result: 'recorded' });
    expect(await historyOf(world.deps, request.id, 'email_delivered')).toHaveLength(1);
    expect((await world.appView(request.id)).status).toBe('sent');
  });

  it('turns a bounce into delivery_failed, with the reason for support', async () => {
    const event = resendEvent('email.bounced', emailId, BOUNCE, { id: 'msg_bounce_1' });
    expect((await post(event)).status).toBe(200);
    expect((await world.appView(request.id)).status).toBe('delivery_failed');
    const support = await openRequestForSupport(world.deps, request.id, 'operator');
    expect(support!.emails[0]!.lastError).toBe('bounced: 550 5.1.1 The email account that you tried to reach does not exist');
    expect(support!.history.find((h) => h.event === 'email_bounced')).toMatchObject({ actor: 'mail', detail: { reason: BOUNCE.bounce.message } });
  });

  it('takes the same event twice with one effect', async () => {
    const before = await requestState(world.deps, request.id);
    const again = resendEvent('email.bounced', emailId, BOUNCE, { id: 'msg_bounce_1' });
    expect((await post(again)).status).toBe(200);
    expect(await requestState(world.deps, request.id)).toEqual(before);
    expect(await historyOf(world.deps, request.id, 'email_bounced')).toHaveLength(1);
  });

  it('treats a complaint and a permanent failure like a bounce', async () => {
    for (const [type, extra, event] of [
      ['email.complained', {}, 'email_complained'],
      ['email.failed', { failed: { reason: 'domain not verified' } }, 'email_failed'],
    ] as const) {
      const other = await world.createRequest();
      await runScheduledWork(world.deps);
      await post(resendEvent(type, await sentEmailOf(world, other.id), extra));
      expect((await world.appView(other.id)).status).toBe('delivery_failed');
      expect(await historyOf(world.deps, other.id, event)).toHaveLength(1);
    }
  });

  it('leaves an answered request answered (the bounce is kept in its history)', async () => {
    const answered = await world.createRequest();
    await runScheduledWork(world.deps);
    await world.sendForm(answered.replyPath, { outcome: 'not_found' });
    await post(resendEvent('email.bounced', await sentEmailOf(world, answered.id), BOUNCE));
    expect((await world.appView(answered.id)).status).toBe('answered');
    expect(await historyOf(world.deps, answered.id, 'email_bounced')).toHaveLength(1);
  });

  it('acknowledges events about emails it does not know, and event types it does not act on', async () => {
    for (const event of [resendEvent('email.bounced', 'not-ours', BOUNCE), resendEvent('email.opened', emailId)]) {
      const response = await post(event);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, result: 'ignored' });
    }
  });
});

describe('without RESEND_WEBHOOK_SECRET', async () => {
  const world = await replyWorld();

  it('has no such route', async () => {
    const response = await world.app.request('/webhooks/resend', resendEvent('email.bounced', 'x', BOUNCE));
    expect(response.status).toBe(404);
  });
});
