import { describe, expect, it } from 'vitest';
import { receiveEmail } from '../../src/email-replies/receive.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { historyOf, requestState } from '../support/request-state.ts';
import { bytes, CANCELLED_SUGGESTION, CANCELLED_TEXT, inboundWorld, PROVIDER_ADDRESS, STRANGER } from './inbound-world.ts';
import { rawMessage, REPLY_HEADERS } from './messages.ts';

// Issue 15, inbound: one use case stores every received message as an email reply, matched to its
// request when it can be, with a suggested outcome for support; the doors only hand it bytes.

const world = await inboundWorld();
const receive = (raw: string | Uint8Array<ArrayBuffer>) => receiveEmail(world.deps, { raw: typeof raw === 'string' ? bytes(raw) : raw, source: 'cli' });
const rowOf = async (id: string) => (await world.replies()).find((row) => row.id === id)!;

describe('a reply from the provider', () => {
  it('is stored, matched by its reply address, with the suggested outcome', async () => {
    const request = await world.sentRequest();
    const result = await receive(world.replyToAddress(request.replyKey));
    expect(result).toEqual({
      kind: 'stored',
      reply: { id: expect.stringMatching(/^er_/), requestId: request.id, matchedBy: 'address', kind: 'reply', suggestion: CANCELLED_SUGGESTION },
    });
    if (result.kind !== 'stored') return;
    expect(await rowOf(result.reply.id)).toMatchObject({
      source: 'cli',
      state: 'open',
      from_address: PROVIDER_ADDRESS,
      from_name: 'Mark Jensen',
      subject: 'Re: Cancellation request',
      visible_text: 'Hi,\n\nThe membership has been cancelled, access until 31 January 2027.',
      full_text: CANCELLED_TEXT,
      suggested_outcome: 'cancelled',
      suggested_date: '2027-01-31',
      received_at: world.clock.now().toISOString(),
      sent_at: '2026-11-23T09:41:07.000Z',
    });
  });

  it('records nothing on its own: the request stays sent until support accepts', async () => {
    const request = await world.sentRequest();
    const before = await requestState(world.deps, request.id);
    await receive(world.replyToAddress(request.replyKey));
    expect(await requestState(world.deps, request.id)).toEqual(before);
  });

  it('is matched by the thread, or by our reference from the provider, and not by a reference from a stranger', async () => {
    const request = await world.sentRequest();
    expect(await receive(world.replyInThread(request.messageId))).toMatchObject({ reply: { requestId: request.id, matchedBy: 'thread' } });
    expect(await receive(world.mailQuoting(request.reference, PROVIDER_ADDRESS))).toMatchObject({ reply: { requestId: request.id, matchedBy: 'reference' } });
    expect(await receive(world.mailQuoting(request.reference, STRANGER))).toMatchObject({
      kind: 'stored',
      reply: { requestId: null, matchedBy: null, suggestion: null },
    });
  });

  it('is kept unmatched, never suggested, when its reply key is unknown', async () => {
    const result = await receive(world.replyToAddress('forgedkey0000000000000000'));
    expect(result).toMatchObject({ kind: 'stored', reply: { requestId: null, matchedBy: null, kind: 'reply', suggestion: null } });
  });
});

describe('the same message twice', () => {
  it('is stored once: the second time answers with the first reply', async () => {
    const request = await world.sentRequest();
    const raw = bytes(world.replyToAddress(request.replyKey));
    const count = (await world.replies()).length;
    const first = await receive(raw);
    const again = await receive(raw.slice());
    expect(first.kind).toBe('stored');
    expect(again).toEqual({ kind: 'duplicate', reply: first.kind === 'stored' ? first.reply : null });
    expect(await world.replies()).toHaveLength(count + 1);
  });

  it('is stored once, and a bounce applied once, when three doors take it at the same moment', async () => {
    const request = await world.sentRequest();
    const raw = bytes(world.bounce(request.messageId));
    const count = (await world.replies()).length;
    // Each door has looked for the message before any of them writes it.
    const atOnce = barrier(3);
    const deps = { ...world.deps, atomic: async (writes: Parameters<typeof world.deps.atomic>[0]) => (await atOnce(), world.deps.atomic(writes)) };
    const results = await Promise.all([1, 2, 3].map(() => receiveEmail(deps, { raw, source: 'resend' })));
    expect(results.map((r) => r.kind).sort()).toEqual(['duplicate', 'duplicate', 'stored']);
    expect(new Set(results.map((r) => (r.kind === 'refused' ? null : r.reply.id))).size).toBe(1);
    expect(await world.replies()).toHaveLength(count + 1);
    expect(await historyOf(world.deps, request.id, 'email_bounced')).toHaveLength(1);
    await runScheduledWork(world.deps);
    expect(world.eventsFor(request.id)).toEqual(['cancellation_request.sent', 'cancellation_request.delivery_failed']);
  });
});

/** Resolves each waiter once `parties` of them wait. */
function barrier(parties: number): () => Promise<void> {
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  return () => {
    if (++waiting === parties) release();
    return all;
  };
}

