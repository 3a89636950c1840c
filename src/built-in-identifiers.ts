/**
 * The customer identifiers a provider can ask for. Built-in keys carry their own validator, and a
 * label in every language (`identifierLabels` in src/copy); a provider may add custom keys with a
 * label and an optional pattern.
 */
export const BUILT_IN_IDENTIFIERS = {
  email: { maxLength: 254 },
  first_name: { maxLength: 100 },
  last_name: { maxLength: 100 },
  postal_address: { maxLength: 500, multiline: true },
  card_last4: { maxLength: 4 },
  phone: { maxLength: 32 },
  date_of_birth: { maxLength: 10 },
} as const satisfies Record<string, { maxLength: number; multiline?: boolean }>;

export type BuiltInKey = keyof typeof BUILT_IN_IDENTIFIERS;
export const BUILT_IN_KEYS = Object.keys(BUILT_IN_IDENTIFIERS) as BuiltInKey[];
export const isBuiltInKey = (key: string): key is BuiltInKey => Object.hasOwn(BUILT_IN_IDENTIFIERS, key);
