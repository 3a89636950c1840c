import { Webhook } from 'svix';
import { afterAll, describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { findRequest } from '../../src/db/requests.ts';
import { RECEIVED_EMAIL_LIMITS } from '../../src/email-replies/received-email.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { CANCELLED_SUGGESTION, CANCELLED_TEXT, INBOUND_DOMAIN, PROVIDER_ADDRESS } from '../email-replies/inbound-world.ts';
import { rawMessage } from '../email-replies/messages.ts';
import { type FakeReceivedEmail, startFakeResend } from '../support/fake-resend.ts';
import { replyWorld } from '../support/reply-world.ts';

// Issue 15, inbound through Resend Receiving: the signed `email.received` event names an email, the
// message is fetched through the SDK (raw where offered, rebuilt from its parts where not) and stored
// like any door's; a fetch that fails is answered so that Resend sends the event again.

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const svix = new Webhook(SECRET);
const fake = await startFakeResend();
afterAll(() => fake.close());
const lines: string[] = [];
const world = await replyWorld(
  { RESEND_WEBHOOK_SECRET: SECRET, RESEND_API_KEY: 're_test_receiving_key', RESEND_BASE_URL: fake.baseUrl, INBOUND_DOMAIN },
  { log: (line) => lines.push(line) },
);

let emails = 0;
/** A request whose email went out, with what a reply finds it by. */
async function sentRequest() {
  const { id } = await world.createRequest();
  await runScheduledWork(world.deps);
  const request = (await findRequest(world.deps.db, id))!;
  const [email] = await listOutbox(world.deps.db, { requestId: id });
  return { id, replyKey: request.reply_key!, messageId: email!.message_id! };
}

/** An email Resend received and holds for us: the fake answers for it under a fresh id. */
function received(fields: Partial<FakeReceivedEmail> & Pick<FakeReceivedEmail, 'raw'>): FakeReceivedEmail {
  const email = {
    id: `4ef9a417-02e9-4d39-ad75-9611e0fc${String(++emails).padStart(4, '0')}`,
    from: `Mark Jensen <${PROVIDER_ADDRESS}>`,
    to: ['cancellations@canceldesk.test'],
    subject: 'Re: Cancellation request',
    message_id: `<m${emails}@mail.acme.example>`,
    ...fields,
  };
  fake.receive(email);
  return email;
}

/** The event as Resend posts it through Svix: metadata only, signed over the exact body. */
function receivedEvent(email: FakeReceivedEmail, options: { secret?: string } = {}) {
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const at = new Date();
  const data = { email_id: email.id, created_at: at.toISOString(), from: email.from, to: email.to, subject: email.subject, message_id: email.message_id, attachments: [] };
  const body = JSON.stringify({ type: 'email.received', created_at: at.toISOString(), data });
  const signature = (options.secret ? new Webhook(options.secret) : svix).sign(id, at, body);
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature },
    body,
  };
}

const post = (init: RequestInit) => world.app.request('/webhooks/resend', init);
const replies = () => world.deps.db.selectFrom('email_replies').selectAll().orderBy('received_at').orderBy('id').execute();
const replyTo = (replyKey: string) =>
  rawMessage(
    {
      From: `Mark Jensen <${PROVIDER_ADDRESS}>`,
      To: `reply+${replyKey}@${INBOUND_DOMAIN}`,
      Subject: 'Re: Cancellation request',
      Date: 'Mon, 23 Nov 2026 09:41:07 +0000',
      'Message-ID': `<raw${emails}@mail.acme.example>`,
      'Content-Type': 'text/plain; charset=utf-8',
    },
    CANCELLED_TEXT,
  );

