import type { RequestRow, RequestStatus } from '../db/schema.ts';

/**
 * The outcome as an app sees it: the type and its date, never the provider's free text or note,
 * which stay with support (SPEC §4, THREATS 16).
 */
export type ClientOutcome =
  | { type: 'cancelled'; accessUntil: string }
  | { type: 'already_cancelled'; cancelledOn: string }
  | { type: 'binding_contract'; contractEndsOn: string }
  | { type: 'not_found' }
  | { type: 'other' };

/**
 * The binding-contract answer the request was followed up about, and when the follow-up went: the
 * request is waiting again because of it. Dates and times only, like the outcome.
 */
export interface ClientFollowUp {
  answeredAt: string;
  contractEndsOn: string;
  sentAt: string;
}

export interface ClientCancellationRequest {
  id: string;
  status: RequestStatus;
  provider: string;
  /** The app's own id for the request, as it gave it. */
  reference: string | null;
  /** Ours (`CD-…`): the number the provider sees in the email, for the app to show its customer. */
  caseReference: string;
  outcome: ClientOutcome | null;
  answeredAt: string | null;
  /** Set once a binding contract was followed up (the latest follow-up); null before. */
  followUpOf: ClientFollowUp | null;
  /** When the provider first opened the request in a browser (or answered); null before. */
  firstOpenedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The app-visible columns: a request row, or a webhook message's snapshot of one. */
export type ClientVisibleRequest = Pick<RequestRow, 'id' | 'status' | 'provider_id' | 'client_reference' | 'reference' | 'outcome' | 'answered_at' | 'follow_up' | 'first_opened_at' | 'created_at' | 'updated_at'>;

export function requestForClient(row: ClientVisibleRequest): ClientCancellationRequest {
  return {
    id: row.id,
    status: row.status,
    provider: row.provider_id,
    reference: row.client_reference,
    caseReference: row.reference,
    outcome: row.outcome ? clientOutcome(JSON.parse(row.outcome)) : null,
    answeredAt: row.answered_at,
    followUpOf: row.follow_up ? clientFollowUp(JSON.parse(row.follow_up)) : null,
    firstOpenedAt: row.first_opened_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Copies only the app-visible fields, so a private field added to the stored answer cannot leak. */
function clientOutcome(stored: Record<string, string>): ClientOutcome {
  switch (stored.type) {
    case 'cancelled':
      return { type: 'cancelled', accessUntil: stored.accessUntil ?? '' };
    case 'already_cancelled':
      return { type: 'already_cancelled', cancelledOn: stored.cancelledOn ?? '' };
    case 'binding_contract':
      return { type: 'binding_contract', contractEndsOn: stored.contractEndsOn ?? '' };
    case 'not_found':
      return { type: 'not_found' };
    default:
      return { type: 'other' };
  }
}

/** Copies only the three app-visible fields of the stored follow-up. */
function clientFollowUp(stored: Record<string, string>): ClientFollowUp {
  return { answeredAt: stored.answeredAt ?? '', contractEndsOn: stored.contractEndsOn ?? '', sentAt: stored.sentAt ?? '' };
}
