import { describe, expect, it } from 'vitest';
import { type FoundRequests, matchLookups, matchReceivedEmail } from '../../src/email-replies/match.ts';
import { replyAddress, replyKeyOf } from '../../src/mail/reply-address.ts';
import type { ReceivedEmail } from '../../src/email-replies/received-email.ts';
import { receivedEmail } from './messages.ts';

const DOMAIN = 'reply.canceldesk.example';
const OPTIONS = { inboundDomain: DOMAIN };
const KEY = 'k7d2m9x4q1w8e5r3';
const PROVIDER = 'cancel@fithub.example';
const to = (...addresses: string[]) => addresses.map((address) => ({ address, name: '' }));
const nothingFound: FoundRequests = { byReplyKey: [], byMessageId: [], byReference: [] };
const found = (rows: Partial<FoundRequests>): FoundRequests => ({ ...nothingFound, ...rows });

describe('the reply address', () => {
  it.each([
    [replyAddress(KEY, DOMAIN), KEY],
    [`Reply+${KEY.toUpperCase()}@Reply.Canceldesk.Example`, KEY],
    [`reply+${'a'.repeat(40)}@${DOMAIN}`, 'a'.repeat(40)],
    [`reply+${'a'.repeat(41)}@${DOMAIN}`, null],
    [`reply+${KEY}-x@${DOMAIN}`, null],
    [`reply+@${DOMAIN}`, null],
    [`reply+${KEY}@other.example`, null],
    [`reply+${KEY}@evil.${DOMAIN}`, null],
    [`noreply+${KEY}@${DOMAIN}`, null],
    [`reply${KEY}@${DOMAIN}`, null],
  ])('%s has key %s', (address, key) => {
    expect(replyKeyOf(address, DOMAIN)).toBe(key);
  });
});

describe('what to look up for a received email', () => {
  it('asks for reply keys in To, Cc, Delivered-To and the envelope, the thread parent first, and quoted references', () => {
    const email = receivedEmail({
      to: to('someone@fithub.example'),
      cc: to(replyAddress('ccc', DOMAIN)),
      deliveredTo: [replyAddress('ddd', DOMAIN)],
      inReplyTo: 'parent@x',
      references: ['root@x', 'parent@x'],
      reportedMessageIds: ['returned@x'],
      subject: 'Re: Cancellation request (CD-7K3M9QX2)',
      fullText: 'about cd-8ng33e5n and CD-7K3M9QX2, not CD-7K3M9QX2X or CD-ILOU1234',
    });
    expect(matchLookups(email, { ...OPTIONS, envelopeTo: [replyAddress('eee', DOMAIN)] })).toEqual({
      replyKeys: ['ccc', 'ddd', 'eee'],
      messageIds: ['parent@x', 'root@x', 'returned@x'],
      references: ['CD-7K3M9QX2', 'CD-8NG33E5N'],
    });
  });

  it('asks for no reply keys when no inbound domain is set', () => {
    expect(matchLookups(receivedEmail({ to: to(replyAddress(KEY, DOMAIN)) }), { inboundDomain: null }).replyKeys).toEqual([]);
  });
});

