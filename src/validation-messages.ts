import type { z } from 'zod';

/**
 * What is wrong with a value, in our words, for every issue zod raises without a message of its own:
 * the API's 400s, the CLI and the configuration all read the same "must be at least 1", never zod's
 * "Too small: expected number to be >=1". A message written on a schema still wins over this map.
 */
export const validationMessage = (issue: z.core.$ZodRawIssue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.expected === 'nonoptional' ? 'is required' : `must be ${typeNoun(issue)}`;
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0]) ?? shown(issue.values[0])}` : `must be one of: ${issue.values.map(shown).join(', ')}`;
    case 'invalid_format':
      return formatMessage(issue);
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'is a field' : 'are fields'} we do not accept: ${issue.keys.join(', ')}`;
    case 'invalid_key':
      return `is not a key we accept: it ${issue.issues[0]?.message ?? 'is not valid'}`;
    case 'invalid_element':
      return `has an item we do not accept: it ${issue.issues[0]?.message ?? 'is not valid'}`;
    case 'invalid_union':
      return unionMessage(issue);
    default:
      return 'is not valid';
  }
};

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  tuple: 'an array',
  date: 'a date',
  null: 'null',
  nan: 'a number',
};

function typeNoun(issue: Extract<z.core.$ZodRawIssue, { code: 'invalid_type' }>): string {
  // z.coerce.number().int() given "abc" fails as a number; the caller should hear it wants a whole one.
  if (issue.expected === 'number' && wantsWholeNumber(issue.inst)) return NOUNS.int!;
  if (issue.expected === 'never' || issue.expected === 'undefined') return 'left out';
  return NOUNS[issue.expected] ?? `a ${issue.expected}`;
}

const wantsWholeNumber = (schema: unknown): boolean =>
  ((schema as z.core.$ZodType | undefined)?._zod.def.checks ?? []).some((check) => {
    const def = check._zod.def as { check: string; format?: string };
    return def.check === 'number_format' && def.format?.includes('int') === true;
  });

function tooSmall(issue: Extract<z.core.$ZodRawIssue, { code: 'too_small' }>): string {
  const n = Number(issue.minimum);
  switch (issue.origin) {
    case 'string':
      if (issue.exact) return `must be exactly ${count(n, 'character')}`;
      return n === 1 ? 'must not be empty' : `must be at least ${count(n, 'character')}`;
    case 'array':
    case 'set':
      if (issue.exact) return `must have exactly ${count(n, 'item')}`;
      return n === 1 ? 'must have at least one item' : `must have at least ${count(n, 'item')}`;
    case 'date':
      return `must be on or after ${shown(issue.minimum)}`;
    default:
      return issue.inclusive === false ? `must be more than ${n}` : `must be at least ${n}`;
  }
}

function tooBig(issue: Extract<z.core.$ZodRawIssue, { code: 'too_big' }>): string {
  const n = Number(issue.maximum);
  switch (issue.origin) {
    case 'string':
      return issue.exact ? `must be exactly ${count(n, 'character')}` : `must be at most ${count(n, 'character')}`;
    case 'array':
    case 'set':
      return issue.exact ? `must have exactly ${count(n, 'item')}` : `must have at most ${count(n, 'item')}`;
    case 'date':
      return `must be on or before ${shown(issue.maximum)}`;
    default:
      return issue.inclusive === false ? `must be less than ${n}` : `must be at most ${n}`;
  }
}

const FORMATS: Record<string, string> = {
  date: 'must be a date (YYYY-MM-DD)',
  datetime: 'must be a date and time such as 2026-12-01T10:00:00Z',
  time: 'must be a time such as 10:00:00',
  duration: 'must be a duration such as P3D',
  email: 'must be an email address',
  url: 'must be a URL',
  uuid: 'must be a UUID',
  base64: 'must be base64',
  base64url: 'must be base64url',
  ipv4: 'must be an IPv4 address',
  ipv6: 'must be an IPv6 address',
  json_string: 'must be JSON',
};

function formatMessage(issue: Extract<z.core.$ZodRawIssue, { code: 'invalid_format' }>): string {
  if (issue.format === 'starts_with' && 'prefix' in issue) return `must start with "${issue.prefix}"`;
  if (issue.format === 'ends_with' && 'suffix' in issue) return `must end with "${issue.suffix}"`;
  if (issue.format === 'includes' && 'includes' in issue) return `must contain "${issue.includes}"`;
  return FORMATS[issue.format] ?? 'is not in a form we accept';
}

function unionMessage(issue: Extract<z.core.$ZodRawIssue, { code: 'invalid_union' }>): string {
  if (issue.input === undefined) return 'is required';
  if (issue.inclusive === false) return 'fits more than one form; it must fit exactly one';
  if (issue.options?.length) {
    // A discriminated union: the issue is the discriminator's, the input the object around it.
    const given = issue.discriminator && issue.input && typeof issue.input === 'object' ? (issue.input as Record<string, unknown>)[issue.discriminator] : issue.input;
    const oneOf = `one of: ${issue.options.map(shown).join(', ')}`;
    return given === undefined ? `is required (${oneOf})` : `must be ${oneOf}`;
  }
  // Each form refused the value for its type alone: name the types ("must be a string or an object").
  const types = issue.errors.map((errors) => (errors.length === 1 && errors[0]?.code === 'invalid_type' && errors[0].path.length === 0 ? errors[0] : null));
  if (types.length > 0 && types.every((t) => t !== null)) {
    return `must be ${[...new Set(types.map((t) => NOUNS[t!.expected] ?? `a ${t!.expected}`))].join(' or ')}`;
  }
  return 'is not in any form we accept';
}

const count = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
const shown = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));
