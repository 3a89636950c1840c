import type { RequestSearch } from '../db/support-queries.ts';
import { readReference } from '../ids.ts';

export type { RequestSearch };

/**
 * What support's search text means: our `CD-…` reference (any case, spaces around), or the whole value
 * of one customer identifier, cleaned as stored values are (trimmed, NFC). Values are exact, except
 * email addresses (text with an @), whose case varies between the app and what a provider quotes.
 */
export function requestSearch(text: string): RequestSearch {
  const value = text.normalize('NFC').trim();
  return { reference: readReference(value), identifierValue: value, ignoreCase: value.includes('@') };
}
