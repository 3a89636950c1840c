import type { ForwardableEmailMessage } from '@cloudflare/workers-types';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshEntry } from './support/fresh-entry.ts';

// Issue 15, inbound through Cloudflare Email Routing: the Workers entry's email() handler reads
// message.raw under the size limit and stores the message on D1 like every other door; what can never
// be stored is refused in the SMTP session with setReject.

const INBOUND_DOMAIN = 'reply.canceldesk.test';
/** The bindings with INBOUND_DOMAIN: this file's first call to the entry makes them the isolate's. */
const ENV = { ...env, INBOUND_DOMAIN };
const MAX_RAW_BYTES = 10 * 1024 * 1024;

const entry = freshEntry();

beforeAll(async () => {
  const { worker } = entry;
  const { appApi, seedProviderAndClient } = entry.world;
  const ctx = createExecutionContext();
  expect((await worker.fetch(new Request('https://canceldesk.test/healthz'), ENV, ctx)).status).toBe(200);
  await waitOnExecutionContext(ctx);
  // The provider, client and request the tests reply to, seeded once: the first email rendered is slow.
  const { apiKey } = await seedProviderAndClient('mail-gym');
  const created = (await (await appApi(apiKey).create('mail-gym')).json()) as { id: string };
  const row = await env.DB.prepare('SELECT reply_key FROM cancellation_requests WHERE id = ?').bind(created.id).first<{ reply_key: string }>();
  request = { id: created.id, replyKey: row!.reply_key };
}, 60_000);

let request: { id: string; replyKey: string };

/** A message as Email Routing hands it over: envelope, headers, the bytes as a stream in 16 KiB chunks. */
function routedEmail(raw: Uint8Array | ReadableStream<Uint8Array>, to: string, rawSize?: number) {
  const rejections: string[] = [];
  const stream =
    raw instanceof ReadableStream
      ? raw
      : new ReadableStream<Uint8Array>({
          start(controller) {
            for (let offset = 0; offset < raw.byteLength; offset += 16 * 1024) controller.enqueue(raw.slice(offset, offset + 16 * 1024));
            controller.close();
          },
        });
  const message: ForwardableEmailMessage = {
    from: 'bounces+1234@mail.acme.example',
    to,
    headers: new Headers(),
    raw: stream,
    rawSize: rawSize ?? (raw instanceof ReadableStream ? 0 : raw.byteLength),
    canBeForwarded: true,
    setReject: (reason: string) => void rejections.push(reason),
    forward: () => Promise.reject(new Error('not used')),
    reply: () => Promise.reject(new Error('not used')),
  } as ForwardableEmailMessage;
  return { message, rejections };
}

async function deliver(message: ForwardableEmailMessage) {
  const ctx = createExecutionContext();
  await entry.worker.email(message, ENV, ctx);
  await waitOnExecutionContext(ctx);
}

/** A provider's reply as their mail client writes it, to Canceldesk's visible address (not the reply one). */
const reply = (messageId: string, text: string) =>
  new TextEncoder().encode(
    [
      'Return-Path: <bounces+1234@mail.acme.example>',
      'From: Mark Jensen <cancellations@mail-gym.example>',
      'To: Canceldesk <cancellations@canceldesk.test>',
      'Subject: Re: Cancellation request',
      'Date: Mon, 07 Dec 2026 09:41:07 +0100',
      `Message-ID: <${messageId}@mail.acme.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      '',
      '> On Fri, 4 Dec 2026, Canceldesk wrote:',
      '> Please cancel the membership of Jane Doe.',
      '',
    ].join('\r\n'),
  );

const CANCELLED = 'Hi,\r\n\r\nThe membership has been cancelled, access until 31 January 2027.\r\n\r\nBest regards\r\nMark';

const repliesTo = async (requestId: string) =>
  (
    await env.DB.prepare('SELECT source, request_id, matched_by, kind, suggested_outcome, suggested_date FROM email_replies WHERE request_id = ?')
      .bind(requestId)
      .all()
  ).results;
const replyCount = async () => (await env.DB.prepare('SELECT count(*) AS n FROM email_replies').first<{ n: number }>())!.n;

describe('an email Cloudflare Email Routing hands the Workers entry', () => {
  it('is stored on D1, matched by its envelope recipient (our reply address), with the suggested outcome', async () => {
    const { id, replyKey } = request;
    expect(replyKey).toMatch(/^[a-z0-9]+$/);

    const { message, rejections } = routedEmail(reply('r1', CANCELLED), `reply+${replyKey}@${INBOUND_DOMAIN}`);
    await deliver(message);
    expect(rejections).toEqual([]);
    expect(await repliesTo(id)).toEqual([
      { source: 'email_worker', request_id: id, matched_by: 'address', kind: 'reply', suggested_outcome: 'cancelled', suggested_date: '2027-01-31' },
    ]);

    // The same message again (a sending server that retried): one reply.
    await deliver(routedEmail(reply('r1', CANCELLED), `reply+${replyKey}@${INBOUND_DOMAIN}`).message);
    expect(await repliesTo(id)).toHaveLength(1);
  });

  it('rejects a message announced over the size limit without reading it, storing nothing', async () => {
    const before = await replyCount();
    const { message, rejections } = routedEmail(reply('r2', CANCELLED), `reply+unknown@${INBOUND_DOMAIN}`, MAX_RAW_BYTES + 1);
    await deliver(message);
    expect(rejections).toEqual([`The message is larger than ${MAX_RAW_BYTES} bytes.`]);
    expect(await replyCount()).toBe(before);
  });

  it('rejects a message whose stream runs past the limit though its announced size did not, and stops reading it', async () => {
    const before = await replyCount();
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024 * 1024;
        controller.enqueue(new Uint8Array(1024 * 1024).fill(0x61));
      },
    });
    const { message, rejections } = routedEmail(endless, `reply+unknown@${INBOUND_DOMAIN}`, 1000);
    await deliver(message);
    expect(rejections).toEqual([`The message is larger than ${MAX_RAW_BYTES} bytes.`]);
    expect(pulled).toBeLessThan(MAX_RAW_BYTES + 3 * 1024 * 1024);
    expect(await replyCount()).toBe(before);
  });

  it('rejects an empty message, and keeps an unmatched one for support', async () => {
    const empty = routedEmail(new Uint8Array(0), `reply+unknown@${INBOUND_DOMAIN}`);
    await deliver(empty.message);
    expect(empty.rejections).toEqual(['The message is empty.']);

    const before = await replyCount();
    const stranger = routedEmail(reply('r3', 'Who are you?'), `reply+forgedkey000000000000000@${INBOUND_DOMAIN}`);
    await deliver(stranger.message);
    expect(stranger.rejections).toEqual([]);
    expect(await replyCount()).toBe(before + 1);
  });
});
