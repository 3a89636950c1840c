import { preparedRead } from './prepared.ts';
import type { CompiledQuery } from 'kysely';
import type { ApiClientRow, Db } from './schema.ts';

export function insertClient(db: Db, row: ApiClientRow): CompiledQuery {
  return db.insertInto('api_clients').values(row).compile();
}

/**
 * Every app request starts here: prepared once (src/db/prepared.ts), and only who the client is. The
 * whole row (webhook secret and all) cost the status poll's lookup nearly twice SQLite's time for the
 * two columns a request needs, and a key check has no business holding the webhook secret.
 */
const byKeyHash = preparedRead((db, { keyHash }: { keyHash: string }) => db.selectFrom('api_clients').select(['id', 'name']).where('key_hash', '=', keyHash));

export type AuthenticatedClient = Pick<ApiClientRow, 'id' | 'name'>;

export async function findClientByKeyHash(db: Db, keyHash: string): Promise<AuthenticatedClient | null> {
  return (await byKeyHash(db, { keyHash }))[0] ?? null;
}

export async function findClientById(db: Db, id: string): Promise<ApiClientRow | null> {
  return (await db.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The client's webhook endpoint; setting one (again) clears a 410's disabling. */
export function setWebhookEndpoint(db: Db, id: string, endpoint: { url: string | null; secret: string | null }): CompiledQuery {
  return db
    .updateTable('api_clients')
    .set({ webhook_url: endpoint.url, webhook_secret: endpoint.secret, webhook_disabled_at: null })
    .where('id', '=', id)
    .compile();
}

/** An endpoint that answered 410 Gone gets nothing more until its URL is set again. */
export function disableWebhookEndpoint(db: Db, id: string, url: string, at: string): CompiledQuery {
  // Only the URL that answered 410: a new one set meanwhile stays enabled.
  return db.updateTable('api_clients').set({ webhook_disabled_at: at }).where('id', '=', id).where('webhook_url', '=', url).compile();
}
