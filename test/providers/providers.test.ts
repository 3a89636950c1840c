import { beforeAll, describe, expect, it } from 'vitest';
import { findProvider } from '../../src/db/providers.ts';
import { importProviders } from '../../src/operator/import-providers.ts';
import { providerInput } from '../../src/providers/provider.ts';
import { ACME_GYM, SPEC_EXAMPLE_PROVIDER, SPEC_EXAMPLE_STORED_IDENTIFIERS, addClient, apiAs, testDeps } from '../support/test-deps.ts';

const { deps, app, clock } = await testDeps();

const SPEC_EXAMPLE = SPEC_EXAMPLE_PROVIDER;

/** A small valid provider under a given id, for files that mix good and bad entries. */
const provider = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  name: `Provider ${id}`,
  emails: [`cancel@${id}.example`],
  identifiers: ['email'],
  ...overrides,
});

const rowsWithIds = (...ids: string[]) => deps.db.selectFrom('providers').selectAll().where('id', 'in', ids).execute();

async function importErrors(file: unknown) {
  const result = await importProviders(deps, file);
  if (result.kind === 'done') throw new Error('expected the import to be refused');
  return result.fields;
}

describe('importing the providers file', () => {
  it('imports the SPEC §9 example and stores it as given', async () => {
    const result = await importProviders(deps, [SPEC_EXAMPLE]);
    expect(result.kind).toBe('done');
    expect(await findProvider(deps.db, 'acme-gym')).toEqual({
      id: 'acme-gym',
      name: 'Acme Gym',
      emails: ['cancellations@acme.example'],
      locale: 'en',
      identifiers: SPEC_EXAMPLE_STORED_IDENTIFIERS,
      replyWindowDays: 30,
      reminderDays: [3, 7],
      followUpDelayDays: 1,
      perRequestEmails: true,
      digest: 'off',
    });
  });

  it('makes a built-in identifier named by its key alone required, and { key, required: false } optional', async () => {
    const parsed = await providerInput.parseAsync(provider('p', { identifiers: ['email', { key: 'phone', required: false }, { key: 'last_name' }] }));
    expect(parsed.identifiers).toEqual([
      { key: 'email', required: true },
      { key: 'phone', required: false },
      { key: 'last_name', required: true },
    ]);
  });

  it('refuses a custom identifier without a label, naming index and field', async () => {
    const fields = await importErrors([provider('p1'), provider('p2'), provider('p3', { identifiers: ['email', { key: 'member_number', required: true }] })]);
    expect(fields).toEqual({ '[2].identifiers[1].label': expect.any(String) });
  });

  it('refuses a custom identifier whose pattern is not a valid regular expression', async () => {
    const fields = await importErrors([provider('p1', { identifiers: [{ key: 'member_number', label: 'Member number', pattern: '([0-9' }] })]);
    expect(fields).toEqual({ '[0].identifiers[0].pattern': expect.stringMatching(/regular expression/) });
  });

  it.each(['^(a|a)*$', '^(a+)+$', '^([a-z]+\\s?)*$'])(
    'refuses a pattern with catastrophic backtracking (%s), which would let one request stall the server',
    async (pattern) => {
      const fields = await importErrors([provider('p1', { identifiers: [{ key: 'member_number', label: 'Member number', pattern }] })]);
      expect(fields).toEqual({ '[0].identifiers[0].pattern': expect.stringMatching(/exponential|polynomial/) });
    },
  );

  it.each(['^(a|\\1a)*$', '^([0-9])\\1{5}$', '^(?<d>[0-9])\\k<d>$'])(
    'refuses a pattern with a back-reference (%s) at once, naming the identifier, without asking the checker',
    async (pattern) => {
      const fields = await importErrors([provider('p1', { identifiers: ['email', { key: 'member_number', label: 'Member number', pattern }] })]);
      expect(fields).toEqual({ '[0].identifiers[1].pattern': expect.stringMatching(/back-reference/) });
    },
  );

  it('accepts ordinary anchored patterns', async () => {
    const patterns = ['^[0-9]{6,10}$', '^[A-Z]{2}-[0-9]{4}$', '^(?:GB|SE)[0-9]{8}$', '^\\\\1[0-9]{4}$'];
    const fields = await importErrors([
      provider('p1', { identifiers: patterns.map((pattern, i) => ({ key: `custom_${i}`, label: `Custom ${i}`, pattern })) }),
      provider('p2', { identifiers: [{ key: 'bad', label: 'Bad', pattern: '^(a+)+$' }] }),
    ]);
    expect(Object.keys(fields)).toEqual(['[1].identifiers[0].pattern']);
  });

  it('takes the locales we have copy for (en, sv, de) and refuses any other, listing those', async () => {
    for (const locale of ['en', 'sv', 'de']) expect((await providerInput.parseAsync(provider('p', { locale }))).locale).toBe(locale);
    const fields = await importErrors([provider('p1', { locale: 'fr' })]);
    expect(Object.keys(fields)).toEqual(['[0].locale']);
    expect(fields).toEqual({ '[0].locale': 'must be one of: en, sv, de' });
  });

  it('takes followUpDelayDays as whole days from 0 to 90 and refuses anything else by index and field', async () => {
    const fields = await importErrors([
      provider('p0', { followUpDelayDays: 0 }),
      provider('p1', { followUpDelayDays: 90 }),
      provider('p2', { followUpDelayDays: -1 }),
      provider('p3', { followUpDelayDays: 1.5 }),
      provider('p4', { followUpDelayDays: 91 }),
      provider('p5', { followUpDelayDays: '2' as never }),
    ]);
    expect(Object.keys(fields).sort()).toEqual(['[2].followUpDelayDays', '[3].followUpDelayDays', '[4].followUpDelayDays', '[5].followUpDelayDays']);
  });

  it('refuses a built-in identifier string it does not know', async () => {
    const fields = await importErrors([provider('p1', { identifiers: ['email', 'fax'] })]);
    expect(Object.keys(fields)).toEqual(['[0].identifiers[1]']);
  });

  it('refuses a custom key that is not lower-case letters, digits and _', async () => {
    const fields = await importErrors([provider('p1', { identifiers: [{ key: 'Member-Number', label: 'Member number' }] })]);
    expect(Object.keys(fields)).toEqual([expect.stringMatching(/^\[0\]\.identifiers\[0\]/)]);
  });

  it('refuses an identifier listed twice, even once by key and once as an object', async () => {
    expect(await importErrors([provider('p1', { identifiers: ['email', 'first_name', 'email'] })])).toEqual({
      '[0].identifiers[2]': expect.stringMatching(/twice/),
    });
    expect(await importErrors([provider('p1', { identifiers: ['phone', { key: 'phone', required: false }] })])).toEqual({
      '[0].identifiers[1]': expect.stringMatching(/twice/),
    });
  });

  it('refuses a file that lists the same provider id twice', async () => {
    const fields = await importErrors([provider('twice-a'), provider('twice-b'), provider('twice-a', { name: 'Other' })]);
    expect(fields).toEqual({ '[2].id': expect.stringMatching(/twice/) });
    expect(await rowsWithIds('twice-a', 'twice-b')).toEqual([]);
  });

  it('refuses a file that is not a non-empty array', async () => {
    expect(Object.keys(await importErrors(SPEC_EXAMPLE))).toHaveLength(1);
    expect(Object.keys(await importErrors([]))).toHaveLength(1);
  });

  it('writes nothing when any entry is invalid, and reports each bad entry by index and field', async () => {
    const file = [
      provider('none-1'),
      provider('none-2', { emails: ['not an email'] }),
      provider('none-3'),
      provider('none-4', { identifiers: ['email', { key: 'member_number' }] }),
    ];
    const fields = await importErrors(file);
    expect(Object.keys(fields).sort()).toEqual(['[1].emails[0]', '[3].identifiers[1].label']);
    expect(await rowsWithIds('none-1', 'none-2', 'none-3', 'none-4')).toEqual([]);
  });

  it('leaves an existing provider untouched when the file updating it has an invalid entry', async () => {
    await importProviders(deps, [provider('kept', { name: 'Before' })]);
    await importErrors([provider('kept', { name: 'After' }), provider('bad', { replyWindowDays: 0 })]);
    expect((await findProvider(deps.db, 'kept'))?.name).toBe('Before');
    expect(await rowsWithIds('bad')).toEqual([]);
  });

  it('updates a provider on re-import, keeping one row and its creation time', async () => {
    clock.set('2026-11-21T10:00:00.000Z');
    expect((await importProviders(deps, [provider('again', { name: 'Old name' })])).kind).toBe('done');
    clock.set('2026-11-22T09:00:00.000Z');
    expect((await importProviders(deps, [provider('again', { name: 'New name', identifiers: ['email', 'phone'] })])).kind).toBe('done');

    const rows = await rowsWithIds('again');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'New name', created_at: '2026-11-21T10:00:00.000Z', updated_at: '2026-11-22T09:00:00.000Z' });
    expect((await findProvider(deps.db, 'again'))?.identifiers).toEqual([
      { key: 'email', required: true },
      { key: 'phone', required: true },
    ]);
  });
});

