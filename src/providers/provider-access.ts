import { newWebhookSecret } from '../clients/api-clients.ts';
import { randomSecret, sha256Hex } from '../crypto.ts';
import { findProvider } from '../db/providers.ts';
import { findLiveProviderKey, findProviderKey, insertProviderKey, revokeProviderKey, setProviderWebhookEndpoint } from '../db/provider-keys.ts';
import type { Deps } from '../deps.ts';
import type { FieldErrors } from '../validation.ts';
import { webhookUrlProblem } from '../webhooks/endpoint-policy.ts';

/**
 * A provider's own credentials: API keys (issue 16 §3) and its webhook endpoint. A key is a long random
 * secret, stored as its SHA-256 only (nothing to brute-force, as with app keys), and belongs to one provider.
 * Its prefix differs from an app key's, so neither is ever looked up where the other belongs.
 */
const KEY_PREFIX = 'cdpk_';

export interface NewProviderKey {
  id: string;
  providerId: string;
  /** Shown once; only its hash is kept. */
  apiKey: string;
}

export async function createProviderKey(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids'>,
  providerId: string,
): Promise<{ kind: 'done'; key: NewProviderKey } | { kind: 'not_found' }> {
  if (!(await findProvider(deps.db, providerId))) return { kind: 'not_found' };
  const apiKey = `${KEY_PREFIX}${randomSecret()}`;
  const id = deps.ids.id('pk');
  await deps.atomic([insertProviderKey(deps.db, { id, provider_id: providerId, key_hash: await sha256Hex(apiKey), created_at: deps.clock.now().toISOString(), revoked_at: null })]);
  return { kind: 'done', key: { id, providerId, apiKey } };
}

export interface RevokedProviderKey {
  id: string;
  providerId: string;
  revokedAt: string;
}

/** Ends a key at once; revoking it again changes nothing. */
export async function revokeProviderApiKey(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock'>,
  id: string,
): Promise<{ kind: 'done'; key: RevokedProviderKey } | { kind: 'not_found' }> {
  if (!(await findProviderKey(deps.db, id))) return { kind: 'not_found' };
  await deps.atomic([revokeProviderKey(deps.db, id, deps.clock.now().toISOString())]);
  const key = (await findProviderKey(deps.db, id))!;
  return { kind: 'done', key: { id, providerId: key.provider_id, revokedAt: key.revoked_at! } };
}

/** The provider a key in force belongs to, or null (an app key, a revoked or unknown one). */
export async function authenticateProviderKey(deps: Pick<Deps, 'db'>, apiKey: string): Promise<{ keyId: string; providerId: string } | null> {
  if (!apiKey.startsWith(KEY_PREFIX)) return null;
  const key = await findLiveProviderKey(deps.db, await sha256Hex(apiKey));
  return key ? { keyId: key.id, providerId: key.provider_id } : null;
}

export interface ProviderWebhookEndpoint {
  providerId: string;
  webhookUrl: string | null;
  /** Shown once, when this call set a new endpoint: the provider verifies our webhooks with it. */
  webhookSecret: string | null;
}

/**
 * Sets a provider's webhook endpoint with a fresh secret (under the same rules as an app's: in production
 * https to a public address only), or removes it (null).
 */
export async function setProviderWebhook(
  deps: Pick<Deps, 'db' | 'atomic' | 'config'>,
  providerId: string,
  url: string | null,
): Promise<{ kind: 'done'; endpoint: ProviderWebhookEndpoint } | { kind: 'invalid'; fields: FieldErrors } | { kind: 'not_found' }> {
  if (url !== null && url.length > 2000) return { kind: 'invalid', fields: { webhookUrl: 'must be at most 2000 characters' } };
  const problem = url === null ? null : webhookUrlProblem(url, deps.config.environment);
  if (problem) return { kind: 'invalid', fields: { webhookUrl: problem } };
  if (!(await findProvider(deps.db, providerId))) return { kind: 'not_found' };
  const secret = url === null ? null : newWebhookSecret();
  await deps.atomic([setProviderWebhookEndpoint(deps.db, providerId, { url, secret })]);
  return { kind: 'done', endpoint: { providerId, webhookUrl: url, webhookSecret: secret } };
}
