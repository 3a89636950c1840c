import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, bytes, CANCELLED_SUGGESTION, inboundWorld } from './inbound-world.ts';
import { rawMessage, REPLY_HEADERS } from './messages.ts';

// `POST /api/v1/admin/inbound` with the raw message as `message/rfc822`: the CLI's --url door, and one a
// mail gateway can post to. Same use case, same JSON as `canceldesk inbound receive --json`.

const lines: string[] = [];
const world = await inboundWorld({ log: (line) => void lines.push(line) });
const LIMIT = 10 * 1024 * 1024;

function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  return world.app.request('/api/v1/admin/inbound', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'message/rfc822', ...headers },
    body,
    // A stream is sent as it comes, without a Content-Length.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

describe('POST /api/v1/admin/inbound', () => {
  it('stores a reply (201) and answers the same message again with it (200)', async () => {
    const request = await world.sentRequest();
    const raw = world.replyToAddress(request.replyKey);
    const first = await post(raw);
    expect(first.status).toBe(201);
    const reply = await first.json();
    expect(reply).toEqual({ id: expect.stringMatching(/^er_/), requestId: request.id, matchedBy: 'address', kind: 'reply', suggestion: CANCELLED_SUGGESTION });
    const again = await post(bytes(raw));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(reply);
    expect((await world.replies()).filter((row) => row.id === reply.id)).toMatchObject([{ source: 'admin_api' }]);
  });

  it('takes the media type with parameters and in any case', async () => {
    const request = await world.sentRequest();
    expect((await post(world.replyInThread(request.messageId), { 'content-type': 'Message/RFC822; charset=utf-8' })).status).toBe(201);
  });

  it('refuses another media type with a 415, storing nothing', async () => {
    const request = await world.sentRequest();
    const count = (await world.replies()).length;
    for (const contentType of ['text/plain', 'application/json', 'message/rfc822-headers']) {
      const response = await post(world.replyToAddress(request.replyKey), { 'content-type': contentType });
      expect([contentType, response.status]).toEqual([contentType, 415]);
      expect(await response.json()).toEqual({ error: { code: 'unsupported_media_type', message: 'Send the message as message/rfc822' } });
    }
    expect(await world.replies()).toHaveLength(count);
  });

  it('refuses an empty message with a 400 naming the body', async () => {
    const response = await post('');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_request', message: 'The message is empty.', fields: { body: 'The message is empty.' } } });
  });

  it('refuses a message over 10 MB with a 413 on its Content-Length, before reading the body', async () => {
    let pulled = 0;
    // A body that would never end: only a refusal on the declared length answers at all.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const response = await world.app.request('/api/v1/admin/inbound', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'message/rfc822', 'content-length': String(LIMIT + 1) },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'payload_too_large', message: `The message is larger than ${LIMIT} bytes.` } });
    expect(pulled).toBeLessThan(3);
  });

  it('refuses a message over 10 MB sent without a Content-Length, once past the limit', async () => {
    const count = (await world.replies()).length;
    const huge = bytes(rawMessage(REPLY_HEADERS, 'x'.repeat(LIMIT)));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < huge.byteLength; at += 1024 * 1024) controller.enqueue(huge.subarray(at, at + 1024 * 1024));
        controller.close();
      },
    });
    const response = await post(chunked, {});
    expect(response.status).toBe(413);
    expect(await world.replies()).toHaveLength(count);
  });

  it('takes a message of exactly 10 MB', async () => {
    const head = rawMessage(REPLY_HEADERS, '');
    const raw = head + 'x'.repeat(LIMIT - bytes(head).byteLength);
    expect(bytes(raw).byteLength).toBe(LIMIT);
    expect((await post(raw)).status).toBe(201);
  });

  it('needs the admin token before anything else', async () => {
    const request = await world.sentRequest();
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdefghijkl']) {
      const response = await world.app.request('/api/v1/admin/inbound', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...(authorization ? { authorization } : {}) },
        body: world.replyToAddress(request.replyKey),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('logs no address, subject or word of a message', () => {
    expect(lines.length).toBeGreaterThan(0);
    const logged = lines.join('\n');
    for (const words of ['acme.example', 'Mark', 'Cancellation request', 'cancelled', 'reply+']) expect(logged).not.toContain(words);
  });
});