describe('GET /api/v1/providers/:id', () => {
  let api: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    const result = await importProviders(deps, [{ ...ACME_GYM, id: 'acme-gym-api' }]);
    expect(result.kind).toBe('done');
    api = apiAs(app, (await addClient(deps)).apiKey);
  });

  it('tells an app the name and the identifiers the provider needs, with key, label and required', async () => {
    const res = await api.get('/providers/acme-gym-api');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: 'acme-gym-api',
      name: 'Acme Gym',
      identifiers: [
        { key: 'email', label: 'Email address', required: true },
        { key: 'first_name', label: 'First name', required: true },
        { key: 'last_name', label: 'Last name', required: true },
        { key: 'postal_address', label: 'Postal address', required: true },
        { key: 'card_last4', label: 'Last 4 digits of the payment card', required: true },
        { key: 'phone', label: 'Phone number', required: false },
        { key: 'member_number', label: 'Member number', required: true },
      ],
    });
  });

  it('shows neither the inboxes, the pattern nor the reply settings', async () => {
    const text = await (await api.get('/providers/acme-gym-api')).text();
    expect(text).not.toContain('acme.example');
    expect(text).not.toContain('pattern');
    expect(text).not.toContain('replyWindowDays');
  });

  it('answers 404 in the JSON error shape for an unknown provider', async () => {
    const res = await api.get('/providers/no-such-provider');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('answers 401 in the JSON error shape without an API key, or with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer cdk_not-a-real-key' }] as Record<string, string>[]) {
      const res = await app.request('/api/v1/providers/acme-gym-api', { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });
});
