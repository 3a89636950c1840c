import { findProvider, listProviders } from '../db/providers.ts';
import type { Deps } from '../deps.ts';
import type { Provider } from '../providers/provider.ts';

/** The provider an app asks about before it creates a request there; null when there is none. */
export const providerById = (deps: Pick<Deps, 'db'>, id: string): Promise<Provider | null> => findProvider(deps.db, id);

/** Every provider's id, in order: what support's list can be narrowed to. */
export const providerIds = async (deps: Pick<Deps, 'db'>): Promise<string[]> => (await listProviders(deps.db)).map((provider) => provider.id);
