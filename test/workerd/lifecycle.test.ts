import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { createCancellationRequest } from '../../src/requests/create.ts';
import worker from '../../src/worker.ts';
import { d1Deps } from './support/d1-deps.ts';
import { JANE, appApi, d1, dayFromToday, dispatch, replyPathIn, seedProviderAndClient } from './support/worker-world.ts';

const DAY_MS = 86_400_000;

/** One cron tick, waited for as the runtime would. */
async function cronTick() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const messagesOf = async (requestId: string) =>
  (await env.DB.prepare('SELECT event, status FROM webhook_messages WHERE request_id = ? ORDER BY rowid').bind(requestId).all<{ event: string; status: string }>()).results;

/** Moves a request's clock back: as if it had been waiting (or final) for `days`. */
const agedBy = (id: string, days: number, column: 'waiting_since' | 'updated_at') =>
  env.DB.prepare(`UPDATE cancellation_requests SET ${column} = ?, lifecycle_due_at = CASE WHEN lifecycle_due_at IS NULL THEN NULL ELSE ? END WHERE id = ?`)
    .bind(new Date(Date.now() - days * DAY_MS).toISOString(), new Date(Date.now() - 1000).toISOString(), id)
    .run();

async function sentRequest(providerId: string, webhookUrl?: string) {
  const { apiKey } = await seedProviderAndClient(providerId, undefined, webhookUrl);
  const created = await appApi(apiKey).create(providerId);
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await d1.request(id))?.status).toBe('sent');
  return id;
}

describe('the lifecycle on D1, from the cron trigger', () => {
  it('queues one webhook message per status change inside the D1 batch (each waits for its own status write to apply)', async () => {
    // Nobody listens there: the message stays queued for a retry, which is all this test needs.
    const id = await sentRequest('hook-gym', 'http://127.0.0.1:9/hooks');
    await cronTick();
    await cronTick();
    expect(await messagesOf(id)).toEqual([{ event: 'cancellation_request.sent', status: 'sent' }]);

    const [email] = (await env.DB.prepare('SELECT b.text FROM outbox o JOIN outbox_bodies b ON b.outbox_id = o.id WHERE o.request_id = ?').bind(id).all<{ text: string }>()).results;
    const link = replyPathIn(email!.text);
    const answer = (body: Record<string, string>) =>
      dispatch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: new URLSearchParams(body) });
    expect((await answer({ outcome: 'not_found' })).status).toBe(200);
    expect((await answer({ outcome: 'cancelled', date: dayFromToday(10) })).status).toBe(200);
    expect(await messagesOf(id)).toEqual([
      { event: 'cancellation_request.sent', status: 'sent' },
      { event: 'cancellation_request.answered', status: 'answered' },
      { event: 'cancellation_request.answer_corrected', status: 'answered' },
    ]);
    const [pending] = (await env.DB.prepare("SELECT attempts, last_error FROM webhook_messages WHERE request_id = ? AND state = 'pending' LIMIT 1").bind(id).all<{ attempts: number; last_error: string }>()).results;
    expect(pending).toMatchObject({ attempts: 1, last_error: expect.any(String) });
  });

  it('sends the reminder that is due', async () => {
    const id = await sentRequest('remind-gym');
    await agedBy(id, 3.5, 'waiting_since');
    await cronTick();
    const emails = (await env.DB.prepare('SELECT kind, status, subject FROM outbox WHERE request_id = ? ORDER BY rowid').bind(id).all<{ kind: string; status: string; subject: string }>()).results;
    expect(emails.map((e) => [e.kind, e.status])).toEqual([
      ['cancellation_request', 'sent'],
      ['reminder', 'sent'],
    ]);
    expect(emails[1]!.subject).toMatch(/^Reminder: cancellation request/);
  });

  it('expires a request whose reply window has passed', async () => {
    const id = await sentRequest('expire-gym');
    await agedBy(id, 31, 'waiting_since');
    await cronTick();
    expect((await d1.request(id))?.status).toBe('expired');
    expect(await d1.historyOf(id)).toEqual(['created', 'email_sent', 'expired']);
  });

  it('erases the personal data of a request final for longer than RETENTION_DAYS', async () => {
    const id = await sentRequest('retain-gym');
    await agedBy(id, 31, 'waiting_since');
    await cronTick();
    await agedBy(id, 91, 'updated_at');
    await cronTick();
    const row = await env.DB.prepare('SELECT status, customer, erased_at FROM cancellation_requests WHERE id = ?').bind(id).first();
    expect(row).toMatchObject({ status: 'expired', customer: null, erased_at: expect.any(String) });
  });

  it('erases a request whose email was refused (delivery_failed) once it has been final for longer than RETENTION_DAYS', async () => {
    const { clientId } = await seedProviderAndClient('refused-gym');
    const created = await createCancellationRequest(d1Deps(), clientId, { provider: 'refused-gym', customer: JANE }, null);
    const id = created.kind === 'created' ? created.request.id : '';
    // The mail API refuses the email: the request becomes delivery_failed.
    await runScheduledWork(d1Deps({ mailer: { name: 'refusing', send: async () => ({ status: 'rejected', error: 'validation_error (422): invalid `to`' }) } }));
    expect((await d1.request(id))?.status).toBe('delivery_failed');
    await agedBy(id, 91, 'updated_at');
    await cronTick();
    const row = await env.DB.prepare('SELECT status, customer, erased_at FROM cancellation_requests WHERE id = ?').bind(id).first();
    expect(row).toMatchObject({ status: 'delivery_failed', customer: null, erased_at: expect.any(String) });
  });
});
