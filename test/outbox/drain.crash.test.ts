import { describe, expect, it } from 'vitest';
import { claimDueEmails } from '../../src/db/outbox.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import { LEASE, SECOND, world } from '../support/outbox-world.ts';

// The outbox end to end: a request created through the real API, drained by the real sender through
// the real Resend SDK into a fake Resend on a real port (SPEC §2, §5; THREATS 8, 9).
// This file: a sender that dies or stalls holding a claim (the lease) does not lose or double an email.

describe('a sender that crashed after claiming an email', async () => {
  const w = await world();
  const requestId = await w.createRequest();
  let key = '';

  it('leaves the email to no one until its lease lapses', async () => {
    // The crashed sender: claims, has Resend accept the email, then dies before recording anything.
    const now = w.clock.now();
    const crashedClaim = { id: 'clm_crashed', dueBy: now.toISOString(), leaseUntil: new Date(now.getTime() + LEASE).toISOString() };
    const [claimed, ...others] = await claimDueEmails(w.deps.db, crashedClaim, 10);
    expect(others).toHaveLength(0);
    key = claimed!.idempotency_key;
    const sent = await w.deps.mailer.send({
      from: w.deps.config.mailFrom,
      to: claimed!.recipients,
      replyTo: claimed!.reply_to,
      messageId: claimed!.message_id,
      subject: claimed!.subject,
      html: claimed!.html,
      text: claimed!.text,
      idempotencyKey: key,
    });
    expect(sent.status).toBe('sent');

    w.clock.advance(LEASE - SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 0, failed: 0, retrying: 0, waiting: 1 });
    expect(w.attemptsWithKey(key)).toHaveLength(1);
    expect(await w.statusOf(requestId)).toBe('queued');
  });

  it('is re-sent after the lease with the same key, and the provider gets it once', async () => {
    w.clock.advance(SECOND);
    expect(await drainOutbox(w.deps)).toEqual({ sent: 1, failed: 0, retrying: 0, waiting: 0 });

    expect(w.attemptsWithKey(key)).toHaveLength(2);
    expect(w.fake.requests).toHaveLength(2);
    expect(w.deliveriesWithKey(key)).toHaveLength(1);
    expect(w.fake.duplicatesSuppressed).toBe(1);

    expect(await w.emailOf(requestId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await w.statusOf(requestId)).toBe('sent');
    expect((await w.historyOf(requestId)).map((h) => h.event)).toEqual(['created', 'email_sent']);
  });
});

describe('a sender whose lease lapsed while the mail API was slow', async () => {
  // The first call hangs until released and then reports a rejection; later calls go through.
  let release: () => void = () => {};
  let calls = 0;
  const w = await world({
    wrapMailer: (resend) => ({
      name: 'slow-then-fine',
      send: async (email) => {
        calls += 1;
        if (calls > 1) return resend.send(email);
        await new Promise<void>((resolve) => (release = resolve));
        return { status: 'rejected', error: 'validation_error (422): stale answer' };
      },
    }),
  });
  const requestId = await w.createRequest();

  it('cannot overwrite what the sender that took over recorded', async () => {
    const slow = drainOutbox(w.deps);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the slow sender claim and call out
    w.clock.advance(LEASE + SECOND);
    expect(await drainOutbox(w.deps)).toMatchObject({ sent: 1, failed: 0 });

    release();
    await slow;
    expect(await w.emailOf(requestId)).toMatchObject({ status: 'sent', last_error: null });
    expect(await w.statusOf(requestId)).toBe('sent');
    expect((await w.historyOf(requestId)).map((h) => h.event)).toEqual(['created', 'email_sent']);
  });
});
