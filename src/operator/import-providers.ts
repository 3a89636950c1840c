import { z } from 'zod';
import { upsertProvider } from '../db/providers.ts';
import type { Deps } from '../deps.ts';
import { type FieldErrors, fieldErrors } from '../validation.ts';
import { type Provider, providerInput } from '../providers/provider.ts';

const providersFile = z
  .array(providerInput, { error: 'must be a JSON array of provider objects' })
  .min(1, 'must list at least one provider')
  .superRefine((providers, ctx) => {
    const seen = new Set<string>();
    providers.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${p.id}" appears twice in the file` });
      seen.add(p.id);
    });
  });

/**
 * Creates or updates every provider in the file, or none: one invalid entry refuses the whole file,
 * with each problem reported by index and field.
 */
export async function importProviders(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock'>,
  file: unknown,
): Promise<{ ok: true; providers: Provider[] } | { ok: false; fields: FieldErrors }> {
  // Async: a custom pattern's linear-time check runs off the event loop (pattern-safety.ts).
  const parsed = await providersFile.safeParseAsync(file);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  const now = deps.clock.now().toISOString();
  await deps.atomic(parsed.data.map((provider) => upsertProvider(deps.db, provider, now)));
  return { ok: true, providers: parsed.data };
}
