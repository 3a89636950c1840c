import type { CompiledQuery } from 'kysely';
import type { Locale } from '../copy/index.ts';
import type { Provider } from '../providers/provider.ts';
import { preparedRead } from './prepared.ts';
import type { Db, ProviderRow, RequestRow } from './schema.ts';

// Prepared: every reply form opened and answered reads its provider.
const providerById = preparedRead((db, { id }: { id: string }) => db.selectFrom('providers').selectAll().where('id', '=', id));

export async function findProvider(db: Db, id: string): Promise<Provider | null> {
  const [row] = await providerById(db, { id });
  return row ? toProvider(row) : null;
}

/** What a reply page shows of a request's provider. */
export type ProviderOnPage = Pick<Provider, 'name' | 'locale' | 'identifiers'>;

// The request and what its page shows of the provider in one statement (prepared): every reply form opened or answered reads both.
const requestWithProvider = preparedRead((db, { id }: { id: string }) =>
  db
    .selectFrom('cancellation_requests as r')
    .leftJoin('providers as p', 'p.id', 'r.provider_id')
    .selectAll('r')
    .select(['p.name as provider_name', 'p.locale as provider_locale', 'p.identifiers as provider_identifiers'])
    .where('r.id', '=', id),
);

/** A request by id with its provider's name, language and identifiers (null when the provider is gone). */
export async function findRequestWithProvider(db: Db, id: string): Promise<{ row: RequestRow; provider: ProviderOnPage | null } | null> {
  const [found] = await requestWithProvider(db, { id });
  if (!found) return null;
  const { provider_name, provider_locale, provider_identifiers, ...row } = found;
  const provider =
    provider_name === null || provider_locale === null || provider_identifiers === null
      ? null
      : { name: provider_name, locale: provider_locale as Locale, identifiers: JSON.parse(provider_identifiers) };
  return { row, provider };
}

export async function listProviders(db: Db): Promise<Provider[]> {
  const rows = await db.selectFrom('providers').selectAll().orderBy('id').execute();
  return rows.map(toProvider);
}

/** Creates the provider or replaces its settings, keeping its creation time. */
export function upsertProvider(db: Db, provider: Provider, now: string): CompiledQuery {
  const columns = {
    name: provider.name,
    emails: JSON.stringify(provider.emails),
    locale: provider.locale,
    identifiers: JSON.stringify(provider.identifiers),
    reply_window_days: provider.replyWindowDays,
    reminder_days: JSON.stringify(provider.reminderDays),
    follow_up_delay_days: provider.followUpDelayDays,
    per_request_emails: provider.perRequestEmails ? 1 : 0,
    digest: provider.digest,
    updated_at: now,
  };
  return db
    .insertInto('providers')
    .values({ id: provider.id, created_at: now, ...columns })
    .onConflict((oc) => oc.column('id').doUpdateSet(columns))
    .compile();
}

function toProvider(row: ProviderRow): Provider {
  return {
    id: row.id,
    name: row.name,
    emails: JSON.parse(row.emails),
    locale: row.locale as Locale,
    identifiers: JSON.parse(row.identifiers),
    replyWindowDays: row.reply_window_days,
    reminderDays: JSON.parse(row.reminder_days),
    followUpDelayDays: row.follow_up_delay_days,
    perRequestEmails: row.per_request_emails !== 0,
    digest: row.digest as Provider['digest'],
  };
}
