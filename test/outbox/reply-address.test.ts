import { afterAll, describe, expect, it } from 'vitest';
import { findRequest, findRequestByReplyKey } from '../../src/db/requests.ts';
import { listOutbox, type OutboxEmail } from '../../src/db/outbox.ts';
import { REPLY_KEY } from '../../src/email-replies/index.ts';
import { followUpWaitingRequests } from '../../src/lifecycle/waiting-requests.ts';
import { resendMailer } from '../../src/mail/resend.ts';
import { localOperator } from '../../src/operator/local-operator.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import { reissueLink, resendEmail } from '../../src/support/request-actions.ts';
import { startFakeResend } from '../support/fake-resend.ts';
import { ACME_GYM, addProviders, queuedRequests, testDeps } from '../support/test-deps.ts';

// Issue 15, outbound: with INBOUND_DOMAIN every email about a request says where a reply goes
// (`reply+<key>@INBOUND_DOMAIN`, the key the request's own) and carries a Message-ID we set and keep,
// so a reply can be found by address or by thread. Without it, Reply-To is MAIL_REPLY_TO as before.

const DAY = 24 * 60 * 60 * 1000;
const INBOUND = { INBOUND_DOMAIN: 'reply.example.com', MAIL_REPLY_TO: 'help@canceldesk.test', ADMIN_TOKEN: 'admin-token-long-enough-0123456789abcdef' };
const LINE = 'You may instead simply reply to this email with what happened and the date.';
const SUPPORT = { accountId: 'sa_test' };

/** A world sending through the fake Resend (one email per call), with the given environment. */
async function resendWorld(env: Record<string, string>) {
  const fake = await startFakeResend();
  afterAll(() => fake.close());
  const { deps, clock, app } = await testDeps(env, { mailer: resendMailer({ apiKey: 're_test', baseUrl: fake.baseUrl, batches: false }) });
  await addProviders(deps, ACME_GYM);
  const newRequest = await queuedRequests(deps, ACME_GYM.id);
  /** What Resend received for an outbox email: the API's field names. */
  const sentAs = (email: OutboxEmail) => fake.accepted.get(email.idempotency_key)!.email as { reply_to?: string; headers?: Record<string, string>; text: string };
  const emailsOf = async (requestId: string) => (await listOutbox(deps.db, { requestId })).reverse();
  return { fake, deps, clock, app, newRequest, sentAs, emailsOf };
}

