import { z } from 'zod';
import { validationMessage } from './validation-messages.ts';

// Installed here, in the core every validating module imports, so Node, workerd and the CLI all speak it.
z.config({ customError: validationMessage });

/** Field path → what is wrong with it, the shape every 400 and every CLI error list uses. */
export type FieldErrors = Record<string, string>;

/** The field name of a problem with the input as a whole (say, not an array). */
export const ROOT_FIELD = '(body)';

/** Flattens zod issues into `a.b[2].c: message`, keeping the first message per field. */
export function fieldErrors(error: z.core.$ZodError, prefix: (string | number)[] = []): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    // An unknown key is a problem with that key, not with the object around it.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[fieldPath([...path, key])] ??= 'is not a field we accept';
    } else {
      fields[fieldPath(path) || ROOT_FIELD] ??= issue.message;
    }
  }
  return fields;
}

export const fieldPath = (path: (string | number)[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

// Bidi overrides, zero-width characters and other format/control characters can make a value read
// differently from what it is (THREATS 15), so values carrying them are refused rather than passed on.
const INVISIBLE_MULTILINE = /[\p{Cf}\p{Co}\p{Cs}]|[\p{Cc}--[\n]]/v;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/v;

export const hasInvisibleCharacters = (value: string, options: { multiline?: boolean } = {}): boolean =>
  (options.multiline ? INVISIBLE_MULTILINE : INVISIBLE).test(value);

export const INVISIBLE_CHARACTERS_MESSAGE = 'contains control or invisible formatting characters';

/** Names every object already has ("__proto__", "constructor"): as keys of app data they misbehave. */
export const isReservedKey = (key: string): boolean => key in Object.prototype;
