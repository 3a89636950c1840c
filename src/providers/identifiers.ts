import { z } from 'zod';
import { BUILT_IN_IDENTIFIERS, type BuiltInKey, isBuiltInKey } from '../built-in-identifiers.ts';
import { copies, type Locale } from '../copy/index.ts';
import { type FieldErrors, hasInvisibleCharacters, INVISIBLE_CHARACTERS_MESSAGE } from '../validation.ts';

// The built-in keys live below both this module and src/copy (which names them), since this one imports src/copy.
export { BUILT_IN_IDENTIFIERS, BUILT_IN_KEYS, type BuiltInKey, isBuiltInKey } from '../built-in-identifiers.ts';

const CUSTOM_MAX_LENGTH = 200;

/** A label per language, as a provider may write it; at least the provider's own language is given (see providerInput). */
export type LabelsByLocale = Partial<Record<Locale, string>>;

/**
 * One identifier as a provider stores it. `label` is set for custom keys and for overridden built-ins:
 * one string for every language, or one per language.
 */
export interface IdentifierDefinition {
  key: string;
  required: boolean;
  label?: string | LabelsByLocale;
  pattern?: string;
}

/**
 * The label in a reader's language (English for apps, support and the CLI; the provider's for its form
 * and emails). A string is kept as written; per language, a missing one falls back to the built-in's own,
 * then English, then whichever the provider gave.
 */
export function labelOf(def: IdentifierDefinition, locale: Locale = 'en'): string {
  const { label } = def;
  if (typeof label === 'string') return label;
  const own = label?.[locale];
  if (own) return own;
  if (isBuiltInKey(def.key)) return copies[locale].identifierLabels[def.key];
  return label?.en ?? Object.values(label ?? {}).find(Boolean) ?? def.key;
}

export const isMultiline = (key: string): boolean =>
  isBuiltInKey(key) && 'multiline' in BUILT_IN_IDENTIFIERS[key];

export type Customer = Record<string, string>;

/**
 * A stored customer's values in the provider's order under the provider's labels: what every page and
 * email shows. The provider's own pages pass the labels of its language.
 */
export const customerDetails = (
  definitions: IdentifierDefinition[],
  customer: Customer,
  locale?: Locale,
): { key: string; label: string; value: string }[] =>
  definitions
    .filter((def) => Object.hasOwn(customer, def.key))
    .map((def) => ({ key: def.key, label: labelOf(def, locale), value: customer[def.key]! }));

const builtInFormat: Record<BuiltInKey, (value: string, today: string) => string | null> = {
  email: (v) => (z.email().safeParse(v).success ? null : 'must be a valid email address'),
  first_name: () => null,
  last_name: () => null,
  postal_address: (v) => (v.split('\n').length > 10 ? 'must be at most 10 lines' : null),
  card_last4: (v) => (/^[0-9]{4}$/.test(v) ? null : 'must be exactly 4 digits'),
  phone: (v) =>
    /^\+?[0-9][0-9 ().-]{3,30}$/.test(v) ? null : 'must be a phone number (digits, spaces and + ( ) - . only)',
  date_of_birth: (v, today) => {
    // zod's ISO date check knows month lengths and leap years, unlike `new Date()`, which rolls 02-30 over.
    if (!z.iso.date().safeParse(v).success) return 'must be a real calendar date written YYYY-MM-DD';
    if (v < '1900-01-01' || v > today) return 'must be a date between 1900-01-01 and today';
    return null;
  },
};

/** Trims, normalises to NFC and unifies line endings; returns an error message or the clean value. */
function clean(key: string, raw: unknown): { value: string } | { error: string } {
  if (typeof raw !== 'string') return { error: 'must be a string' };
  const multiline = isMultiline(key);
  let value = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  value = multiline ? value.split('\n').map((line) => line.trim()).filter(Boolean).join('\n') : value.trim();
  if (value === '') return { error: 'must not be empty' };
  if (hasInvisibleCharacters(value, { multiline })) return { error: INVISIBLE_CHARACTERS_MESSAGE };
  return { value };
}

/** Our own formats are checked first: "must be exactly 4 digits" says more than a length limit. */
function builtInProblem(key: BuiltInKey, value: string, today: string): string | null {
  const max = BUILT_IN_IDENTIFIERS[key].maxLength;
  return builtInFormat[key](value, today) ?? (value.length > max ? `must be at most ${max} characters` : null);
}

/** The length comes first here, so an operator's pattern never runs on an oversized value. */
function customProblem(def: IdentifierDefinition, value: string): string | null {
  if (value.length > CUSTOM_MAX_LENGTH) return `must be at most ${CUSTOM_MAX_LENGTH} characters`;
  if (def.pattern && !new RegExp(def.pattern, 'u').test(value)) return `does not match the format ${labelOf(def)} must have`;
  return null;
}

/**
 * Checks an app's customer object against a provider's identifiers: every required one present and
 * valid, optional ones valid when given, nothing the provider did not ask for (data minimisation).
 * `today` is `YYYY-MM-DD`, for date sense checks.
 */
export function validateCustomer(
  definitions: IdentifierDefinition[],
  input: Record<string, unknown>,
  today: string,
): { kind: 'valid'; customer: Customer } | { kind: 'invalid'; fields: FieldErrors } {
  // No prototype: a key such as "__proto__" sent by an app must land as a field like any other.
  const fields: FieldErrors = Object.create(null);
  const customer: Customer = {};
  const asked = new Set(definitions.map((d) => d.key));

  for (const def of definitions) {
    const raw = Object.hasOwn(input, def.key) ? input[def.key] : undefined;
    if (raw === undefined || raw === null || raw === '') {
      if (def.required) fields[def.key] = 'is required by this provider';
      continue;
    }
    const cleaned = clean(def.key, raw);
    if ('error' in cleaned) {
      fields[def.key] = cleaned.error;
      continue;
    }
    const problem = isBuiltInKey(def.key) ? builtInProblem(def.key, cleaned.value, today) : customProblem(def, cleaned.value);
    if (problem) fields[def.key] = problem;
    else customer[def.key] = cleaned.value;
  }
  // After the provider's own: an answer names only the first few dozen fields, and those matter most.
  for (const key of Object.keys(input)) {
    if (!asked.has(key)) fields[key] = 'is not an identifier this provider asks for';
  }
  return Object.keys(fields).length > 0 ? { kind: 'invalid', fields } : { kind: 'valid', customer };
}
