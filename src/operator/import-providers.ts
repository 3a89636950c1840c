import { z } from 'zod';
import { upsertProvider } from '../db/providers.ts';
import type { Deps } from '../deps.ts';
import { type FieldErrors, fieldErrors, fieldPath } from '../validation.ts';
import type { LinearTimeCheck } from '../providers/pattern-safety.ts';
import { type Provider, providerInput } from '../providers/provider.ts';

export const providersFile = z
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
 * with each problem reported by index and field. Patterns' running time is checked once the rest is valid.
 */
export async function importProviders(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'linearTimeCheck'>,
  file: unknown,
): Promise<{ kind: 'done'; providers: Provider[] } | { kind: 'invalid'; fields: FieldErrors }> {
  const parsed = providersFile.safeParse(file);
  if (!parsed.success) return { kind: 'invalid', fields: fieldErrors(parsed.error) };
  const slowPatterns = await patternsNotLinear(parsed.data, deps.linearTimeCheck);
  if (Object.keys(slowPatterns).length > 0) return { kind: 'invalid', fields: slowPatterns };
  const now = deps.clock.now().toISOString();
  await deps.atomic(parsed.data.map((provider) => upsertProvider(deps.db, provider, now)));
  return { kind: 'done', providers: parsed.data };
}

/** Each custom pattern not proven to run in linear time, by index and field; checked side by side. */
async function patternsNotLinear(providers: Provider[], check: LinearTimeCheck): Promise<FieldErrors> {
  const checks = providers.flatMap((provider, i) =>
    provider.identifiers.flatMap((identifier, j) =>
      identifier.pattern ? [check(identifier.pattern).then((problem) => [fieldPath([i, 'identifiers', j, 'pattern']), problem] as const)] : [],
    ),
  );
  return Object.fromEntries((await Promise.all(checks)).filter((entry): entry is readonly [string, string] => entry[1] !== null));
}
