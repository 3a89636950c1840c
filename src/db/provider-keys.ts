import type { CompiledQuery } from 'kysely';
import { preparedRead } from './prepared.ts';
import type { Db, ProviderApiKeyRow } from './schema.ts';

export function insertProviderKey(db: Db, row: ProviderApiKeyRow): CompiledQuery {
  return db.insertInto('provider_api_keys').values(row).compile();
}

/** Every provider API call starts here: a key still in force, by its hash. */
const liveKeyByHash = preparedRead((db, { keyHash }: { keyHash: string }) =>
  db.selectFrom('provider_api_keys').select(['id', 'provider_id']).where('key_hash', '=', keyHash).where('revoked_at', 'is', null),
);

export async function findLiveProviderKey(db: Db, keyHash: string): Promise<{ id: string; provider_id: string } | null> {
  return (await liveKeyByHash(db, { keyHash }))[0] ?? null;
}

/** Revokes a key in force; a revoked one stays revoked (and keeps its first revocation time). */
export function revokeProviderKey(db: Db, id: string, at: string): CompiledQuery {
  return db.updateTable('provider_api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).compile();
}

export async function findProviderKey(db: Db, id: string): Promise<ProviderApiKeyRow | null> {
  return (await db.selectFrom('provider_api_keys').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The provider's webhook endpoint; setting one (again) clears a 410's disabling. */
export function setProviderWebhookEndpoint(db: Db, id: string, endpoint: { url: string | null; secret: string | null }): CompiledQuery {
  return db
    .updateTable('providers')
    .set({ webhook_url: endpoint.url, webhook_secret: endpoint.secret, webhook_disabled_at: null })
    .where('id', '=', id)
    .compile();
}

/** An endpoint that answered 410 Gone gets nothing more until its URL is set again (only the URL that answered). */
export function disableProviderWebhookEndpoint(db: Db, id: string, url: string, at: string): CompiledQuery {
  return db.updateTable('providers').set({ webhook_disabled_at: at }).where('id', '=', id).where('webhook_url', '=', url).compile();
}

/** The provider's endpoint as the deliverer needs it; null when there is no such provider. */
export async function findProviderWebhookEndpoint(db: Db, id: string) {
  return (await db.selectFrom('providers').select(['id', 'webhook_url', 'webhook_secret', 'webhook_disabled_at']).where('id', '=', id).executeTakeFirst()) ?? null;
}
