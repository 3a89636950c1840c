import type { CompiledQuery } from 'kysely';
import type { Locale } from '../copy/index.ts';
import type { Provider } from '../providers/provider.ts';
import { preparedRead } from './prepared.ts';
import type { Db, ProviderRow } from './schema.ts';

// Prepared: every reply form opened and answered reads its provider.
const providerById = preparedRead((db, { id }: { id: string }) => db.selectFrom('providers').selectAll().where('id', '=', id));

export async function findProvider(db: Db, id: string): Promise<Provider | null> {
  const [row] = await providerById(db, { id });
  return row ? toProvider(row) : null;
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
