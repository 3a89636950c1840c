import { labelOf } from './identifiers.ts';
import type { Provider } from './provider.ts';

/** What an app may know about a provider: enough to collect the right identifiers from its customer. */
export const providerForClient = (provider: Provider) => ({
  id: provider.id,
  name: provider.name,
  identifiers: provider.identifiers.map((def) => ({ key: def.key, label: labelOf(def), required: def.required })),
});
