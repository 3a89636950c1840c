import { addDays } from '../clock.ts';

/** What an answered request the scheduler looks at needs about its binding contract now. */
export type ContractStep =
  /** Ask the provider again: the contract has ended and the follow-up delay passed. */
  | { kind: 'follow_up'; contractEndsOn: string }
  | { kind: 'wait'; dueAt: Date }
  /** Nothing to follow up (any more): another outcome, closed, opted out, or this answer already followed up. */
  | { kind: 'stop' };

export interface AnsweredRequest {
  closed: boolean;
  /** The app asked for no follow-up (`followUpBindingContract: false`). */
  optedOut: boolean;
  /** The answer followed up last, if any. */
  followUpOf: string | null;
  latestAnswer: { id: string; outcome: string; date: string | null } | null;
}

/**
 * Decides whether an answered request's binding contract is due its follow-up at `now`: on the day the
 * contract ends plus the provider's delay, from 00:00 UTC. Pure, so the rule is tested without a clock
 * or a database.
 */
export function planContractFollowUp(request: AnsweredRequest, provider: { followUpDelayDays: number }, now: Date): ContractStep {
  const answer = request.latestAnswer;
  if (request.closed || request.optedOut || !answer || answer.outcome !== 'binding_contract' || !answer.date) return { kind: 'stop' };
  if (request.followUpOf === answer.id) return { kind: 'stop' };
  const dueAt = new Date(`${addDays(answer.date, provider.followUpDelayDays)}T00:00:00.000Z`);
  if (now < dueAt) return { kind: 'wait', dueAt };
  return { kind: 'follow_up', contractEndsOn: answer.date };
}
