import { describe, expect, it } from 'vitest';
import { readReceivedEmail } from '../../src/email-replies/read-received-email.ts';
import { RECEIVED_EMAIL_LIMITS } from '../../src/email-replies/received-email.ts';
import { rawMessage, read, REPLY_HEADERS } from './messages.ts';

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('reading a received message', () => {
  it('keeps sender, recipients, date, subject and the thread headers, ids without brackets', async () => {
    const email = await read(
      rawMessage(
        {
          ...REPLY_HEADERS,
          Cc: 'Billing <billing@fithub.example>, "Team": a@fithub.example, b@fithub.example;',
          'Delivered-To': 'reply+k7d2m9x4q1@reply.canceldesk.example',
          'X-Original-To': 'reply+k7d2m9x4q1@reply.canceldesk.example',
          'In-Reply-To': '<cr_1.req@canceldesk.example> <other@x.example>',
          References: '<first@canceldesk.example>\r\n <cr_1.req@canceldesk.example>',
        },
        'Cancelled.',
      ),
    );
    expect(email).toMatchObject({
      from: { address: 'cancel@fithub.example', name: 'Mark Jensen' },
      to: [{ address: 'reply+k7d2m9x4q1@reply.canceldesk.example', name: '' }],
      cc: [
        { address: 'billing@fithub.example', name: 'Billing' },
        { address: 'a@fithub.example', name: '' },
        { address: 'b@fithub.example', name: '' },
      ],
      deliveredTo: ['reply+k7d2m9x4q1@reply.canceldesk.example', 'reply+k7d2m9x4q1@reply.canceldesk.example'],
      date: '2026-12-03T09:41:07.000Z',
      subject: 'Re: Cancellation request: Jane Doe (CD-7K3M9QX2)',
      messageId: 'reply-1@fithub.example',
      inReplyTo: 'cr_1.req@canceldesk.example',
      references: ['first@canceldesk.example', 'cr_1.req@canceldesk.example'],
      notes: [],
    });
  });

  it.each([
    ['text only', { 'Content-Type': 'text/plain; charset=utf-8' }, 'Hello <b>there</b>', 'Hello <b>there</b>'],
    ['HTML only, converted', { 'Content-Type': 'text/html; charset=utf-8' }, '<p>Hello <b>there</b></p><script>alert(1)</script><img src="cid:x" alt="logo">', 'Hello there'],
    ['HTML links, without their targets', { 'Content-Type': 'text/html' }, '<a href="https://evil.example/?x=1">my account</a>', 'my account'],
  ])('keeps plain text only: %s', async (_, headers, body, fullText) => {
    const email = await read(rawMessage({ ...REPLY_HEADERS, ...headers }, body));
    expect(email.fullText).toBe(fullText);
    expect(email).not.toHaveProperty('html');
  });

  it('lists attachments by name, type and size, never their content', async () => {
    const body = [
      '--b1', 'Content-Type: text/plain', '', 'See the attachment.',
      '--b1', 'Content-Type: application/pdf; name="confirmation.pdf"', 'Content-Disposition: attachment; filename="confirmation.pdf"', 'Content-Transfer-Encoding: base64', '', 'JVBERi0xLjQK',
      '--b1--', '',
    ].join('\n');
    const email = await read(rawMessage({ ...REPLY_HEADERS, 'Content-Type': 'multipart/mixed; boundary="b1"' }, body));
    expect(email.attachments).toEqual([{ filename: 'confirmation.pdf', mimeType: 'application/pdf', size: 9 }]);
    expect(JSON.stringify(email)).not.toContain('JVBER');
  });

  it('strips control and bidi characters from headers and text', async () => {
    const email = await read(rawMessage({ ...REPLY_HEADERS, Subject: 'Re: a\u0000b \u202Eevil' }, 'x\u0000y \u202Ez'));
    expect(email.subject).toBe('Re: a b evil');
    expect(email.fullText).toBe('xy z');
  });

  it('reads what is there when the From header is missing, a group, or 8-bit bytes', async () => {
    const { From: _, ...withoutFrom } = REPLY_HEADERS;
    expect((await read(rawMessage(withoutFrom, 'Cancelled.'))).from).toBeNull();
    expect((await read(rawMessage({ ...REPLY_HEADERS, From: 'Team: a@x.example, b@x.example;' }, 'x'))).from).toBeNull();
    const eightBit = await read(latin1('From: J\xf6rg <j@fitwerk.example>\r\nSubject: K\xfcndigung\r\n\r\nGek\xfcndigt.\r\n'));
    expect(eightBit.from?.address).toBe('j@fitwerk.example');
    expect(eightBit.subject).toMatch(/^K.ndigung$/);
  });

  it('reads a message that is not MIME at all as text, with no sender', async () => {
    const email = await read('just a line of text\r\nand another');
    expect(email.from).toBeNull();
  });

  it.each([
    ['a 0-byte message', '', 'empty'],
    ['a 0-byte buffer', new Uint8Array(0), 'empty'],
    ['nesting deeper than the parser allows', deeplyNested(300), 'unreadable'],
    ['headers over the parser limit', `From: a@b.example\r\n${`X-Junk: ${'a'.repeat(990)}\r\n`.repeat(2500)}\r\nbody`, 'unreadable'],
  ])('refuses %s without throwing', async (_, raw, reason) => {
    expect(await readReceivedEmail(raw)).toMatchObject({ kind: 'refused', reason });
  });

  it('refuses a message over the raw size limit before parsing it', async () => {
    const limits = { ...RECEIVED_EMAIL_LIMITS, maxRawBytes: 1000 };
    const raw = rawMessage(REPLY_HEADERS, 'x'.repeat(1000));
    expect(await readReceivedEmail(raw, limits)).toMatchObject({ kind: 'refused', reason: 'too_large' });
    expect(await readReceivedEmail(new TextEncoder().encode(raw), limits)).toMatchObject({ kind: 'refused', reason: 'too_large' });
    // Counted in bytes: 400 "ä" are 800 bytes.
    expect(await readReceivedEmail(rawMessage({ From: 'a@b.example' }, 'ä'.repeat(400)), limits)).toMatchObject({ kind: 'read' });
    expect(await readReceivedEmail(rawMessage({ From: 'a@b.example' }, 'ä'.repeat(500)), limits)).toMatchObject({ kind: 'refused' });
  });

  it('cuts text, subject, attachments, recipients and references at their limits and notes each cut', async () => {
    const limits = { ...RECEIVED_EMAIL_LIMITS, maxTextChars: 100, maxSubjectChars: 10, maxAttachmentsListed: 1, maxRecipients: 2, maxReferences: 2 };
    const body = ['--b', 'Content-Type: text/plain', '', 'y'.repeat(500), '--b', 'Content-Type: image/png', '', 'a', '--b', 'Content-Type: image/png', '', 'b', '--b--', ''].join('\n');
    const email = await read(
      rawMessage(
        { ...REPLY_HEADERS, To: 'a@x.example, b@x.example, c@x.example', References: '<1@x> <2@x> <3@x>', 'Content-Type': 'multipart/mixed; boundary="b"' },
        body,
      ),
      limits,
    );
    expect(email.fullText).toHaveLength(100);
    expect(email.subject).toBe('Re: Cancel');
    expect(email.attachments).toHaveLength(1);
    expect(email.to.map((m) => m.address)).toEqual(['a@x.example', 'b@x.example']);
    expect(email.references).toEqual(['2@x', '3@x']);
    expect(email.notes).toEqual([
      { cut: 'subject', limit: 10 },
      { cut: 'text', limit: 100 },
      { cut: 'recipients', limit: 2 },
      { cut: 'references', limit: 2 },
      { cut: 'attachments', limit: 1 },
    ]);
  });

  it('converts at most the first megabyte of HTML (html-to-text takes ~0.45 s a megabyte) and notes the cut', async () => {
    const limits = { ...RECEIVED_EMAIL_LIMITS, maxTextChars: 10 * 1024 * 1024 };
    const html = `<p>${'word '.repeat(250_000)}</p><p>beyond the first megabyte</p>`;
    const email = await read(rawMessage({ ...REPLY_HEADERS, 'Content-Type': 'text/html' }, html), limits);
    expect(email.fullText).toMatch(/^word word/);
    expect(email.fullText).not.toContain('beyond');
    expect(email.notes).toEqual([{ cut: 'html', limit: 1024 * 1024 }]);
  });

  it('keeps the Message-ID a delivery report returns, and the headers that classify it', async () => {
    const body = [
      '--r', 'Content-Type: text/plain', '', 'Delivery failed.',
      '--r', 'Content-Type: message/delivery-status', '', 'Action: failed', 'Status: 5.1.1',
      '--r', 'Content-Type: text/rfc822-headers', '', 'From: requests@canceldesk.example', 'Message-ID:', ' <cr_1.req@canceldesk.example>', 'Subject: x',
      '--r--', '',
    ].join('\n');
    const email = await read(
      rawMessage({ From: 'MAILER-DAEMON@mx.example', 'Auto-Submitted': 'auto-replied', 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="r"' }, body),
    );
    expect(email.reportedMessageIds).toEqual(['cr_1.req@canceldesk.example']);
    expect(email.headers).toEqual({
      autoSubmitted: 'auto-replied',
      precedence: null,
      xAutoreply: null,
      xAutorespond: null,
      contentType: 'multipart/report; report-type=delivery-status; boundary="r"',
    });
  });
});

function deeplyNested(depth: number): string {
  let raw = 'From: a@b.example\r\n';
  for (let i = 0; i < depth; i++) raw += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
  return `${raw}Content-Type: text/plain\r\n\r\nhi\r\n`;
}