describe('with INBOUND_DOMAIN, through Resend', async () => {
  const w = await resendWorld(INBOUND);

  it('the request email, its reminder and a re-send carry the request’s reply+<key>@ address and each its own Message-ID', async () => {
    const id = await w.newRequest();
    await drainOutbox(w.deps);
    w.clock.advance(3 * DAY + 60_000);
    expect((await followUpWaitingRequests(w.deps)).reminded).toBe(1);
    expect(await resendEmail(w.deps, id, SUPPORT)).toEqual({ kind: 'done' });
    await drainOutbox(w.deps);

    const key = (await findRequest(w.deps.db, id))!.reply_key!;
    const emails = await w.emailsOf(id);
    expect(emails.map((e) => e.kind)).toEqual(['cancellation_request', 'reminder', 'cancellation_request']);
    for (const email of emails) {
      expect(email.reply_to).toBe(`reply+${key}@reply.example.com`);
      expect(email.message_id).toMatch(/^[a-z0-9_]+@reply\.example\.com$/);
      const sent = w.sentAs(email);
      expect(sent.reply_to).toBe(`reply+${key}@reply.example.com`);
      expect(sent.headers).toEqual({ 'Message-ID': `<${email.message_id}>` });
      expect(sent.text.replace(/\s+/g, ' ')).toContain(LINE);
    }
    expect(new Set(emails.map((e) => e.message_id)).size).toBe(3);
  });

  it('gives every request its own unguessable key: lower-case letters and digits, at most 40, random', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 20; i++) keys.push((await findRequest(w.deps.db, await w.newRequest()))!.reply_key!);
    for (const key of keys) {
      expect(key).toMatch(REPLY_KEY);
      expect(key).toMatch(/^[a-z2-7]{26}$/);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('re-issuing the link replaces the key: the old one finds nothing, the new email carries the new one', async () => {
    const id = await w.newRequest();
    const old = (await findRequest(w.deps.db, id))!.reply_key!;
    expect((await findRequestByReplyKey(w.deps.db, old))?.id).toBe(id);

    expect(await reissueLink(w.deps, id, SUPPORT)).toEqual({ kind: 'done' });
    await drainOutbox(w.deps);

    const fresh = (await findRequest(w.deps.db, id))!.reply_key!;
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(REPLY_KEY);
    expect(await findRequestByReplyKey(w.deps.db, old)).toBeNull();
    expect((await findRequestByReplyKey(w.deps.db, fresh))?.id).toBe(id);
    const [first, reissued] = await w.emailsOf(id);
    expect(first!.reply_to).toBe(`reply+${old}@reply.example.com`);
    expect(reissued!.reply_to).toBe(`reply+${fresh}@reply.example.com`);
    expect(w.sentAs(reissued!).reply_to).toBe(`reply+${fresh}@reply.example.com`);
  });

  it('outbox list (the operator behind `outbox list --json`, and the admin API it calls with --url) shows each email’s replyTo and messageId', async () => {
    const id = await w.newRequest();
    const [email] = await w.emailsOf(id);
    const listed = await localOperator(w.deps).listOutbox({ requestId: id });
    expect(listed).toEqual([expect.objectContaining({ id: email!.id, replyTo: email!.reply_to, messageId: email!.message_id })]);
    expect(listed[0]!.replyTo).toMatch(/^reply\+[a-z0-9]+@reply\.example\.com$/);

    const response = await w.app.request(`/api/v1/admin/outbox?request=${id}`, { headers: { authorization: `Bearer ${INBOUND.ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([expect.objectContaining({ replyTo: email!.reply_to, messageId: email!.message_id })]);
  });
});

describe('with INBOUND_DOMAIN, in the local outbox', async () => {
  const { deps } = await testDeps({ INBOUND_DOMAIN: 'reply.example.com' });
  await addProviders(deps, ACME_GYM);
  const newRequest = await queuedRequests(deps, ACME_GYM.id);

  it('keeps the Reply-To and the Message-ID with the email, before and after it is "sent"', async () => {
    const id = await newRequest();
    const key = (await findRequest(deps.db, id))!.reply_key!;
    const [queued] = await listOutbox(deps.db, { requestId: id });
    expect(queued).toMatchObject({ status: 'queued', reply_to: `reply+${key}@reply.example.com`, message_id: expect.stringMatching(/@reply\.example\.com$/) });
    await drainOutbox(deps);
    const [sent] = await listOutbox(deps.db, { requestId: id });
    expect(sent).toMatchObject({ status: 'sent', reply_to: queued!.reply_to, message_id: queued!.message_id });
  });
});

describe('without INBOUND_DOMAIN', async () => {
  const w = await resendWorld({ MAIL_REPLY_TO: 'help@canceldesk.test' });

  it('keeps MAIL_REPLY_TO as the Reply-To, gives no key, and says nothing about replying by email', async () => {
    const id = await w.newRequest();
    await drainOutbox(w.deps);
    expect(await reissueLink(w.deps, id, SUPPORT)).toEqual({ kind: 'done' });
    await drainOutbox(w.deps);

    expect((await findRequest(w.deps.db, id))!.reply_key).toBeNull();
    const emails = await w.emailsOf(id);
    expect(emails).toHaveLength(2);
    for (const email of emails) {
      expect(email.reply_to).toBe('help@canceldesk.test');
      const sent = w.sentAs(email);
      expect(sent.reply_to).toBe('help@canceldesk.test');
      expect(sent.text).not.toContain('reply to this email');
      // The Message-ID is still ours, on PUBLIC_URL's host, so a reply that quotes it can be threaded.
      expect(sent.headers).toEqual({ 'Message-ID': `<${email.message_id}>` });
      expect(email.message_id).toMatch(/@canceldesk\.test$/);
    }
  });
});
