import { type CompiledQuery, expressionBuilder } from 'kysely';
import { type Guard, insertRow } from './requests.ts';
import type { AnswerRow, Database, Db, RequestRow } from './schema.ts';

/** What the provider API reads of a request: never the app's identity, its reference or any free text. */
const PROVIDER_COLUMNS = ['id', 'reference', 'provider_id', 'customer', 'status', 'outcome', 'answered_at', 'closed_at', 'created_at', 'updated_at'] as const;
export type ProviderColumns = Pick<RequestRow, (typeof PROVIDER_COLUMNS)[number]>;

/** Waiting for the provider's answer: not answered, expired or closed by support (a bounced email still waits: the API reaches the provider). */
export const OPEN_STATUSES = ['queued', 'sent', 'delivery_failed'] as const;

export type ProviderRequestFilter = 'open' | 'answered' | undefined;

/** A provider's own request; another provider's id reads as absent. */
export async function findProviderRequest(db: Db, providerId: string, id: string): Promise<ProviderColumns | null> {
  const row = await db.selectFrom('cancellation_requests').select(PROVIDER_COLUMNS).where('id', '=', id).where('provider_id', '=', providerId).executeTakeFirst();
  return row ?? null;
}

/** A provider's requests oldest first, after a keyset position (`createdAt`, `id`). */
export async function listProviderRequests(
  db: Db,
  providerId: string,
  query: { status?: ProviderRequestFilter; after?: { createdAt: string; id: string }; limit: number },
): Promise<ProviderColumns[]> {
  const { after, status } = query;
  return db
    .selectFrom('cancellation_requests')
    .select(PROVIDER_COLUMNS)
    .where('provider_id', '=', providerId)
    .$if(status === 'open', (q) => q.where('status', 'in', OPEN_STATUSES).where('closed_at', 'is', null))
    .$if(status === 'answered', (q) => q.where('status', '=', 'answered'))
    .$if(after !== undefined, (q) => q.where((eb) => eb.or([eb('created_at', '>', after!.createdAt), eb.and([eb('created_at', '=', after!.createdAt), eb('id', '>', after!.id)])])))
    .orderBy('created_at')
    .orderBy('id')
    .limit(query.limit)
    .execute();
}

/** The answer an Idempotency-Key of this provider recorded, with the body it came with. */
export async function findKeyedAnswer(db: Db, providerId: string, key: string): Promise<{ body_hash: string; answer: AnswerRow } | null> {
  const row = await db
    .selectFrom('provider_answer_keys as k')
    .innerJoin('request_answers as a', 'a.id', 'k.answer_id')
    .selectAll('a')
    .select('k.body_hash')
    .where('k.provider_id', '=', providerId)
    .where('k.idempotency_key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  const { body_hash, ...answer } = row;
  return { body_hash, answer };
}

/** Remembers which answer a key recorded, only if that answer was stored (in the same atomic unit). */
export function rememberKeyedAnswer(
  db: Db,
  row: { provider_id: string; idempotency_key: string; request_id: string; body_hash: string; answer_id: string; created_at: string },
): CompiledQuery {
  const eb = expressionBuilder<Database, never>();
  const stored: Guard = eb.exists(eb.selectFrom('request_answers as kept').select('kept.id').where('kept.id', '=', row.answer_id));
  return insertRow(db, 'provider_answer_keys', row, stored);
}
