import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { OutgoingEmail } from '../../src/mail/mailer.ts';
import { resendMailer } from '../../src/mail/resend.ts';
import { startFakeResend } from '../support/fake-resend.ts';
import type { FakeResend } from '../support/fake-resend.ts';

// Real HTTP against a fake Resend: this exercises the SDK's own request building and error parsing,
// which is where a mismatch with the real API would show up.

function email(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: 'Canceldesk <cancel@canceldesk.test>',
    to: ['support@provider.test'],
    replyTo: 'reply+abc@canceldesk.test',
    messageId: null,
    subject: 'Please cancel subscription 42',
    html: '<p>Please cancel subscription 42.</p>',
    text: 'Please cancel subscription 42.',
    idempotencyKey: `outbox-${randomUUID()}`,
    ...overrides,
  };
}

describe('resendMailer', () => {
  let fake: FakeResend;
  let mailer: ReturnType<typeof resendMailer>;

  beforeAll(async () => {
    fake = await startFakeResend();
    mailer = resendMailer({ apiKey: 're_test_123', baseUrl: fake.baseUrl });
  });
  afterAll(() => fake.close());

  const requestsWithKey = (key: string) => fake.requests.filter((r) => r.idempotencyKey === key);

  it('returns sent with the message id, and sends key, from, to, subject, html, text and reply_to', async () => {
    const outgoing = email();
    const result = await mailer.send(outgoing);

    const delivered = fake.accepted.get(outgoing.idempotencyKey);
    expect(delivered).toBeDefined();
    expect(result).toEqual({ status: 'sent', messageId: delivered!.id });

    const [request] = requestsWithKey(outgoing.idempotencyKey);
    expect(request).toMatchObject({ method: 'POST', path: '/emails' });
    expect(request!.headers['authorization']).toBe('Bearer re_test_123');
    expect(request!.body).toMatchObject({
      from: outgoing.from,
      to: ['support@provider.test'],
      subject: outgoing.subject,
      html: outgoing.html,
      text: outgoing.text,
      reply_to: 'reply+abc@canceldesk.test',
    });
  });

  it('sends the Message-ID we set as a header, in brackets, on one email and in a batch', async () => {
    const outgoing = email({ messageId: 'mk3v9x2q7w8r4t6y1u0i5o3p2a@reply.example.com' });
    expect(await mailer.send(outgoing)).toMatchObject({ status: 'sent' });
    expect(requestsWithKey(outgoing.idempotencyKey)[0]!.body).toMatchObject({ headers: { 'Message-ID': '<mk3v9x2q7w8r4t6y1u0i5o3p2a@reply.example.com>' } });

    const { idempotencyKey, ...first } = email({ messageId: 'first@reply.example.com' });
    const batchKey = `batch-${randomUUID()}`;
    expect(await mailer.sendBatch!([first, { ...first, messageId: null }], batchKey)).toMatchObject({ status: 'answered' });
    const [one, two] = requestsWithKey(batchKey)[0]!.body as Record<string, unknown>[];
    expect(one).toMatchObject({ headers: { 'Message-ID': '<first@reply.example.com>' } });
    expect(two).not.toHaveProperty('headers');
  });

  it('leaves reply_to out when the email has no reply-to address', async () => {
    const outgoing = email({ replyTo: null });
    expect(await mailer.send(outgoing)).toMatchObject({ status: 'sent' });
    expect(requestsWithKey(outgoing.idempotencyKey)[0]!.body).not.toHaveProperty('reply_to');
  });

  it('delivers once when the same email is sent twice with the same idempotency key', async () => {
    const outgoing = email();
    const before = fake.duplicatesSuppressed;
    const first = await mailer.send(outgoing);
    const second = await mailer.send(outgoing);

    expect(first).toMatchObject({ status: 'sent' });
    expect(second).toEqual(first);
    expect(requestsWithKey(outgoing.idempotencyKey)).toHaveLength(2);
    expect([...fake.accepted.values()].filter((a) => a.idempotencyKey === outgoing.idempotencyKey)).toHaveLength(1);
    expect(fake.duplicatesSuppressed).toBe(before + 1);
  });

  it('asks for a retry after the Retry-After seconds when rate limited (429)', async () => {
    fake.failNext(1, {
      status: 429,
      headers: { 'retry-after': '2' },
      body: { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests. Limit is 2 per second.' },
    });
    const outgoing = email();
    const result = await mailer.send(outgoing);

    expect(result).toMatchObject({ status: 'retry', retryAfterSeconds: 2 });
    expect(fake.accepted.has(outgoing.idempotencyKey)).toBe(false);
  });

  it('still treats a 429 without a usable Retry-After as a rate limit, waiting a minute', async () => {
    fake.failNext(1, {
      status: 429,
      body: { statusCode: 429, name: 'daily_quota_exceeded', message: 'You have reached your daily email sending quota.' },
    });
    expect(await mailer.send(email())).toMatchObject({ status: 'retry', retryAfterSeconds: 60 });
  });

  it('rejects without retry on a validation error (422), naming the error', async () => {
    fake.failNext(1, {
      status: 422,
      body: { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' },
    });
    const result = await mailer.send(email());

    expect(result.status).toBe('rejected');
    expect(result).toHaveProperty('error', expect.stringContaining('validation_error'));
  });

  it('asks for a retry when Resend fails on its side (500)', async () => {
    fake.failNext(1, {
      status: 500,
      body: { statusCode: 500, name: 'internal_server_error', message: 'An unexpected error occurred.' },
    });
    expect(await mailer.send(email())).toMatchObject({ status: 'retry' });
  });

  it('asks for a retry when a proxy answers 502 with an HTML page instead of JSON', async () => {
    fake.failNext(1, { status: 502, body: '<html><body>Bad Gateway</body></html>' });
    expect(await mailer.send(email())).toMatchObject({ status: 'retry' });
  });

  it('asks for a retry when an earlier request with the same key is still in flight (409)', async () => {
    fake.failNext(1, {
      status: 409,
      body: { statusCode: 409, name: 'concurrent_idempotent_requests', message: 'Same key, request in progress.' },
    });
    expect(await mailer.send(email())).toMatchObject({ status: 'retry' });
  });

  it('asks for a retry, without throwing, when the connection is refused', async () => {
    const closed = await startFakeResend();
    await closed.close();
    const offline = resendMailer({ apiKey: 're_test_123', baseUrl: closed.baseUrl });

    await expect(offline.send(email())).resolves.toMatchObject({ status: 'retry' });
  });
});
