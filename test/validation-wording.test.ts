import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { newClientInput, clientUpdateInput } from '../src/clients/api-clients.ts';
import { envSchema } from '../src/config.ts';
import { apiRoutes } from '../src/http/api/index.ts';
import { emailReplyListQuery } from '../src/http/support/email-reply-schemas.ts';
import { supportListQuery } from '../src/http/support/filters.ts';
import { providersFile } from '../src/operator/import-providers.ts';
import { newSupportAccountInput } from '../src/support/accounts.ts';
import { validationMessage } from '../src/validation-messages.ts';
import { fieldErrors } from '../src/validation.ts';
import { testDeps } from './support/test-deps.ts';

// Issue 18: every validation message in our own voice, the same in the API, the CLI and the
// configuration. These walk every schema the service validates with and feed each field what a
// caller gets wrong (nothing, the wrong type, out of range); no answer may be zod's own wording.

const ZOD_WORDING = /Invalid input|Invalid option|Invalid (string|number|key|value|discriminator|ISO|email|URL|url|date)|\bexpected\b|\breceived\b|Too small|Too big|Unrecognized key|Invalid element|>=|<=/;

const { deps } = await testDeps({ ADMIN_TOKEN: 'wording-admin-token-0123456789abcdef' });

/** The request schemas of every operation in the OpenAPI document: the app's, support's and the operator's. */
function requestSchemas(): [string, z.ZodType][] {
  const schemas: [string, z.ZodType][] = [];
  for (const definition of apiRoutes(deps).openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { method, path, request } = definition.route;
    const name = `${method.toUpperCase()} ${path}`;
    const media = request?.body?.content['application/json'];
    const body = media && 'schema' in media ? media.schema : undefined;
    if (body instanceof z.ZodType) schemas.push([`${name} body`, body]);
    for (const part of ['query', 'params', 'headers'] as const) {
      const schema = request?.[part];
      if (schema instanceof z.ZodType) schemas.push([`${name} ${part}`, schema]);
    }
  }
  return schemas;
}

const SCHEMAS: [string, z.ZodType][] = [
  ...requestSchemas(),
  ['the providers file (providers import, POST /admin/providers)', providersFile],
  ['a new API client (clients create)', newClientInput],
  ['a client update (clients update)', clientUpdateInput],
  ['a new support account (support create)', newSupportAccountInput],
  ["the support console's list filters", supportListQuery],
  ["the support console's email-reply filters", emailReplyListQuery],
  ['the environment (src/config.ts)', envSchema],
];

/** What callers get wrong, whatever the field: nothing, null, the wrong type, empty, too small, too big, too long. */
const MISTAKES: unknown[] = [undefined, null, true, 12345, -1, 0, 1.5, 99_999_999, 'abc', '', '  ', '-1', '0', '1.5', '99999999', '2026-02-30', 'x'.repeat(20_000), [], {}];

/** Values that get each field of the schema wrong, one field at a time, nested fields included. */
function wrongValues(schema: z.core.$ZodType, depth = 0): unknown[] {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  if (depth > 5) return MISTAKES;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.core.$ZodType>;
      const fieldByField = Object.entries(shape).flatMap(([key, field]) => wrongValues(field, depth + 1).map((value) => ({ [key]: value })));
      return [...MISTAKES, { notAField: 1 }, ...fieldByField];
    }
    case 'array':
      return [...MISTAKES, Array.from({ length: 300 }, () => 'x'), ...wrongValues(def.element as z.core.$ZodType, depth + 1).map((value) => [value])];
    case 'record': {
      const keys = wrongValues(def.keyType as z.core.$ZodType, depth + 1).filter((key) => typeof key === 'string');
      const values = wrongValues(def.valueType as z.core.$ZodType, depth + 1).map((value) => ({ key: value }));
      return [...MISTAKES, ...values, ...keys.map((key) => ({ [key]: 'value' })), JSON.parse('{"__proto__": "x"}')];
    }
    case 'union':
      return [...MISTAKES, ...(def.options as z.core.$ZodType[]).flatMap((option) => wrongValues(option, depth + 1))];
    case 'pipe':
      return [...wrongValues(def.in as z.core.$ZodType, depth), ...wrongValues(def.out as z.core.$ZodType, depth)];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
      return wrongValues(def.innerType as z.core.$ZodType, depth);
    default:
      return MISTAKES;
  }
}

