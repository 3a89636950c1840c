import { z } from 'zod';
import { type AuthenticatedClient, findClientById, findClientByKeyHash, insertClient, setWebhookEndpoint } from '../db/clients.ts';
import type { ApiClientRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { randomSecret, sha256Hex } from '../crypto.ts';
import { type FieldErrors, fieldErrors } from '../validation.ts';
import { webhookUrlProblem } from '../webhooks/endpoint-policy.ts';

/**
 * API clients are the apps that ask us to cancel. Their keys are long random secrets, so a fast hash
 * is enough to store them (no slow KDF needed: there is nothing to brute-force), and lookup is by hash.
 */
const KEY_PREFIX = 'cdk_';

const webhookUrl = z.string().max(2000);

export const newClientInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  webhookUrl: webhookUrl.nullish(),
});

export const clientUpdateInput = z.strictObject({
  /** A new endpoint (and a re-enabled one, after a 410), or null to stop webhooks. */
  webhookUrl: webhookUrl.nullable().optional(),
  rotateWebhookSecret: z.boolean().optional(),
});

export interface NewClient {
  id: string;
  name: string;
  /** Shown once; only its hash is kept. */
  apiKey: string;
  /** Only for a client created with a webhook endpoint. */
  webhookUrl?: string;
  /** Shown once here (and on rotation): the app verifies our webhooks with it. */
  webhookSecret?: string;
}

export interface UpdatedClient {
  id: string;
  webhookUrl: string | null;
  /** Only when this update created or rotated it. */
  webhookSecret: string | null;
}

type Result<T> = { kind: 'done'; client: T } | { kind: 'invalid'; fields: FieldErrors };

export async function createApiClient(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'config'>,
  input: z.input<typeof newClientInput>,
  apiKey = `${KEY_PREFIX}${randomSecret()}`,
): Promise<Result<NewClient>> {
  const parsed = newClientInput.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', fields: fieldErrors(parsed.error) };
  const url = parsed.data.webhookUrl ?? null;
  const problem = url === null ? null : webhookUrlProblem(url, deps.config.environment);
  if (problem) return { kind: 'invalid', fields: { webhookUrl: problem } };
  const id = deps.ids.id('cli');
  const secret = url === null ? null : newWebhookSecret();
  await deps.atomic([
    insertClient(deps.db, {
      id,
      name: parsed.data.name,
      key_hash: await sha256Hex(apiKey),
      webhook_url: url,
      webhook_secret: secret,
      webhook_disabled_at: null,
      created_at: deps.clock.now().toISOString(),
    }),
  ]);
  const webhook = url !== null && secret !== null ? { webhookUrl: url, webhookSecret: secret } : {};
  return { kind: 'done', client: { id, name: parsed.data.name, apiKey, ...webhook } };
}

/**
 * Sets, replaces or removes a client's webhook endpoint. A new URL re-enables an endpoint a 410 had
 * disabled; the secret is kept unless rotation is asked for (or there was none yet).
 */
export async function updateApiClient(
  deps: Pick<Deps, 'db' | 'atomic' | 'config'>,
  id: string,
  input: z.input<typeof clientUpdateInput>,
): Promise<Result<UpdatedClient> | { kind: 'not_found' }> {
  const parsed = clientUpdateInput.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', fields: fieldErrors(parsed.error) };
  const client = await findClientById(deps.db, id);
  if (!client) return { kind: 'not_found' };
  const url = parsed.data.webhookUrl === undefined ? client.webhook_url : parsed.data.webhookUrl;
  const problem = url === null ? null : webhookUrlProblem(url, deps.config.environment);
  if (problem) return { kind: 'invalid', fields: { webhookUrl: problem } };
  const freshSecret = url !== null && (parsed.data.rotateWebhookSecret || client.webhook_secret === null) ? newWebhookSecret() : null;
  const secret = url === null ? null : (freshSecret ?? client.webhook_secret);
  await deps.atomic([setWebhookEndpoint(deps.db, id, { url, secret })]);
  return { kind: 'done', client: { id, webhookUrl: url, webhookSecret: freshSecret } };
}

/** Standard Webhooks' secret format: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`;
}

export async function authenticateApiKey(deps: Pick<Deps, 'db'>, apiKey: string): Promise<AuthenticatedClient | null> {
  if (!apiKey.startsWith(KEY_PREFIX)) return null;
  return findClientByKeyHash(deps.db, await keyHash(apiKey));
}

/** An app polls with the same key all day; a few thousand apps' hashes are a few hundred KB. */
const REMEMBERED_KEY_HASHES = 5_000;
const keyHashes = new Map<string, string>();

/**
 * The stored hash of a key, remembered per process: WebCrypto's digest runs off the main thread, and
 * its hand-over cost more than the rest of a status poll's own work. Only the hash is remembered; the
 * client is still looked up on every request, so a deleted client stops working at once.
 */
async function keyHash(apiKey: string): Promise<string> {
  const known = keyHashes.get(apiKey);
  if (known) return known;
  const hash = await sha256Hex(apiKey);
  if (keyHashes.size >= REMEMBERED_KEY_HASHES) keyHashes.delete(keyHashes.keys().next().value!);
  keyHashes.set(apiKey, hash);
  return hash;
}
