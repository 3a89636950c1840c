import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { importProviders } from '../../src/operator/import-providers.ts';
import { customerDetails, labelOf } from '../../src/providers/identifiers.ts';
import type { ProviderInput } from '../../src/providers/provider.ts';
import { canceldesk } from '../support/cli.ts';
import { replyPathIn } from '../support/reply-world.ts';
import { addClient, addProviders, apiAs, testDeps } from '../support/test-deps.ts';

// A custom identifier's label is one string or one per language (issue 18): the provider's form and
// emails speak its locale, apps, support and the CLI read English where the provider wrote it.

const CUSTOMER_NUMBER = { en: 'Customer number', sv: 'Kundnummer', de: 'Kundennummer' };

const provider = (id: string, locale: 'en' | 'sv' | 'de', label: unknown, extra: unknown[] = []) =>
  ({
    id,
    name: `Provider ${id}`,
    emails: [`cancel@${id}.example`],
    locale,
    identifiers: ['email', { key: 'customer_number', label }, ...extra],
  }) as ProviderInput;

const { deps, app, dbFile } = await testDeps();
await addProviders(
  deps,
  provider('labels-en', 'en', CUSTOMER_NUMBER),
  provider('labels-sv', 'sv', CUSTOMER_NUMBER),
  provider('labels-de', 'de', CUSTOMER_NUMBER),
  provider('labels-sv-only', 'sv', { sv: 'Kundnummer' }, [{ key: 'phone', label: { en: 'Mobile number' } }]),
  provider('labels-string', 'sv', 'Medlemsnummer'),
);
const api = apiAs(app, (await addClient(deps)).apiKey);

async function importErrors(file: unknown) {
  const result = await importProviders(deps, file);
  if (result.kind === 'done') throw new Error('expected the import to be refused');
  return result.fields;
}

/** Creates a request for a provider and returns the email it sent and the reply page's HTML. */
async function requestFor(providerId: string) {
  const response = await api.post('/cancellation-requests', {
    provider: providerId,
    customer: { email: 'jane@example.com', customer_number: 'K-4711', ...(providerId === 'labels-sv-only' && { phone: '+46 70 123 45 67' }) },
  });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const [email] = await listOutbox(deps.db, { requestId: id });
  const page = await app.request(replyPathIn(email!.text));
  expect(page.status).toBe(200);
  return { id, email: email!, html: await page.text() };
}

describe('the providers file: a custom label per language', () => {
  it('accepts a label per language and stores it as written', async () => {
    const result = await importProviders(deps, [provider('labels-ok', 'de', { de: 'Kundennummer', en: 'Customer number' })]);
    expect(result.kind).toBe('done');
    if (result.kind !== 'done') return;
    expect(result.providers[0]!.identifiers[1]).toEqual({ key: 'customer_number', label: { de: 'Kundennummer', en: 'Customer number' }, required: true });
  });

  it("refuses a per-language label without the provider's own language, naming the missing language", async () => {
    const fields = await importErrors([provider('labels-a', 'en', 'Ok'), provider('labels-b', 'sv', { en: 'Customer number', de: 'Kundennummer' })]);
    expect(fields).toEqual({ '[1].identifiers[1].label.sv': "is required: the provider's locale is sv, the language of its form and emails" });
  });

  it('refuses a language we have no copy for and an empty label, each under its own name', async () => {
    expect(await importErrors([provider('labels-c', 'sv', { sv: 'Kundnummer', fr: 'Numéro client' })])).toEqual({
      '[0].identifiers[1].label.fr': 'is not a field we accept',
    });
    expect(await importErrors([provider('labels-d', 'sv', { sv: '  ', en: 'Customer number' })])).toEqual({
      '[0].identifiers[1].label.sv': expect.any(String),
    });
  });

  it('refuses a built-in override that gives no language at all, and takes one without the provider language', async () => {
    const builtIn = (label: unknown) => ({ id: 'labels-e', name: 'E', emails: ['e@e.example'], locale: 'sv', identifiers: [{ key: 'email', label }] });
    expect(await importErrors([builtIn({})])).toEqual({ '[0].identifiers[0].label': 'must give the label in at least one of en, sv, de' });
    expect((await importProviders(deps, [builtIn({ en: 'Work email' })])).kind).toBe('done');
  });
});