describe('an email Resend received', () => {
  it('is fetched raw, without our key on the download, and stored matched to its request', async () => {
    const request = await sentRequest();
    const email = received({ raw: replyTo(request.replyKey) });
    const before = fake.requests.length;
    const response = await post(receivedEvent(email));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, result: 'stored' });
    const calls = fake.requests.slice(before);
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /emails/receiving/${email.id}`, `GET /raw/${email.id}`]);
    expect(calls[0]!.headers.authorization).toBe('Bearer re_test_receiving_key');
    expect(calls[1]!.headers.authorization).toBeUndefined();
    const [row] = (await replies()).filter((r) => r.request_id === request.id);
    expect(row).toMatchObject({ source: 'resend', matched_by: 'address', kind: 'reply', from_address: PROVIDER_ADDRESS });
    expect({ outcome: row!.suggested_outcome, date: row!.suggested_date }).toEqual(CANCELLED_SUGGESTION);
  });

  it('stores one reply when the same event comes twice', async () => {
    const request = await sentRequest();
    const email = received({ raw: replyTo(request.replyKey) });
    expect(await (await post(receivedEvent(email))).json()).toEqual({ ok: true, result: 'stored' });
    expect(await (await post(receivedEvent(email))).json()).toEqual({ ok: true, result: 'duplicate' });
    expect((await replies()).filter((r) => r.request_id === request.id)).toHaveLength(1);
  });

  it('is rebuilt from its headers and text when Resend offers no raw message, still matched by its thread, once however often it comes', async () => {
    const request = await sentRequest();
    const email = received({
      raw: null,
      to: ['cancellations@canceldesk.test'],
      headers: { 'In-Reply-To': `<${request.messageId}>`, References: `<${request.messageId}>`, 'Content-Type': 'text/html' },
      text: CANCELLED_TEXT,
      html: `<p>${CANCELLED_TEXT.replaceAll('\n', '<br>')}</p>`,
    });
    expect(await (await post(receivedEvent(email))).json()).toEqual({ ok: true, result: 'stored' });
    expect(await (await post(receivedEvent(email))).json()).toEqual({ ok: true, result: 'duplicate' });
    const rows = (await replies()).filter((r) => r.request_id === request.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ matched_by: 'thread', subject: 'Re: Cancellation request', full_text: CANCELLED_TEXT, suggested_outcome: 'cancelled' });
  });

  it('is matched by its reply address when only the metadata names it', async () => {
    const request = await sentRequest();
    const email = received({ raw: null, to: [`reply+${request.replyKey}@${INBOUND_DOMAIN}`], text: CANCELLED_TEXT });
    expect((await post(receivedEvent(email))).status).toBe(200);
    expect((await replies()).filter((r) => r.request_id === request.id)).toMatchObject([{ matched_by: 'address' }]);
  });

  it('answers 503 when Resend fails, so the event comes again, storing nothing and logging no address or key', async () => {
    const request = await sentRequest();
    const email = received({ raw: replyTo(request.replyKey) });
    const before = (await replies()).length;
    lines.length = 0;
    fake.failNext(1, { status: 500, body: { statusCode: 500, name: 'internal_server_error', message: 'Unexpected error' } });
    const response = await post(receivedEvent(email));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
    expect(await replies()).toHaveLength(before);
    expect(lines.join('\n')).toMatch(/could not fetch a received email/);
    expect(lines.join('\n')).not.toMatch(/@|re_test|reply\+/);

    // Resend sends it again once it answers: stored then.
    expect(await (await post(receivedEvent(email))).json()).toEqual({ ok: true, result: 'stored' });
  });

  it('answers 503 when the raw download fails', async () => {
    const request = await sentRequest();
    const email = received({ raw: replyTo(request.replyKey) });
    const before = (await replies()).length;
    // The metadata as Resend gives it, with a download link that answers 404 (an expired link, say).
    const metadata = await (await fetch(`${fake.baseUrl}/emails/receiving/${email.id}`, { headers: { authorization: 'Bearer x' } })).json();
    fake.failNext(1, { status: 200, body: { ...metadata, raw: { download_url: `${fake.baseUrl}/raw/expired`, expires_at: '' } } });
    expect((await post(receivedEvent(email))).status).toBe(503);
    expect(await replies()).toHaveLength(before);
  });

  it('refuses an over-size raw message cleanly: acknowledged, nothing stored, the download cut off', async () => {
    const before = (await replies()).length;
    const huge = new Uint8Array(RECEIVED_EMAIL_LIMITS.maxRawBytes + 1).fill(0x61);
    const email = received({ raw: huge });
    const response = await post(receivedEvent(email));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, result: 'refused' });
    expect(await replies()).toHaveLength(before);
  });

  it('is refused with a 401 when the signature does not verify, fetching nothing', async () => {
    const email = received({ raw: 'From: a@b.example\r\n\r\nhello' });
    const before = fake.requests.length;
    const response = await post(receivedEvent(email, { secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }));
    expect(response.status).toBe(401);
    expect(fake.requests.length).toBe(before);
  });
});