describe('machines answering', () => {
  it('stores an auto-reply matched but never suggests from it', async () => {
    const request = await world.sentRequest();
    expect(await receive(world.autoReply(request.replyKey))).toMatchObject({
      kind: 'stored',
      reply: { requestId: request.id, matchedBy: 'address', kind: 'auto_reply', suggestion: null },
    });
  });

  it('turns a delivery report about our email into delivery_failed, with the webhook, once', async () => {
    const request = await world.sentRequest();
    const raw = bytes(world.bounce(request.messageId));
    const result = await receive(raw);
    expect(result).toMatchObject({ kind: 'stored', reply: { requestId: request.id, matchedBy: 'thread', kind: 'bounce', suggestion: null } });
    if (result.kind !== 'stored') return;
    expect(await rowOf(result.reply.id)).toMatchObject({ state: 'handled', resolution: 'bounce_applied', handled_by: 'system' });
    expect(await world.appView(request.id)).toMatchObject({ status: 'delivery_failed' });
    const entries = await historyOf(world.deps, request.id, 'email_bounced');
    expect(entries).toMatchObject([{ actor: 'mail' }]);
    expect(JSON.parse(entries[0]!.detail!)).toMatchObject({ emailReply: result.reply.id, kind: 'cancellation_request' });

    await runScheduledWork(world.deps);
    expect(world.eventsFor(request.id)).toEqual(['cancellation_request.sent', 'cancellation_request.delivery_failed']);
    expect(await receive(raw)).toMatchObject({ kind: 'duplicate', reply: { id: result.reply.id } });
    await runScheduledWork(world.deps);
    expect(await historyOf(world.deps, request.id, 'email_bounced')).toHaveLength(1);
    expect(world.eventsFor(request.id)).toHaveLength(2);
  });

  it('leaves an answered request answered when its email bounces late', async () => {
    const request = await world.sentRequest();
    const path = await world.replyPathOf(request.id);
    await world.sendForm(path, { outcome: 'not_found' });
    await receive(world.bounce(request.messageId));
    expect(await world.appView(request.id)).toMatchObject({ status: 'answered' });
    expect(await historyOf(world.deps, request.id, 'email_bounced')).toHaveLength(1);
  });

  it('keeps a delivery report about no email of ours open and unmatched', async () => {
    expect(await receive(world.bounce('not-ours@elsewhere.example'))).toMatchObject({ kind: 'stored', reply: { requestId: null, kind: 'bounce' } });
  });
});

describe('bad input', () => {
  it('refuses an empty message and one over 10 MB, storing nothing', async () => {
    const count = (await world.replies()).length;
    expect(await receive(new Uint8Array(0))).toEqual({ kind: 'refused', reason: 'empty', message: 'The message is empty.' });
    const huge = rawMessage(REPLY_HEADERS, 'x'.repeat(10 * 1024 * 1024));
    expect(await receive(huge)).toMatchObject({ kind: 'refused', reason: 'too_large' });
    expect(await world.replies()).toHaveLength(count);
  });

  it('keeps a message the parser cannot read, unmatched, with a note saying so and its text', async () => {
    let raw = 'From: provider@acme.example\r\nSubject: Cancelled CD-XXXX\r\n';
    for (let i = 0; i < 300; i++) raw += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    raw += 'Content-Type: text/plain\r\n\r\nThe membership has been cancelled.\r\n';
    const result = await receive(raw);
    expect(result).toMatchObject({ kind: 'stored', reply: { requestId: null, matchedBy: null, kind: 'reply', suggestion: null } });
    if (result.kind !== 'stored') return;
    const row = await rowOf(result.reply.id);
    expect(JSON.parse(row.notes)).toEqual([{ unreadable: expect.stringContaining('could not be read') }]);
    expect(row.full_text).toContain('The membership has been cancelled.');
    expect(await receive(raw)).toMatchObject({ kind: 'duplicate' });
  });

  it('keeps a message without From, and one with 8-bit headers, as replies to triage', async () => {
    const { From: _, ...withoutFrom } = REPLY_HEADERS;
    expect(await receive(rawMessage(withoutFrom, 'Cancelled.'))).toMatchObject({ kind: 'stored', reply: { requestId: null } });
    const latin1 = Uint8Array.from('From: J\xf6rg <j@fitwerk.example>\r\nSubject: K\xfcndigung\r\n\r\nGek\xfcndigt.\r\n', (c) => c.charCodeAt(0));
    const result = await receive(latin1);
    expect(result).toMatchObject({ kind: 'stored', reply: { requestId: null } });
    if (result.kind === 'stored') expect(await rowOf(result.reply.id)).toMatchObject({ from_address: 'j@fitwerk.example' });
  });
});

describe('privacy', () => {
  it('shows the app nothing of a reply: not in its view, not in any webhook', async () => {
    const request = await world.sentRequest();
    const secretText = 'Cancelled, access until 31 January 2027. Private note: owes us 45 EUR.';
    await receive(world.replyToAddress(request.replyKey, secretText));
    await receive(world.bounce(request.messageId));
    await runScheduledWork(world.deps);
    const seen = JSON.stringify([await world.appView(request.id), world.endpoint.processed().map((r) => r.payload)]);
    for (const word of ['owes us', 'Mark Jensen', PROVIDER_ADDRESS, 'MAILER-DAEMON', 'er_', 'Undelivered']) expect(seen).not.toContain(word);
  });
});