describe("the reply form and the request email speak the provider's language", () => {
  for (const [locale, label] of Object.entries(CUSTOMER_NUMBER)) {
    it(`shows "${label}" to a provider whose locale is ${locale}, on the form and in both parts of the email`, async () => {
      const { email, html } = await requestFor(`labels-${locale}`);
      expect(html).toContain(`<dt>${label}</dt>`);
      expect(email.html).toContain(label);
      expect(email.text).toMatch(new RegExp(`${label}\\s+K-4711`));
      for (const other of Object.values(CUSTOMER_NUMBER).filter((l) => l !== label)) {
        expect(html).not.toContain(`<dt>${other}</dt>`);
        expect(email.text).not.toContain(other);
      }
    });
  }

  it("falls back to the built-in's own label in the provider's language when an override gives only English", async () => {
    const { email, html } = await requestFor('labels-sv-only');
    expect(html).toContain('<dt>Kundnummer</dt>');
    expect(html).not.toContain('Mobile number');
    expect(email.text).not.toContain('Mobile number');
  });

  it('keeps a plain string label as written, in every language', async () => {
    const { email, html } = await requestFor('labels-string');
    expect(html).toContain('<dt>Medlemsnummer</dt>');
    expect(email.text).toMatch(/Medlemsnummer\s+K-4711/);
  });
});

describe('GET /api/v1/providers/:id with labels per language', () => {
  const identifiersOf = async (id: string) => {
    const response = await api.get(`/providers/${id}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { identifiers: Record<string, unknown>[] }).identifiers;
  };

  it('gives label in English, as for the built-ins, and every written language in labels', async () => {
    expect((await identifiersOf('labels-sv'))[1]).toEqual({ key: 'customer_number', label: 'Customer number', labels: CUSTOMER_NUMBER, required: true });
  });

  it("gives label in the provider's language when it wrote no English one", async () => {
    const identifiers = await identifiersOf('labels-sv-only');
    expect(identifiers[1]).toEqual({ key: 'customer_number', label: 'Kundnummer', labels: { sv: 'Kundnummer' }, required: true });
    expect(identifiers[2]).toEqual({ key: 'phone', label: 'Mobile number', labels: { en: 'Mobile number' }, required: true });
  });

  it('keeps a plain string label as label, with no labels', async () => {
    expect((await identifiersOf('labels-string'))[1]).toEqual({ key: 'customer_number', label: 'Medlemsnummer', required: true });
  });
});

describe('labelOf: the label in a reader language', () => {
  const custom = { key: 'customer_number', required: true };
  it.each([
    ['a string, in any language', { ...custom, label: 'Medlemsnummer' }, 'de', 'Medlemsnummer'],
    ['the reader language when written', { ...custom, label: CUSTOMER_NUMBER }, 'sv', 'Kundnummer'],
    ['English when the reader language is missing', { ...custom, label: { en: 'Customer number', sv: 'Kundnummer' } }, 'de', 'Customer number'],
    ['any written one when English is missing too', { ...custom, label: { sv: 'Kundnummer' } }, 'en', 'Kundnummer'],
    ["a built-in's own label in the reader language before English", { key: 'phone', required: true, label: { en: 'Mobile number' } }, 'de', 'Telefonnummer'],
  ] as const)('gives %s', (_, def, locale, expected) => {
    expect(labelOf(def, locale)).toBe(expected);
  });

  it('gives support and the CLI (no locale) the English label', () => {
    expect(customerDetails([{ ...custom, label: CUSTOMER_NUMBER }], { customer_number: 'K-4711' })).toEqual([
      { key: 'customer_number', label: 'Customer number', value: 'K-4711' },
    ]);
  });
});

describe('the CLI', () => {
  const cli = (...args: string[]) => canceldesk(args, { NODE_ENV: 'test', DATABASE_URL: `file:${dbFile}` });

  it('providers list shows every language a label was written in, and a string label as before', async () => {
    const run = await cli('providers', 'list');
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('customer_number  en "Customer number", sv "Kundnummer", de "Kundennummer"');
    expect(run.stdout).toContain('customer_number  "Medlemsnummer"');
  });

  it("requests show gives the English label of a Swedish provider's identifier", async () => {
    const { id } = await requestFor('labels-sv');
    const run = await cli('requests', 'show', id);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/Customer number: K-4711/);
    expect(run.stdout).not.toContain('Kundnummer');
  });
});
