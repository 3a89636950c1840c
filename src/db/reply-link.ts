import type { Locale } from '../copy/index.ts';
import type { Provider } from '../providers/provider.ts';
import type { LinkFetchContext } from './link-activity.ts';
import { preparedRead } from './prepared.ts';
import type { AnswerRow, Db, RequestRow } from './schema.ts';

/** What a reply page shows of a request's provider. */
export type ProviderOnPage = Pick<Provider, 'name' | 'locale' | 'identifiers'>;

/** What the page shows of the latest answer, and its number (how many answers there are). */
export type LatestAnswer = Pick<AnswerRow, 'outcome' | 'date' | 'at' | 'actor' | 'number'>;

/** A reply link's request as its page needs it, with what recording this fetch of the link needs from before it. */
export interface ReplyLinkRequest {
  row: RequestRow;
  /** Null when the provider is gone. */
  provider: ProviderOnPage | null;
  /** Its latest answer, if any (the one with the highest number). */
  latest: LatestAnswer | null;
  /** As linkFetchContext (link-activity.ts) would read it at `at`. */
  fetchContext: LinkFetchContext;
}

/**
 * One statement: every reply form opened or answered reads the request, its provider, its latest answer
 * and its link activity's context. Prepared below; the bench's floors prepare the same statement.
 */
export const replyLinkQuery = (db: Db, { id, at }: { id: string; at: string }) =>
  db
    .selectFrom('cancellation_requests as r')
    .leftJoin('providers as p', 'p.id', 'r.provider_id')
    .leftJoin('request_answers as a', (join) =>
      join.on((eb) =>
        eb('a.id', '=', eb.selectFrom('request_answers as n').select('n.id').where('n.request_id', '=', id).orderBy('n.number', 'desc').limit(1)),
      ),
    )
    .selectAll('r')
    .select((eb) => [
      'p.name as provider_name',
      'p.locale as provider_locale',
      'p.identifiers as provider_identifiers',
      'a.outcome as answer_outcome',
      'a.date as answer_date',
      'a.at as answer_at',
      'a.actor as answer_actor',
      'a.number as answer_number',
      eb.selectFrom('outbox as o').select((sub) => sub.fn.max('o.sent_at').as('sent')).where('o.request_id', '=', id).where('o.sent_at', '<=', at).as('delivered_at'),
      eb.selectFrom('link_activity as l').select((sub) => sub.fn.max('l.at').as('at')).where('l.request_id', '=', id).as('previous_fetch_at'),
    ])
    .where('r.id', '=', id);

/** The row replyLinkQuery reads. */
export type ReplyLinkRow = Awaited<ReturnType<ReturnType<typeof replyLinkQuery>['executeTakeFirstOrThrow']>>;

const replyLinkRead = preparedRead(replyLinkQuery);

/** The request a reply link names, read at `at`; null when there is none. */
export async function findReplyLinkRequest(db: Db, id: string, at: string): Promise<ReplyLinkRequest | null> {
  const [found] = await replyLinkRead(db, { id, at });
  if (!found) return null;
  // The row is handed on as it came, its extra columns and all: copying it without them (object rest) was ~4 % of the GET's profile.
  const row: RequestRow = found;
  const { provider_name, provider_locale, provider_identifiers, delivered_at, previous_fetch_at } = found;
  const { answer_outcome, answer_date, answer_at, answer_actor, answer_number } = found;
  const latest =
    answer_outcome === null || answer_at === null || answer_actor === null || answer_number === null
      ? null
      : { outcome: answer_outcome, date: answer_date, at: answer_at, actor: answer_actor, number: answer_number };
  const provider =
    provider_name === null || provider_locale === null || provider_identifiers === null
      ? null
      : { name: provider_name, locale: provider_locale as Locale, identifiers: JSON.parse(provider_identifiers) };
  return { row, provider, latest, fetchContext: { deliveredAt: delivered_at ?? null, previousFetchAt: previous_fetch_at ?? null, firstOpenedAt: row.first_opened_at } };
}
