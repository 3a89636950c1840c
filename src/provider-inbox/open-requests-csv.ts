import { isoDay } from '../clock.ts';
import { findProvider } from '../db/providers.ts';
import { listOpenRequests } from '../db/provider-inbox.ts';
import { storedCustomer } from '../db/requests.ts';
import type { Deps } from '../deps.ts';
import { writeCsv } from './csv-files.ts';

/** The first two columns of the export; the provider's identifier keys follow, in its order. */
export const EXPORT_COLUMNS = ['reference', 'request_date'] as const;

/**
 * The provider's open requests as a CSV to work through: one row per request, oldest first, our
 * reference, the request date and each identifier the provider asks for, under its key.
 */
export async function openRequestsCsv(deps: Pick<Deps, 'db' | 'clock'>, providerId: string): Promise<{ filename: string; csv: string }> {
  const [provider, requests] = await Promise.all([findProvider(deps.db, providerId), listOpenRequests(deps.db, providerId)]);
  const keys = (provider?.identifiers ?? []).map((identifier) => identifier.key);
  const rows = requests.map((request) => {
    const customer = storedCustomer(request) ?? {};
    return [request.reference, request.created_at.slice(0, 10), ...keys.map((key) => customer[key] ?? '')];
  });
  // Provider ids are lower-case letters, digits and dashes: safe in a header as they are.
  return { filename: `canceldesk-open-${providerId}-${isoDay(deps.clock.now())}.csv`, csv: writeCsv([...EXPORT_COLUMNS, ...keys], rows) };
}
