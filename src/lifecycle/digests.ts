import { isoDay } from '../clock.ts';
import { enqueueEmail } from '../db/outbox.ts';
import { digestNotQueuedFor, inboxLinkGeneration, markDigestQueued, openRequestSummary, providersWithDigest } from '../db/provider-inbox.ts';
import { findProvider } from '../db/providers.ts';
import type { Deps } from '../deps.ts';
import { renderDigestEmail } from '../mail/digest-email.ts';
import { daysBetween } from '../provider-inbox/inbox.ts';
import { DEFAULT_INBOX_LINK_DAYS, signInboxLink } from '../provider-inbox/inbox-link.ts';
import { planDigest } from './digest-schedule.ts';

type DigestDeps = Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'config'>;

/**
 * Queues each due digest: how many requests wait for the provider and how long the oldest has, with a
 * fresh inbox link, to its addresses. The email and the provider's "queued for this period" are one
 * atomic unit guarded by the period not being queued yet, and the email's idempotency key names the
 * provider and period: two runs at once, or a crash and a rerun, send one digest per period.
 * Returns how many this run queued.
 */
export async function queueDigests(deps: DigestDeps): Promise<number> {
  let queued = 0;
  const now = deps.clock.now();
  for (const due of await providersWithDigest(deps.db)) {
    const summary = await openRequestSummary(deps.db, due.id);
    const step = planDigest({ digest: due.digest, queuedFor: due.digest_queued_for }, summary.open, now);
    if (step.kind !== 'send') continue;
    const [provider, generation] = await Promise.all([findProvider(deps.db, due.id), inboxLinkGeneration(deps.db, due.id)]);
    if (!provider || generation === null || provider.digest === 'off') continue;

    const link = await signInboxLink(deps, provider.id, generation, DEFAULT_INBOX_LINK_DAYS);
    const email = await renderDigestEmail({
      locale: provider.locale,
      providerName: provider.name,
      schedule: provider.digest,
      open: summary.open,
      oldestDays: daysBetween((summary.oldestCreatedAt ?? now.toISOString()).slice(0, 10), isoDay(now)),
      inboxUrl: link.url,
      linkValidUntil: link.expiresAt.slice(0, 10),
    });
    const onlyIf = digestNotQueuedFor(provider.id, step.period);
    const at = now.toISOString();
    const mark = markDigestQueued(deps.db, provider.id, step.period, onlyIf);
    const changes = await deps.atomic([
      ...enqueueEmail(
        deps.db,
        {
          id: deps.ids.id('ob'),
          request_id: null,
          kind: 'digest',
          recipients: provider.emails,
          reply_to: deps.config.mailReplyTo,
          message_id: `${deps.ids.id('msg')}@${deps.config.inboundDomain ?? new URL(deps.config.publicUrl).hostname}`,
          ...email,
          idempotency_key: `digest/${provider.id}/${step.period}`,
          status: 'queued',
          attempts: 0,
          next_attempt_at: at,
          created_at: at,
        },
        onlyIf,
      ),
      // Last: it ends the guard the email waits for.
      mark,
    ]);
    if (changes.of(mark) === 1) queued++;
  }
  return queued;
}
