import { z } from 'zod';
import { isoDay } from '../clock.ts';
import { copyFor } from '../copy/index.ts';
import { sha256Hex } from '../crypto.ts';
import { isUniqueViolation } from '../db/atomic.ts';
import { findKeyedAnswer, findProviderRequest, listProviderRequests, type ProviderRequestFilter, rememberKeyedAnswer } from '../db/provider-requests.ts';
import { findProvider } from '../db/providers.ts';
import type { AnswerRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { FieldErrors } from '../validation.ts';
import { parseAnswerForm } from './answer-form.ts';
import { opaqueCursor } from './cursor.ts';
import { type ProviderAnswerView, type ProviderCancellationRequest, requestForProvider } from './provider-view.ts';
import { answerWrites } from './record-answer.ts';

/** The provider API's use cases (issue 16 §3): a provider's own requests, and answering them as the form does. */

export interface ProviderRequestPage {
  data: ProviderCancellationRequest[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** Where a page ended: the last request's creation time and id. Not signed: it only ever selects within the caller's own requests. */
const pageCursor = opaqueCursor(z.tuple([z.literal(1), z.string().max(40), z.string().max(64)]));

/** null: the cursor is not one we gave. */
export async function listRequestsForProvider(
  deps: Pick<Deps, 'db'>,
  providerId: string,
  query: { status?: ProviderRequestFilter; cursor?: string; limit: number },
): Promise<ProviderRequestPage | null> {
  const position = query.cursor === undefined ? undefined : pageCursor.decode(query.cursor);
  if (position === null) return null;
  const provider = await findProvider(deps.db, providerId);
  if (!provider) return { data: [], nextCursor: null };
  const after = position ? { createdAt: position[1], id: position[2] } : undefined;
  const rows = await listProviderRequests(deps.db, providerId, { status: query.status, after, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => requestForProvider(provider, row)),
    nextCursor: rows.length > query.limit && last ? pageCursor.encode([1, last.created_at, last.id]) : null,
  };
}

/** One of the provider's own requests; another provider's reads as absent. */
export async function showRequestToProvider(deps: Pick<Deps, 'db'>, providerId: string, id: string): Promise<ProviderCancellationRequest | null> {
  const [provider, row] = await Promise.all([findProvider(deps.db, providerId), findProviderRequest(deps.db, providerId, id)]);
  return provider && row ? requestForProvider(provider, row) : null;
}

export interface ProviderAnswerInput {
  outcome: string;
  date?: string;
  message?: string;
  note?: string;
}

/** A recorded answer as the API gives it back: which request, which answer, never its free text. */
export interface RecordedProviderAnswer extends ProviderAnswerView {
  id: string;
  requestId: string;
}

export type ProviderAnswerResult =
  | { kind: 'recorded' | 'replayed'; answer: RecordedProviderAnswer }
  | { kind: 'invalid'; fields: FieldErrors }
  | { kind: 'not_found' }
  | { kind: 'idempotency_conflict' }
  /** Closed by support, or the cap on answers per request reached. */
  | { kind: 'refused' };

/**
 * Records the provider's answer under the form's rules (the same checks, the same use case and atomic
 * unit, so the app's webhook and history follow as from the form). An Idempotency-Key works as on the
 * app API's create: the same key and body give the same answer back and record nothing more; the same key
 * with another body is a conflict.
 */
export async function answerAsProvider(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'wakeSender'>,
  providerId: string,
  requestId: string,
  input: ProviderAnswerInput,
  idempotencyKey: string | null,
): Promise<ProviderAnswerResult> {
  const request = await findProviderRequest(deps.db, providerId, requestId);
  if (!request) return { kind: 'not_found' };
  const bodyHash = await sha256Hex(JSON.stringify([requestId, input.outcome, input.date ?? null, input.message ?? null, input.note ?? null]));
  if (idempotencyKey) {
    const earlier = await replayOf(deps, providerId, idempotencyKey, bodyHash);
    if (earlier) return earlier;
  }
  const now = deps.clock.now();
  // The API speaks English, whatever the provider's form speaks.
  const parsed = parseAnswerForm(
    { outcome: input.outcome, dates: input.date === undefined ? [] : [input.date], message: input.message, note: input.note },
    { today: isoDay(now), requestedOn: request.created_at.slice(0, 10) },
    copyFor('en'),
  );
  if (parsed.kind === 'invalid') return { kind: 'invalid', fields: parsed.fields };

  const recording = answerWrites(deps, requestId, parsed.answer, { kind: 'provider' });
  const key = idempotencyKey
    ? [rememberKeyedAnswer(deps.db, { provider_id: providerId, idempotency_key: idempotencyKey, request_id: requestId, body_hash: bodyHash, answer_id: recording.stored.id, created_at: recording.stored.at })]
    : [];
  try {
    const changes = await deps.atomic([...recording.writes, ...key]);
    if (changes.of(recording.insert) === 0) return { kind: 'refused' };
  } catch (error) {
    // The same key raced in twice: the other one won, so answer as it did.
    if (idempotencyKey && isUniqueViolation(error, 'provider_answer_keys')) {
      const earlier = await replayOf(deps, providerId, idempotencyKey, bodyHash);
      if (earlier) return earlier;
    }
    throw error;
  }
  deps.wakeSender();
  return { kind: 'recorded', answer: recordedAnswer({ ...recording.stored, number: 0 }) };
}

async function replayOf(deps: Pick<Deps, 'db'>, providerId: string, key: string, bodyHash: string): Promise<ProviderAnswerResult | null> {
  const earlier = await findKeyedAnswer(deps.db, providerId, key);
  if (!earlier) return null;
  if (earlier.body_hash !== bodyHash) return { kind: 'idempotency_conflict' };
  return { kind: 'replayed', answer: recordedAnswer(earlier.answer) };
}

const recordedAnswer = (answer: AnswerRow): RecordedProviderAnswer => ({
  id: answer.id,
  requestId: answer.request_id,
  outcome: answer.outcome,
  date: answer.date,
  answeredAt: answer.at,
});
