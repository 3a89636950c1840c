import { describe, expect, it } from 'vitest';
import { readCappedBytes } from '../../src/mail/capped-bytes.ts';
import { rebuildMessage, type ReceivedEmailParts } from '../../src/mail/rebuilt-message.ts';
import { read } from '../email-replies/messages.ts';

// The two ways a door gets a received message's bytes besides a file: a stream read under a cap
// (a Resend raw download, an Email Worker's message.raw), and a message rebuilt from Resend's parts.

/** A stream of `chunk`-byte chunks that never ends on its own, counting what was pulled from it. */
function endless(chunk: number) {
  const counter = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    // Each chunk a macrotask later, as from a socket: a reader with no cap would run into the test's timeout.
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      counter.pulled += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x61));
    },
    cancel() {
      counter.cancelled = true;
    },
  });
  return { stream, counter };
}

describe('reading a received message under a cap', () => {
  it('reads a message of exactly the cap whole, chunk after chunk', async () => {
    const parts = ['From: a@b.example\r\n', '\r\n', 'hello'];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const result = await readCappedBytes(stream, parts.join('').length);
    expect(result.kind).toBe('read');
    if (result.kind === 'read') expect(new TextDecoder().decode(result.bytes)).toBe(parts.join(''));
  });

  it('stops past the cap and cancels the stream, without reading the rest', async () => {
    const { stream, counter } = endless(64 * 1024);
    expect(await readCappedBytes(stream, 1024 * 1024)).toEqual({ kind: 'too_large' });
    expect(counter.cancelled).toBe(true);
    expect(counter.pulled).toBeLessThan(2 * 1024 * 1024);
  });
});

const PARTS: ReceivedEmailParts = {
  from: 'Mark Jensen <cancellations@acme.example>',
  to: ['reply+k7d2m9x4q1@reply.canceldesk.test'],
  cc: null,
  subject: 'Re: Uppsägning – klart',
  message_id: '<m1@mail.acme.example>',
  created_at: '2026-12-07T09:41:07.000Z',
  headers: null,
  text: 'Avslutat, tillgång till och med 2027-01-31.\n\nMvh\nBjörn',
  html: '<p>Avslutat, tillgång till och med 2027-01-31.</p>',
};

describe('a message rebuilt from what Resend tells about it', () => {
  it('is read back with its sender, recipients, subject, thread and text', async () => {
    const email = await read(rebuildMessage({ ...PARTS, headers: { 'In-Reply-To': '<ours@canceldesk.test>' } }));
    expect(email).toMatchObject({
      from: { address: 'cancellations@acme.example', name: 'Mark Jensen' },
      to: [{ address: 'reply+k7d2m9x4q1@reply.canceldesk.test' }],
      subject: 'Re: Uppsägning – klart',
      messageId: 'm1@mail.acme.example',
      inReplyTo: 'ours@canceldesk.test',
      date: '2026-12-07T09:41:07.000Z',
      fullText: PARTS.text,
    });
  });

  it('is the same bytes every time it is rebuilt, in any process (so a retried event is stored once)', () => {
    expect(rebuildMessage(PARTS)).toEqual(rebuildMessage(structuredClone(PARTS)));
    // Pinned, so a boundary or date drawn once per process (different after a restart) is caught too.
    expect(new TextDecoder().decode(rebuildMessage(PARTS)).split('\r\n')).toEqual([
      'From: Mark Jensen <cancellations@acme.example>',
      'To: reply+k7d2m9x4q1@reply.canceldesk.test',
      'Subject: Re: Uppsägning – klart',
      'Date: Mon, 07 Dec 2026 09:41:07 GMT',
      'Message-ID: <m1@mail.acme.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="=_canceldesk_rebuilt"',
      '',
      '--=_canceldesk_rebuilt',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      'QXZzbHV0YXQsIHRpbGxnw6VuZyB0aWxsIG9jaCBtZWQgMjAyNy0wMS0zMS4KCk12aApCasO2cm4=',
      '--=_canceldesk_rebuilt',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      'PHA+QXZzbHV0YXQsIHRpbGxnw6VuZyB0aWxsIG9jaCBtZWQgMjAyNy0wMS0zMS48L3A+',
      '--=_canceldesk_rebuilt--',
      '',
    ]);
  });

  it('takes the original headers over the metadata, drops their body description, and lets no value add a header', async () => {
    const raw = new TextDecoder().decode(
      rebuildMessage({
        ...PARTS,
        headers: {
          From: 'Mark <mark@acme.example>',
          Subject: 'Re: Cancellation\r\nBcc: victim@elsewhere.example',
          'Content-Type': 'text/html',
          'Bad Name:': 'x',
        },
      }),
    );
    const headerLines = raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n');
    expect(headerLines.filter((line) => /^(From|Subject|Bcc|Content-Type|Bad Name):/i.test(line))).toEqual([
      'From: Mark <mark@acme.example>',
      'Subject: Re: Cancellation Bcc: victim@elsewhere.example',
      'Content-Type: multipart/alternative; boundary="=_canceldesk_rebuilt"',
    ]);
    expect((await read(new TextEncoder().encode(raw))).from?.address).toBe('mark@acme.example');
  });

  it('is an empty text message when Resend has neither text nor HTML', async () => {
    expect((await read(rebuildMessage({ ...PARTS, text: null, html: null }))).fullText).toBe('');
  });
});
