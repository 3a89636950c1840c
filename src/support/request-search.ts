import type { RequestSearch } from '../db/support-queries.ts';
import { readReference } from '../ids.ts';

export type { RequestSearch };

/**
 * What support's search text means: our `CD-…` reference (any case, spaces around), or else the whole
 * value of one customer identifier, cleaned as stored values are (trimmed, NFC). Text shaped like a
 * reference matches only references (the index's seek; no identifier has that shape). Values are
 * exact, except email addresses (text with an @), whose case varies between the app and a provider.
 */
export function requestSearch(text: string): RequestSearch {
  const value = text.normalize('NFC').trim();
  return { reference: readReference(value), identifierValue: value, ignoreCase: value.includes('@') };
}