/** Every message a caller could be shown for this input, as the 400's fields, the CLI's lines and the config's problems carry them. */
async function messagesFor(schema: z.ZodType, input: unknown): Promise<string[]> {
  const result = await schema.safeParseAsync(input);
  return result.success ? [] : [...result.error.issues.map((issue) => issue.message), ...Object.values(fieldErrors(result.error))];
}

describe('every validation message speaks our words', () => {
  it('walks the whole schema set: each operation of the OpenAPI document, the CLI and admin inputs, the environment', () => {
    const names = SCHEMAS.map(([name]) => name);
    for (const expected of ['POST /cancellation-requests body', 'GET /cancellation-requests query', 'POST /support/sessions body', 'POST /admin/clients body']) {
      expect(names).toContain(expected);
    }
    expect(names.length).toBeGreaterThan(20);
  });

  it.each(SCHEMAS)('never shows zod\'s own wording: %s', async (_name, schema) => {
    const seen = new Set<string>();
    for (const input of wrongValues(schema)) for (const message of await messagesFor(schema, input)) seen.add(message);
    expect(seen.size).toBeGreaterThan(0);
    expect([...seen].filter((message) => ZOD_WORDING.test(message))).toEqual([]);
  });
});

describe('the error map', () => {
  const messageOf = (schema: z.ZodType, input: unknown) => {
    const result = schema.safeParse(input);
    return result.success ? null : result.error.issues[0]!.message;
  };

  it.each([
    ['a missing field', z.object({ name: z.string() }), {}, 'is required'],
    ['a string where a number goes', z.number(), 'ten', 'must be a number'],
    ['a number where a string goes', z.string(), 10, 'must be a string'],
    ['text where a whole number goes (query strings, the environment)', z.coerce.number().int(), 'ten', 'must be a whole number'],
    ['a fraction where a whole number goes', z.number().int(), 1.5, 'must be a whole number'],
    ['a number under the minimum', z.number().min(1), 0, 'must be at least 1'],
    ['a number over the maximum', z.number().max(200), 201, 'must be at most 200'],
    ['an empty string', z.string().min(1), '', 'must not be empty'],
    ['a string under the minimum', z.string().min(3), 'ab', 'must be at least 3 characters'],
    ['a string over the maximum', z.string().max(254), 'x'.repeat(255), 'must be at most 254 characters'],
    ['an empty list', z.array(z.string()).min(1), [], 'must have at least one item'],
    ['a list over the maximum', z.array(z.string()).max(10), Array(11).fill('x'), 'must have at most 10 items'],
    ['a value not in the list', z.enum(['a', 'b', 'c']), 'd', 'must be one of: a, b, c'],
    ['a value other than the one', z.literal('cancelled'), 'done', 'must be "cancelled"'],
    ['a date that is not one', z.iso.date(), '2026-02-30', 'must be a date (YYYY-MM-DD)'],
    ['a time that is not ISO 8601', z.iso.datetime(), 'yesterday', 'must be a date and time such as 2026-12-01T10:00:00Z'],
    ['an email address that is not one', z.email(), 'jane', 'must be an email address'],
    ['an unknown key', z.strictObject({ a: z.string() }), { a: 'x', b: 1 }, 'is a field we do not accept: b'],
    ['a key over the maximum', z.record(z.string().max(3), z.string()), { abcd: 'x' }, 'is not a key we accept: it must be at most 3 characters'],
    ['the wrong type for every form', z.union([z.string(), z.object({ en: z.string() })]), 5, 'must be a string or an object'],
    ['an unknown kind', z.discriminatedUnion('type', [z.object({ type: z.literal('a') }), z.object({ type: z.literal('b') })]), { type: 'c' }, 'must be one of: a, b'],
    ['a missing kind', z.discriminatedUnion('type', [z.object({ type: z.literal('a') }), z.object({ type: z.literal('b') })]), {}, 'is required (one of: a, b)'],
    ['a refinement without words', z.string().refine(() => false), 'x', 'is not valid'],
  ])('says what is wrong with %s', (_case, schema, input, message) => {
    expect(messageOf(schema, input)).toBe(message);
  });

  it('gives way to a message written on the schema', () => {
    expect(messageOf(z.string().min(1, 'must list at least one'), '')).toBe('must list at least one');
  });

  it('is the map zod uses (installed by src/validation.ts, which every validating module imports)', () => {
    expect(z.config().customError).toBe(validationMessage);
  });
});
