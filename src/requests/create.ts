import { isUniqueViolation } from '../db/atomic.ts';
import { findProvider } from '../db/providers.ts';
import { acceptsAnswers, appendHistory, findByIdempotencyKey, insertRequest, markRequestSent } from '../db/requests.ts';
import { type NewRequest, newRequestWrites } from '../db/new-request.ts';
import type { RequestStatus } from '../db/schema.ts';
import { announced, announcedToProvider } from '../db/webhook-messages.ts';
import { isoDay } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { sha256Hex } from '../crypto.ts';
import { validateCustomer } from '../providers/identifiers.ts';
import type { Provider } from '../providers/provider.ts';
import type { FieldErrors } from '../validation.ts';
import { type ClientCancellationRequest, requestForClient } from './client-view.ts';
import { requestEmailRow } from './request-email.ts';

export interface NewCancellationRequest {
  provider: string;
  customer: Record<string, unknown>;
  reference?: string | null;
  /** false: a binding-contract answer is the end of it, no follow-up on the contract's end date. */
  followUpBindingContract?: boolean;
}

export type CreateResult =
  | { kind: 'created' | 'replayed'; request: ClientCancellationRequest }
  | { kind: 'invalid'; fields: FieldErrors }
  | { kind: 'idempotency_conflict' };

const REFERENCE_ATTEMPTS = 3;

/**
 * Validates the customer against the provider, then stores the request, its first history entry and
 * the email to the provider as one atomic unit, so a request never exists without its email or the
 * other way round. Everything slow (signing, rendering) happens before the unit, never inside it.
 */
export async function createCancellationRequest(
  deps: Deps,
  clientId: string,
  input: NewCancellationRequest,
  idempotencyKey: string | null,
): Promise<CreateResult> {
  const bodyHash = await sha256Hex(canonicalBody(input));
  if (idempotencyKey) {
    const earlier = await replayOf(deps, clientId, idempotencyKey, bodyHash);
    if (earlier) return earlier;
  }

  const provider = await findProvider(deps.db, input.provider);
  if (!provider) return { kind: 'invalid', fields: { provider: 'no provider with this id' } };
  const now = deps.clock.now();
  const checked = validateCustomer(provider.identifiers, input.customer, isoDay(now));
  if (checked.kind === 'invalid') return { kind: 'invalid', fields: prefixed('customer.', checked.fields) };

  for (let attempt = 1; ; attempt++) {
    const row: NewRequest = {
      id: deps.ids.id('cr'),
      reference: deps.ids.reference(),
      client_id: clientId,
      client_reference: input.reference ?? null,
      provider_id: provider.id,
      customer: JSON.stringify(checked.customer),
      status: 'queued',
      outcome: null,
      answered_at: null,
      link_id: deps.ids.id('ln'),
      idempotency_key: idempotencyKey,
      body_hash: bodyHash,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      closed_at: null,
      waiting_since: null,
      reminders_sent: 0,
      lifecycle_due_at: null,
      erased_at: null,
      // Only where replies are captured: without INBOUND_DOMAIN a key would be a promise nothing keeps.
      reply_key: deps.config.inboundDomain ? deps.ids.replyKey() : null,
      follow_up_binding_contract: input.followUpBindingContract === false ? 0 : 1,
      follow_up_of: null,
      follow_up: null,
      first_opened_at: null,
      first_answered_at: null,
      answer_seconds: null,
      outcome_type: null,
    };
    try {
      const status = await storeWithEmail(deps, provider, row, checked.customer, now);
      deps.wakeSender();
      return { kind: 'created', request: requestForClient({ ...row, status }) };
    } catch (error) {
      // Two requests raced with the same idempotency key; the other one won, so answer as it did.
      if (idempotencyKey && isUniqueViolation(error, 'cancellation_requests.idempotency_key')) {
        const earlier = await replayOf(deps, clientId, idempotencyKey, bodyHash);
        if (earlier) return earlier;
      }
      // Our short reference is random, so it can collide now and then: draw another.
      if (attempt < REFERENCE_ATTEMPTS && isUniqueViolation(error, 'cancellation_requests.reference')) continue;
      throw error;
    }
  }
}

/**
 * The request, its first history entry and its email, as one atomic unit. A provider that takes no email
 * per request (`perRequestEmails: false`) gets none: its request waits for the answer from now (reminders
 * and expiry count from here, the app hears `sent`), and reaches it through the API, its webhook or its inbox.
 */
async function storeWithEmail(deps: Deps, provider: Provider, row: NewRequest, customer: Record<string, string>, now: Date): Promise<RequestStatus> {
  const actor = `app:${row.client_id}`;
  if (provider.perRequestEmails) {
    const email = await requestEmailRow(deps, { provider, request: row, customer, now });
    const history = { id: deps.ids.id('ev'), actor };
    await deps.atomic(newRequestWrites(deps.db, { request: row, history, email, providerMessageId: deps.ids.id('msg') }));
    return row.status;
  }
  const sentWithoutEmail = [
    ...announced(deps.db, markRequestSent(deps.db, row.id, row.created_at, acceptsAnswers(row.id)), { id: deps.ids.id('msg'), event: 'cancellation_request.sent', at: row.created_at }),
    appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: row.id, at: row.created_at, actor: 'system', event: 'sent_without_email', detail: JSON.stringify({ perRequestEmails: false }) }),
  ];
  await deps.atomic([
    insertRequest(deps.db, row),
    appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: row.id, at: row.created_at, actor, event: 'created', detail: null }),
    ...sentWithoutEmail,
    announcedToProvider(deps.db, { id: deps.ids.id('msg'), requestId: row.id, event: 'cancellation_request.created', at: row.created_at }),
  ]);
  return 'sent';
}

async function replayOf(deps: Deps, clientId: string, key: string, bodyHash: string): Promise<CreateResult | null> {
  const earlier = await findByIdempotencyKey(deps.db, clientId, key);
  if (!earlier) return null;
  if (earlier.body_hash !== bodyHash) return { kind: 'idempotency_conflict' };
  return { kind: 'replayed', request: requestForClient(earlier) };
}

/** The same request written with keys in another order is the same request. */
function canonicalBody(input: NewCancellationRequest): string {
  const customer = Object.entries(input.customer).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // The opt-out only when given, so the hashes of requests stored before it existed still match.
  const optOut = input.followUpBindingContract === false ? [false] : [];
  return JSON.stringify([input.provider, customer, input.reference ?? null, ...optOut]);
}

const prefixed = (prefix: string, fields: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}${k}`, v]));
