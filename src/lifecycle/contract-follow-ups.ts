import { latestAnswer } from '../db/answers.ts';
import type { Write } from '../db/atomic.ts';
import { answeredAndDueAt, awaitsFollowUpOf, findDueContractRequests, scheduleContractLook } from '../db/lifecycle.ts';
import { findProvider } from '../db/providers.ts';
import { appendHistory, markFollowUpSent, storedCustomer } from '../db/requests.ts';
import { announced } from '../db/webhook-messages.ts';
import type { Deps } from '../deps.ts';
import { composeRequestEmail } from '../requests/request-email.ts';
import { planContractFollowUp } from './contract-follow-up.ts';

type ContractDeps = Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'config'>;

/**
 * Asks providers again about binding contracts that have ended: the follow-up email (the same link,
 * freshly signed for a new reply window), the request back to `sent` with `followUpOf`, the app's
 * webhook and the history, as one atomic unit guarded by the request as it was read (`awaitsFollowUpOf`),
 * with an idempotency key per answer: two runs at once, or a crash and a rerun, follow an answer up once.
 * Returns how many follow-ups this run queued.
 */
export async function followUpBindingContracts(deps: ContractDeps, limit = 200): Promise<number> {
  let followedUp = 0;
  const now = deps.clock.now();
  const at = now.toISOString();
  for (const row of await findDueContractRequests(deps.db, at, limit)) {
    const answer = await latestAnswer(deps.db, row.id);
    const step = planContractFollowUp(
      { closed: row.closed_at !== null, optedOut: row.follow_up_binding_contract === 0, followUpOf: row.follow_up_of, latestAnswer: answer },
      { followUpDelayDays: row.follow_up_delay_days },
      now,
    );
    if (step.kind !== 'follow_up' || !answer) {
      await deps.atomic([scheduleContractLook(deps.db, row.id, step.kind === 'wait' ? step.dueAt.toISOString() : null, answeredAndDueAt(row))]);
      continue;
    }
    const onlyIf = awaitsFollowUpOf(row, answer);
    const [provider, customer] = [await findProvider(deps.db, row.provider_id), storedCustomer(row)];
    // Erased by retention, or its provider gone: nothing to ask about.
    if (!provider || !customer) {
      await deps.atomic([scheduleContractLook(deps.db, row.id, null, answeredAndDueAt(row))]);
      continue;
    }
    const followUp = { answerId: answer.id, answeredOn: answer.at.slice(0, 10), contractEndsOn: step.contractEndsOn };
    // A provider that takes no email per request finds the request open again in its API and inbox.
    const email = provider.perRequestEmails ? await composeRequestEmail(deps, { provider, request: row, customer, now }, onlyIf, { kind: 'follow_up', ...followUp }) : null;
    const json = JSON.stringify({ answeredAt: answer.at, contractEndsOn: step.contractEndsOn, sentAt: at });
    // The history and the email before the status write, which ends `awaitsFollowUpOf` (the request is `sent` again).
    const history = appendHistory(
      deps.db,
      { id: deps.ids.id('ev'), request_id: row.id, at, actor: 'system', event: 'follow_up_queued', detail: JSON.stringify({ answer: answer.id, contractEndsOn: step.contractEndsOn, email: email?.outboxId ?? null }) },
      onlyIf,
    );
    const writes: Write[] = [
      ...(email?.writes ?? []),
      history,
      ...announced(deps.db, markFollowUpSent(deps.db, row.id, { of: answer.id, json, at }, onlyIf), { id: deps.ids.id('msg'), event: 'cancellation_request.follow_up_sent', at }),
    ];
    const changes = await deps.atomic(writes);
    if (changes.of(history) === 1) followedUp++;
  }
  return followedUp;
}
