import { type IdentifierDefinition, isBuiltInKey, labelOf } from './identifiers.ts';
import type { Provider } from './provider.ts';

/** English as for built-ins; a custom label written without English is given in the provider's language, which it always has. */
const appLabel = (def: IdentifierDefinition, provider: Provider): string =>
  typeof def.label === 'object' && !def.label.en && !isBuiltInKey(def.key) ? labelOf(def, provider.locale) : labelOf(def);

/** What an app may know about a provider: enough to collect the right identifiers from its customer. */
export const providerForClient = (provider: Provider) => ({
  id: provider.id,
  name: provider.name,
  // `label` stays one string for the apps that read it; `labels` is added only when the provider wrote it per language.
  identifiers: provider.identifiers.map((def) => ({
    key: def.key,
    label: appLabel(def, provider),
    ...(typeof def.label === 'object' && { labels: def.label }),
    required: def.required,
  })),
});
