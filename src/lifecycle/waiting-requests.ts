import { DAY_MS } from '../clock.ts';
import type { Write } from '../db/atomic.ts';
import { type DueRequest, findDueRequests, scheduleNextLook, stillAsPlanned } from '../db/lifecycle.ts';
import { findProvider } from '../db/providers.ts';
import { appendHistory, moveStatus, storedCustomer } from '../db/requests.ts';
import { announced, announcedToProvider } from '../db/webhook-messages.ts';
import type { Deps } from '../deps.ts';
import type { Provider } from '../providers/provider.ts';
import { composeRequestEmail } from '../requests/request-email.ts';
import { planFollowUp } from './follow-up.ts';

export interface FollowUpReport {
  reminded: number;
  expired: number;
}

type FollowUpDeps = Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'config'>;

/**
 * Sends the reminders that are due and expires requests whose reply window has passed. Each request is
 * one atomic unit guarded by the row as it was read (`stillAsPlanned`), and each reminder has an
 * idempotency key of its own, so two runs at once, or a crash and a rerun, never send a reminder twice.
 */
export async function followUpWaitingRequests(deps: FollowUpDeps, limit = 200): Promise<FollowUpReport> {
  const report: FollowUpReport = { reminded: 0, expired: 0 };
  const now = deps.clock.now();
  for (const row of await findDueRequests(deps.db, now.toISOString(), limit)) {
    // Requests waiting before this was tracked fall back to their last change.
    const waitingSince = row.waiting_since ?? row.updated_at;
    const step = planFollowUp(
      { waitingSince: new Date(waitingSince), remindersSent: row.reminders_sent, closed: row.closed_at !== null },
      { reminderDays: JSON.parse(row.reminder_days), replyWindowDays: row.reply_window_days },
      now,
    );
    const onlyIf = stillAsPlanned(row);
    const at = now.toISOString();
    const history = (event: string, detail: object) =>
      appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: row.id, at, actor: 'system', event, detail: JSON.stringify(detail) }, onlyIf);
    let writes: Write[];
    let counted: Write | null = null;
    switch (step.kind) {
      case 'stop':
        writes = [scheduleNextLook(deps.db, row.id, { remindersSent: row.reminders_sent, dueAt: null }, onlyIf)];
        break;
      case 'wait':
        writes = [scheduleNextLook(deps.db, row.id, { remindersSent: row.reminders_sent, dueAt: step.nextDueAt.toISOString() }, onlyIf)];
        break;
      case 'expire':
        counted = history('expired', { replyWindowDays: row.reply_window_days });
        // The history before the status write, which ends `stillAsPlanned` (the request is no longer `sent`).
        writes = [
          counted,
          ...announced(deps.db, moveStatus(deps.db, row.id, ['sent'], 'expired', at, onlyIf), { id: deps.ids.id('msg'), event: 'cancellation_request.expired', at }),
        ];
        break;
      case 'remind': {
        const [provider, customer] = [await findProvider(deps.db, row.provider_id), storedCustomer(row)];
        if (!provider || !customer) continue;
        // A provider that takes no email per request gets its reminder by webhook alone (if it has one).
        const email = provider.perRequestEmails ? await composeReminder(deps, { provider, customer, row }, { number: step.remindersSent, waitingSince }, now) : null;
        counted = history('reminder_queued', { number: step.remindersSent, email: email?.outboxId ?? null });
        // The next look last: it ends `stillAsPlanned` (another reminder count and due time).
        writes = [
          ...(email?.writes ?? []),
          announcedToProvider(deps.db, { id: deps.ids.id('msg'), requestId: row.id, event: 'cancellation_request.reminder', at }, onlyIf),
          counted,
          scheduleNextLook(deps.db, row.id, { remindersSent: step.remindersSent, dueAt: step.nextDueAt.toISOString() }, onlyIf),
        ];
        break;
      }
    }
    const changes = await deps.atomic(writes);
    // Counted only when this run's unit was the one that found the request unchanged.
    if (counted && changes.of(counted) === 1) report[step.kind === 'expire' ? 'expired' : 'reminded']++;
  }
  return report;
}

/** The reminder: the same link (a fresh signature over the request's current link id), ending when it ends. */
function composeReminder(
  deps: FollowUpDeps,
  { provider, customer, row }: { provider: Provider; customer: Record<string, string>; row: DueRequest },
  { number, waitingSince }: { number: number; waitingSince: string },
  now: Date,
) {
  const linkExpiresAt = new Date(Date.parse(waitingSince) + (row.reply_window_days + deps.config.linkGraceDays) * DAY_MS);
  return composeRequestEmail(deps, { provider, request: row, customer, now }, stillAsPlanned(row), { kind: 'reminder', number, waitingSince, linkExpiresAt });
}