describe('matching a received email to its request', () => {
  const byKey = { byReplyKey: [{ replyKey: KEY, requestId: 'cr_a' }] };
  const byParent = { byMessageId: [{ messageId: 'ours-a@canceldesk.example', requestId: 'cr_a' }] };
  const byReference = (providerEmails: string[]) => ({ byReference: [{ reference: 'CD-7K3M9QX2', requestId: 'cr_a', providerEmails }] });

  it.each<[string, Partial<ReceivedEmail>, Partial<FoundRequests>, ReturnType<typeof matchReceivedEmail>]>([
    ['by our reply address', { to: to(replyAddress(KEY, DOMAIN)) }, byKey, { kind: 'matched', requestId: 'cr_a', matchedBy: 'address' }],
    ['by our reply address in Delivered-To', { deliveredTo: [replyAddress(KEY, DOMAIN)] }, byKey, { kind: 'matched', requestId: 'cr_a', matchedBy: 'address' }],
    ['a forged key matches nothing', { to: to(replyAddress('forged', DOMAIN)) }, nothingFound, { kind: 'unmatched', reason: 'no_match' }],
    ['a row for a key the email does not carry is ignored', { to: to(replyAddress('other', DOMAIN)) }, byKey, { kind: 'unmatched', reason: 'no_match' }],
    [
      'an unknown key still lets the thread match (a re-issued link replaced the key)',
      { to: to(replyAddress('oldkey', DOMAIN)), inReplyTo: 'ours-a@canceldesk.example' },
      byParent,
      { kind: 'matched', requestId: 'cr_a', matchedBy: 'thread' },
    ],
    [
      'two keys of two requests match neither',
      { to: to(replyAddress(KEY, DOMAIN), replyAddress('second', DOMAIN)) },
      { byReplyKey: [{ replyKey: KEY, requestId: 'cr_a' }, { replyKey: 'second', requestId: 'cr_b' }] },
      { kind: 'unmatched', reason: 'ambiguous' },
    ],
    ['by In-Reply-To', { inReplyTo: 'ours-a@canceldesk.example' }, byParent, { kind: 'matched', requestId: 'cr_a', matchedBy: 'thread' }],
    ['by References', { references: ['x@y', 'ours-a@canceldesk.example'] }, byParent, { kind: 'matched', requestId: 'cr_a', matchedBy: 'thread' }],
    ['a bounce by the Message-ID it returns', { reportedMessageIds: ['ours-a@canceldesk.example'] }, byParent, { kind: 'matched', requestId: 'cr_a', matchedBy: 'thread' }],
    [
      'the direct parent wins over older references',
      { inReplyTo: 'ours-b@canceldesk.example', references: ['ours-a@canceldesk.example', 'ours-b@canceldesk.example'] },
      { byMessageId: [{ messageId: 'ours-a@canceldesk.example', requestId: 'cr_a' }, { messageId: 'ours-b@canceldesk.example', requestId: 'cr_b' }] },
      { kind: 'matched', requestId: 'cr_b', matchedBy: 'thread' },
    ],
    [
      'references to two requests without a known parent match neither',
      { references: ['ours-a@canceldesk.example', 'ours-b@canceldesk.example'] },
      { byMessageId: [{ messageId: 'ours-a@canceldesk.example', requestId: 'cr_a' }, { messageId: 'ours-b@canceldesk.example', requestId: 'cr_b' }] },
      { kind: 'unmatched', reason: 'ambiguous' },
    ],
    ['by reference from the provider', { subject: 'Re: (CD-7K3M9QX2)' }, byReference([PROVIDER]), { kind: 'matched', requestId: 'cr_a', matchedBy: 'reference' }],
    [
      'by reference from the provider, another case',
      { subject: 'cd-7k3m9qx2', from: { address: 'Cancel@FitHub.example', name: '' } },
      byReference([PROVIDER]),
      { kind: 'matched', requestId: 'cr_a', matchedBy: 'reference' },
    ],
    ['by reference in the body', { fullText: 'Our ref CD-7K3M9QX2: cancelled' }, byReference([PROVIDER]), { kind: 'matched', requestId: 'cr_a', matchedBy: 'reference' }],
    [
      'a reference from anyone else matches nothing',
      { subject: 'CD-7K3M9QX2', from: { address: 'attacker@evil.example', name: 'FitHub' } },
      byReference([PROVIDER]),
      { kind: 'unmatched', reason: 'sender_not_provider' },
    ],
    [
      'by reference from a colleague at the provider\'s own domain',
      { subject: 'CD-7K3M9QX2', from: { address: 'Anna.Berg@FitHub.example', name: '' } },
      byReference([PROVIDER]),
      { kind: 'matched', requestId: 'cr_a', matchedBy: 'reference' },
    ],
    [
      'a reference from another mailbox at a shared mail domain the provider uses matches nothing',
      { subject: 'CD-7K3M9QX2', from: { address: 'someone.else@gmail.com', name: 'FitHub' } },
      byReference(['fithub.cancellations@gmail.com']),
      { kind: 'unmatched', reason: 'sender_not_provider' },
    ],
    [
      'a reference from the provider\'s own address at a shared mail domain matches',
      { subject: 'CD-7K3M9QX2', from: { address: 'FitHub.Cancellations@gmail.com', name: '' } },
      byReference(['fithub.cancellations@gmail.com']),
      { kind: 'matched', requestId: 'cr_a', matchedBy: 'reference' },
    ],
    [
      'a reference from a look-alike domain matches nothing',
      { subject: 'CD-7K3M9QX2', from: { address: 'cancel@notfithub.example', name: '' } },
      byReference([PROVIDER]),
      { kind: 'unmatched', reason: 'sender_not_provider' },
    ],
    [
      'a reference from a subdomain-looking address matches nothing',
      { subject: 'CD-7K3M9QX2', from: { address: 'cancel@fithub.example.evil.example', name: '' } },
      byReference([PROVIDER]),
      { kind: 'unmatched', reason: 'sender_not_provider' },
    ],
    ['a reference with no sender matches nothing', { subject: 'CD-7K3M9QX2', from: null }, byReference([PROVIDER]), { kind: 'unmatched', reason: 'sender_not_provider' }],
    ['nothing to go by', {}, nothingFound, { kind: 'unmatched', reason: 'no_match' }],
  ])('%s', (_, fields, rows, match) => {
    expect(matchReceivedEmail(receivedEmail(fields), found(rows), OPTIONS)).toEqual(match);
  });

  it('tries the address before the thread and the thread before the reference', () => {
    const email = receivedEmail({ to: to(replyAddress(KEY, DOMAIN)), inReplyTo: 'ours-b@canceldesk.example', subject: 'CD-7K3M9QX2' });
    const rows = found({
      byReplyKey: [{ replyKey: KEY, requestId: 'cr_key' }],
      byMessageId: [{ messageId: 'ours-b@canceldesk.example', requestId: 'cr_thread' }],
      byReference: [{ reference: 'CD-7K3M9QX2', requestId: 'cr_ref', providerEmails: [PROVIDER] }],
    });
    expect(matchReceivedEmail(email, rows, OPTIONS)).toMatchObject({ requestId: 'cr_key' });
    expect(matchReceivedEmail(email, { ...rows, byReplyKey: [] }, OPTIONS)).toMatchObject({ requestId: 'cr_thread' });
    expect(matchReceivedEmail(email, { ...rows, byReplyKey: [], byMessageId: [] }, OPTIONS)).toMatchObject({ requestId: 'cr_ref' });
  });
});
