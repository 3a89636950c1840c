import { z } from 'zod';
import { findClientByKeyHash, insertClient } from '../db/clients.ts';
import type { ApiClientRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { randomSecret, sha256Hex } from '../crypto.ts';
import { type FieldErrors, fieldErrors } from '../validation.ts';

/**
 * API clients are the apps that ask us to cancel. Their keys are long random secrets, so a fast hash
 * is enough to store them (no slow KDF needed: there is nothing to brute-force), and lookup is by hash.
 */
const KEY_PREFIX = 'cdk_';

export const newClientInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  webhookUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).nullish(),
});

export interface NewClient {
  id: string;
  name: string;
  /** Shown once; only its hash is kept. */
  apiKey: string;
}

export async function createApiClient(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids'>,
  input: z.input<typeof newClientInput>,
  apiKey = `${KEY_PREFIX}${randomSecret()}`,
): Promise<{ ok: true; client: NewClient } | { ok: false; fields: FieldErrors }> {
  const parsed = newClientInput.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  const id = deps.ids.id('cli');
  await deps.atomic([
    insertClient(deps.db, {
      id,
      name: parsed.data.name,
      key_hash: await sha256Hex(apiKey),
      webhook_url: parsed.data.webhookUrl ?? null,
      created_at: deps.clock.now().toISOString(),
    }),
  ]);
  return { ok: true, client: { id, name: parsed.data.name, apiKey } };
}

export async function authenticateApiKey(deps: Pick<Deps, 'db'>, apiKey: string): Promise<ApiClientRow | null> {
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
