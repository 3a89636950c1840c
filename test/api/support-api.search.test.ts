import { describe, expect, it } from 'vitest';
import { eraseRequests } from '../../src/db/retention.ts';
import { ZEN_CUSTOMER, ZEN_YOGA, setStatus, supportApi, supportWorld } from '../support/console-session.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';

// Support finds a request by what a provider quotes or a customer gives: our CD-… reference, or the
// whole value of one identifier (GET /api/v1/support/requests?q=, issue 15).

const w = await supportWorld();
const { deps, clock } = w;
const api = supportApi(w.app, await w.apiToken());

const jane = (await w.createRequest()).id;
clock.advance(60_000);
const mary = (await w.createRequest({ ...JANE, email: 'Mary.Major@Example.COM', first_name: 'Mary', member_number: '87654321' })).id;
clock.advance(60_000);
const zen = await w.createZenRequest();
clock.advance(60_000);
const zoe = (await w.createRequest({ ...JANE, email: 'zoe@example.com', first_name: 'Zoë', last_name: 'Åberg', postal_address: 'Storgatan 1', member_number: '55556666' })).id;
clock.advance(60_000);
const erased = (await w.createRequest({ ...JANE, email: 'gone@example.com', member_number: '11112222' })).id;
await setStatus(deps, erased, 'answered');
const now = clock.now().toISOString();
await deps.atomic(eraseRequests(deps.db, [erased], now, now));
clock.advance(60_000);

const referenceOf = async (id: string) =>
  (await deps.db.selectFrom('cancellation_requests').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;

async function found(query: Record<string, string>): Promise<string[]> {
  const res = await api.get(`/requests?${new URLSearchParams(query)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { id: string }[] }).data.map((r) => r.id);
}

describe('GET /api/v1/support/requests?q=', () => {
  it.each([
    ['as stored', (reference: string) => reference],
    ['in lower case', (reference: string) => reference.toLowerCase()],
    ['with spaces around', (reference: string) => ` ${reference.toLowerCase()}  `],
  ])('finds exactly the request with that reference, typed %s', async (_, typed) => {
    expect(await found({ q: typed(await referenceOf(mary)) })).toEqual([mary]);
  });

  it('finds requests by an email address in any case, newest first', async () => {
    expect(await found({ q: 'JANE@example.com' })).toEqual([jane]);
    expect(await found({ q: 'mary.major@example.com' })).toEqual([mary]);
    expect(await found({ q: ZEN_CUSTOMER.email })).toEqual([zen]);
  });

  it('finds a request by a customer number, exactly', async () => {
    expect(await found({ q: '87654321' })).toEqual([mary]);
    expect(await found({ q: ` ${JANE.member_number} ` })).toEqual([jane]);
  });

  it('finds a value however its accents were composed (stored values are NFC)', async () => {
    expect(await found({ q: 'A\u030Aberg' })).toEqual([zoe]);
    expect(await found({ q: 'Zoe\u0308' })).toEqual([zoe]);
  });

  it('finds a value that spans lines, written as stored', async () => {
    expect(await found({ q: JANE.postal_address })).toEqual([mary, jane]);
  });

  it.each([
    ['part of an email address', 'jane'],
    ['a domain', 'example.com'],
    ['part of a customer number', '8765432'],
    ['two identifiers together', 'Jane Doe'],
    ['a name in another case (only emails ignore case)', 'MARY'],
    ['an identifier key', 'email'],
    ['an email with LIKE wildcards in it', '%@example.com'],
    ['an email with a wildcard for one character', 'jane@example_com'],
    ['part of a reference', 'CD-'],
    ['a reference of no request', 'CD-00000000'],
  ])('finds nothing for %s', async (_, q) => {
    expect(await found({ q })).toEqual([]);
  });

  it('combines with the other filters', async () => {
    expect(await found({ q: ZEN_CUSTOMER.email, provider: ZEN_YOGA.id })).toEqual([zen]);
    expect(await found({ q: ZEN_CUSTOMER.email, provider: ACME_GYM.id })).toEqual([]);
    expect(await found({ q: JANE.last_name, status: 'queued' })).toEqual([mary, jane]);
    expect(await found({ q: JANE.last_name, status: 'answered' })).toEqual([]);
    expect(await found({ q: await referenceOf(jane), olderThanDays: '1' })).toEqual([]);
  });

  it('never finds an erased request by what retention erased, only by its reference', async () => {
    expect(await found({ q: 'gone@example.com' })).toEqual([]);
    expect(await found({ q: '11112222' })).toEqual([]);
    expect(await found({ q: JANE.last_name })).toEqual([mary, jane]);
    expect(await found({ q: await referenceOf(erased) })).toEqual([erased]);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await (await w.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string; in: string; schema: { maxLength?: number } }[] } }>;
    };
    const q = document.paths['/support/requests']!.get.parameters.find((p) => p.name === 'q');
    expect(q).toMatchObject({ in: 'query', schema: { maxLength: 200 } });
  });
});

describe('GET /api/v1/support/requests/:id with a reference', () => {
  it('answers the request the reference names', async () => {
    const res = await api.get(`/requests/${(await referenceOf(zen)).toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: zen, provider: { id: ZEN_YOGA.id } });
  });
});
