import { type CompiledQuery, type ExpressionBuilder, expressionBuilder, sql } from 'kysely';
import type { Guard } from './requests.ts';
import type { Database, Db, RequestRow, RequestStatus } from './schema.ts';

/** Waiting for the provider's answer: its email queued or sent, not answered, not closed by support. */
const OPEN: RequestStatus[] = ['queued', 'sent'];

/** The provider's open requests, as the list, its count and the CSV export all mean it. */
const openFor = (providerId: string) => (eb: ExpressionBuilder<Database, 'cancellation_requests'>) =>
  eb.and([eb('provider_id', '=', providerId), eb('status', 'in', OPEN), eb('closed_at', 'is', null)]);

/** What the inbox shows of a request: its reference, date and the identifiers, nothing an app sent besides. */
export type InboxRequestRow = Pick<RequestRow, 'id' | 'reference' | 'created_at' | 'customer' | 'link_id' | 'status' | 'outcome' | 'answered_at' | 'closed_at'>;
const INBOX_COLUMNS = ['id', 'reference', 'created_at', 'customer', 'link_id', 'status', 'outcome', 'answered_at', 'closed_at'] as const;

/** The provider's current inbox link generation; null when there is no such provider. */
export async function inboxLinkGeneration(db: Db, providerId: string): Promise<number | null> {
  const row = await db.selectFrom('providers').select('inbox_link_generation').where('id', '=', providerId).executeTakeFirst();
  return row?.inbox_link_generation ?? null;
}

/** Ends every inbox link of the provider at once; false when there is no such provider. */
export async function revokeInboxLinks(db: Db, providerId: string): Promise<boolean> {
  const result = await db
    .updateTable('providers')
    .set((eb) => ({ inbox_link_generation: eb('inbox_link_generation', '+', 1) }))
    .where('id', '=', providerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** True while the provider's inbox links of `generation` still work: what an answer given through one waits for. */
export function inboxLinkStillValid(providerId: string, generation: number): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(
    eb.selectFrom('providers as linked').select('linked.id').where('linked.id', '=', providerId).where('linked.inbox_link_generation', '=', generation),
  );
}

/** Where a page of open requests starts: after this request (by request date, then id). */
export interface InboxPosition {
  createdAt: string;
  id: string;
}

/**
 * The provider's open requests, oldest first, from `after` on, at most `limit` (the inbox's pages), or all
 * of them (the CSV export): one query, so the file has a row for each request the page shows.
 */
export function listOpenRequests(db: Db, providerId: string, page: { after?: InboxPosition; limit?: number } = {}): Promise<InboxRequestRow[]> {
  const { after, limit } = page;
  return db
    .selectFrom('cancellation_requests')
    .select(INBOX_COLUMNS)
    .where(openFor(providerId))
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb.or([eb('created_at', '>', after!.createdAt), eb.and([eb('created_at', '=', after!.createdAt), eb('id', '>', after!.id)])])),
    )
    .orderBy('created_at')
    .orderBy('id')
    .$if(limit !== undefined, (q) => q.limit(limit!))
    .execute();
}

/**
 * How many of the provider's requests are open (up to and including `upTo`, when given), and the
 * request date of the oldest (null: none open).
 */
export async function openRequestSummary(db: Db, providerId: string, upTo?: InboxPosition): Promise<{ open: number; oldestCreatedAt: string | null }> {
  const row = await db
    .selectFrom('cancellation_requests')
    .select((eb) => [eb.fn.countAll<number>().as('open'), eb.fn.min('created_at').as('oldest')])
    .where(openFor(providerId))
    .$if(upTo !== undefined, (q) =>
      q.where((eb) => eb.or([eb('created_at', '<', upTo!.createdAt), eb.and([eb('created_at', '=', upTo!.createdAt), eb('id', '<=', upTo!.id)])])),
    )
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), oldestCreatedAt: row.oldest ?? null };
}

/** The provider's requests answered since `since`, the latest answered first: what it may still correct. */
export function listAnsweredSince(db: Db, providerId: string, since: string, limit: number): Promise<InboxRequestRow[]> {
  return db
    .selectFrom('cancellation_requests')
    .select(INBOX_COLUMNS)
    .where('provider_id', '=', providerId)
    .where('status', '=', 'answered')
    .where('closed_at', 'is', null)
    .where('answered_at', '>=', since)
    .orderBy('answered_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** One of the provider's requests; another provider's reads as absent (THREATS 21). */
export async function findProviderRequest(db: Db, providerId: string, id: string): Promise<InboxRequestRow | null> {
  const row = await db.selectFrom('cancellation_requests').select(INBOX_COLUMNS).where('id', '=', id).where('provider_id', '=', providerId).executeTakeFirst();
  return row ?? null;
}

/** Providers that asked for a digest, with what the scheduler needs to decide whether one is due. */
export async function providersWithDigest(db: Db): Promise<{ id: string; digest: string; digest_queued_for: string | null }[]> {
  return db.selectFrom('providers').select(['id', 'digest', 'digest_queued_for']).where('digest', '<>', 'off').orderBy('id').execute();
}

/**
 * True while no digest has been queued for the provider's `period`: two runs at once, or a rerun after
 * a crash, queue one digest per period.
 */
export function digestNotQueuedFor(providerId: string, period: string): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(
    eb
      .selectFrom('providers as digested')
      .select('digested.id')
      .where('digested.id', '=', providerId)
      .where(sql<boolean>`digested.digest_queued_for IS NOT ${period}`),
  );
}

/** Records that the digest for `period` is queued, while `onlyIf` holds. */
export function markDigestQueued(db: Db, providerId: string, period: string, onlyIf: Guard): CompiledQuery {
  return db.updateTable('providers').set({ digest_queued_for: period }).where('id', '=', providerId).where(onlyIf).compile();
}
