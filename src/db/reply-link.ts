import type { Locale } from '../copy/index.ts';
import type { Provider } from '../providers/provider.ts';
import type { LinkFetchContext } from './link-activity.ts';
import { preparedRead } from './prepared.ts';
import type { Db, RequestRow } from './schema.ts';

/** What a reply page shows of a request's provider. */
export type ProviderOnPage = Pick<Provider, 'name' | 'locale' | 'identifiers'>;

/** A reply link's request as its page needs it, with what recording this fetch of the link needs from before it. */
export interface ReplyLinkRequest {
  row: RequestRow;
  /** Null when the provider is gone. */
  provider: ProviderOnPage | null;
  /** As linkFetchContext (link-activity.ts) would read it at `at`. */
  fetchContext: LinkFetchContext;
}

// One statement (prepared): every reply form opened or answered reads the request, its provider and its link activity's context.
const replyLinkRead = preparedRead((db, { id, at }: { id: string; at: string }) =>
  db
    .selectFrom('cancellation_requests as r')
    .leftJoin('providers as p', 'p.id', 'r.provider_id')
    .selectAll('r')
    .select((eb) => [
      'p.name as provider_name',
      'p.locale as provider_locale',
      'p.identifiers as provider_identifiers',
      eb.selectFrom('outbox as o').select((sub) => sub.fn.max('o.sent_at').as('sent')).where('o.request_id', '=', id).where('o.sent_at', '<=', at).as('delivered_at'),
      eb.selectFrom('link_activity as l').select((sub) => sub.fn.max('l.at').as('at')).where('l.request_id', '=', id).as('previous_fetch_at'),
    ])
    .where('r.id', '=', id),
);

/** The request a reply link names, read at `at`; null when there is none. */
export async function findReplyLinkRequest(db: Db, id: string, at: string): Promise<ReplyLinkRequest | null> {
  const [found] = await replyLinkRead(db, { id, at });
  if (!found) return null;
  const { provider_name, provider_locale, provider_identifiers, delivered_at, previous_fetch_at, ...row } = found;
  const provider =
    provider_name === null || provider_locale === null || provider_identifiers === null
      ? null
      : { name: provider_name, locale: provider_locale as Locale, identifiers: JSON.parse(provider_identifiers) };
  return { row, provider, fetchContext: { deliveredAt: delivered_at ?? null, previousFetchAt: previous_fetch_at ?? null, firstOpenedAt: row.first_opened_at } };
}
