import type { ProviderColumns } from '../db/provider-requests.ts';
import { storedCustomer } from '../db/requests.ts';
import { DATE_FIELD, isDated, isOutcome, type OutcomeType } from '../outcome.ts';
import { customerDetails } from '../providers/identifiers.ts';
import type { Provider } from '../providers/provider.ts';

/** Where a request stands for the provider: waiting for its answer, answered, past its reply window, or closed by support. */
export type ProviderRequestStatus = 'open' | 'answered' | 'expired' | 'closed';

/** An answer as the provider API shows it: the outcome and its date, never free text (message and note are support's). */
export interface ProviderAnswerView {
  outcome: OutcomeType;
  /** YYYY-MM-DD for a dated outcome, else null. */
  date: string | null;
  answeredAt: string;
}

/**
 * A request as its provider sees it through the API and its webhooks: what the email shows (our
 * reference, the request date, the identifiers under the provider's labels) and the latest answer. Never
 * the app's identity or its own reference, support's notes or any free text.
 */
export interface ProviderCancellationRequest {
  id: string;
  caseReference: string;
  status: ProviderRequestStatus;
  /** The provider's identifiers of the customer, in its order and language; empty once retention erased them. */
  identifiers: { key: string; label: string; value: string }[];
  latestAnswer: ProviderAnswerView | null;
  createdAt: string;
  updatedAt: string;
}

export function requestForProvider(provider: Provider, row: ProviderColumns): ProviderCancellationRequest {
  const customer = storedCustomer(row);
  return {
    id: row.id,
    caseReference: row.reference,
    status: providerStatus(row),
    identifiers: customer ? customerDetails(provider.identifiers, customer, provider.locale) : [],
    latestAnswer: row.outcome && row.answered_at ? answerView(JSON.parse(row.outcome), row.answered_at) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function providerStatus(row: Pick<ProviderColumns, 'status' | 'closed_at'>): ProviderRequestStatus {
  if (row.status === 'answered') return 'answered';
  if (row.status === 'expired') return 'expired';
  return row.closed_at ? 'closed' : 'open';
}

/** From the app-visible outcome the request keeps (type and its date under the date's app-facing name). */
function answerView(stored: Record<string, string>, answeredAt: string): ProviderAnswerView | null {
  if (!isOutcome(stored.type)) return null;
  return { outcome: stored.type, date: isDated(stored.type) ? (stored[DATE_FIELD[stored.type]] ?? null) : null, answeredAt };
}
