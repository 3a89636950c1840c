import { describe, expect, it } from 'vitest';
import { deliverQueued } from '../../src/lifecycle/scheduler.ts';
import { acceptSuggestion, markHandled, recordFromEmailReply } from '../../src/support/email-replies.ts';
import { matchedWithSuggestion, matchedWithoutSuggestion } from '../support/email-reply-rows.ts';
import { addSupporter } from '../support/support-accounts.ts';
import { webhookWorld } from '../support/webhook-world.ts';

// Email replies are free text (issue 15, THREATS 16): support reads them; an app never sees a word of
// one, neither when it polls nor in the webhook about the outcome support recorded from it.

describe('an email reply and the app', async () => {
  const world = await webhookWorld();
  const supporter = await addSupporter(world.deps, 'triage@example.com');
  const actor = { accountId: supporter.id, email: supporter.email };
  const secrets = { subject: 'SUBJECT-SECRET-41', visible: 'VISIBLE-SECRET-42 access until 31 January 2027', full: 'FULL-SECRET-43', from: 'FROM-SECRET-44', address: 'sender-secret-45@acme.example' };
  const row = { subject: secrets.subject, visible_text: secrets.visible, full_text: `${secrets.visible}\n> ${secrets.full}`, from_name: secrets.from, from_address: secrets.address };

  it('carries none of its text in the app\'s GET of the request or in any webhook, after accept, record and handled', async () => {
    const accepted = await world.create();
    const recorded = await world.create();
    const handled = await world.create();
    expect(await acceptSuggestion(world.deps, await matchedWithSuggestion(world.deps, accepted.id, row), actor)).toEqual({ kind: 'done' });
    expect(await recordFromEmailReply(world.deps, await matchedWithoutSuggestion(world.deps, recorded.id, row), { outcome: 'not_found', dates: [] }, actor)).toEqual({ kind: 'done' });
    expect(await markHandled(world.deps, await matchedWithoutSuggestion(world.deps, handled.id, row), actor)).toEqual({ kind: 'done' });
    await deliverQueued(world.deps);

    expect(world.eventsFor(accepted.id)).toContain('cancellation_request.answered');
    expect(world.eventsFor(recorded.id)).toContain('cancellation_request.answered');
    const polled = JSON.stringify(await Promise.all([accepted, recorded, handled].map((r) => world.appView(r.id))));
    expect(polled).toContain('"accessUntil":"2027-01-31"');
    const webhooks = world.endpoint.received.map((r) => r.raw).join('\n');
    for (const secret of Object.values(secrets)) {
      expect(polled).not.toContain(secret.split(' ')[0]);
      expect(webhooks).not.toContain(secret.split(' ')[0]);
    }
    // Nor the reply's id or where it came from: an app learns the outcome, not how it reached us.
    expect(polled + webhooks).not.toMatch(/er_test|emailReply|email_repl/);
  });
});
