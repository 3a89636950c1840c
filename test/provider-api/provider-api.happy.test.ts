import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/clock.ts';
import { listOutbox } from '../../src/db/outbox.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { providerApiWorld, QUIET_GYM } from './world.ts';

type Page = { data: { id: string; status: string; caseReference: string; identifiers: { key: string; value: string }[]; latestAnswer: unknown }[]; nextCursor: string | null };

describe('the provider API', async () => {
  const world = await providerApiWorld();
  const acme = world.providerApi((await world.keyOf(ACME_GYM.id)).apiKey);
  const answer = (api: typeof acme, id: string, body: unknown, headers: Record<string, string> = {}) => api.post(`/provider/cancellation-requests/${id}/answers`, body, headers);

  it('lists its requests oldest first with the identifiers, page by page, open and answered apart', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(await world.create());
      world.clock.advance(60_000);
    }
    expect((await answer(acme, made[1]!.id, { outcome: 'cancelled', date: '2026-12-31' })).status).toBe(201);

    const open: Page['data'] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = (await (await acme.get(`/provider/cancellation-requests?status=open&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json()) as Page;
      expect(page.data.length).toBeLessThanOrEqual(1);
      open.push(...page.data);
      cursor = page.nextCursor;
    }
    expect(open.map((r) => r.id)).toEqual([made[0]!.id, made[2]!.id]);
    expect(open[0]).toMatchObject({ status: 'open', caseReference: made[0]!.caseReference, latestAnswer: null });
    expect(open[0]!.identifiers).toContainEqual({ key: 'member_number', label: 'Member number', value: JANE.member_number });

    const answered = (await (await acme.get('/provider/cancellation-requests?status=answered')).json()) as Page;
    expect(answered.data.map((r) => r.id)).toEqual([made[1]!.id]);
    expect(answered.data[0]).toMatchObject({ status: 'answered', latestAnswer: { outcome: 'cancelled', date: '2026-12-31' } });
    const all = (await (await acme.get('/provider/cancellation-requests')).json()) as Page;
    expect(all.data.map((r) => r.id)).toEqual(made.map((r) => r.id));
  });

  it('refuses a cursor it did not give, and a status it does not know, naming the field', async () => {
    const forged = await acme.get('/provider/cancellation-requests?cursor=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: { fields: { 'query.cursor': expect.any(String) } } });
    expect(await (await acme.get('/provider/cancellation-requests?status=pending')).json()).toMatchObject({ error: { fields: { 'query.status': expect.any(String) } } });
  });

  it("records an answer as the form does: the app sees the outcome, and the provider's view its latest answer", async () => {
    const request = await world.create();
    const recorded = await answer(acme, request.id, { outcome: 'binding_contract', date: '2027-06-30' });
    expect(recorded.status).toBe(201);
    expect(await recorded.json()).toMatchObject({ requestId: request.id, outcome: 'binding_contract', date: '2027-06-30' });
    expect(await (await world.appApi.get(`/cancellation-requests/${request.id}`)).json()).toMatchObject({
      status: 'answered',
      outcome: { type: 'binding_contract', contractEndsOn: '2027-06-30' },
    });
    // A later answer corrects it.
    expect((await answer(acme, request.id, { outcome: 'cancelled', date: '2026-12-31' })).status).toBe(201);
    expect(await (await acme.get(`/provider/cancellation-requests/${request.id}`)).json()).toMatchObject({ latestAnswer: { outcome: 'cancelled', date: '2026-12-31' } });
  });

  it('refuses a bad answer with a 422 naming each field, and stores nothing', async () => {
    const request = await world.create();
    const cases: [unknown, string[]][] = [
      [{ outcome: 'maybe' }, ['outcome']],
      [{}, ['outcome']],
      [{ outcome: 'cancelled' }, ['date']],
      [{ outcome: 'cancelled', date: '2025-02-29' }, ['date']],
      [{ outcome: 'already_cancelled', date: '2099-01-01' }, ['date']],
      [{ outcome: 'other' }, ['message']],
      [{ outcome: 'other', note: 'x'.repeat(2001) }, ['message', 'note']],
      [{ outcome: 'not_found', surprise: true }, ['surprise']],
    ];
    for (const [body, fields] of cases) {
      const response = await answer(acme, request.id, body);
      const json = (await response.json()) as { error: { code: string; fields: Record<string, string> } };
      expect([body, response.status, json.error.code, Object.keys(json.error.fields).sort()]).toEqual([body, 422, 'invalid_request', fields]);
    }
    expect(await (await world.appApi.get(`/cancellation-requests/${request.id}`)).json()).toMatchObject({ outcome: null });
  });

  it('takes a retried answer with the same Idempotency-Key once, and refuses the key with another body', async () => {
    const request = await world.create();
    const body = { outcome: 'not_found', note: 'No member with this number' };
    const first = await answer(acme, request.id, body, { 'idempotency-key': 'answer-1' });
    const again = await answer(acme, request.id, body, { 'idempotency-key': 'answer-1' });
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
    expect(await again.json()).toEqual(await first.json());
    const answers = await world.deps.db.selectFrom('request_answers').select('id').where('request_id', '=', request.id).execute();
    expect(answers).toHaveLength(1);
    const other = await answer(acme, request.id, { outcome: 'cancelled', date: '2026-12-31' }, { 'idempotency-key': 'answer-1' });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error: { code: 'idempotency_conflict' } });
  });
});

describe('a provider that takes no email per request (perRequestEmails: false)', async () => {
  const world = await providerApiWorld();
  const quiet = world.providerApi((await world.keyOf(QUIET_GYM.id)).apiKey);

  it('gets no email, nor a reminder; its request waits from the start and is answered through the API', async () => {
    const request = await world.create(QUIET_GYM.id);
    expect(request.status).toBe('sent');
    let reminded = 0;
    for (const days of [4, 4]) {
      world.clock.advance(days * DAY_MS);
      reminded += (await runScheduledWork(world.deps)).reminded;
    }
    expect(reminded).toBe(2);
    expect(await listOutbox(world.deps.db, { requestId: request.id })).toEqual([]);

    const listed = (await (await quiet.get('/provider/cancellation-requests?status=open')).json()) as Page;
    expect(listed.data.map((r) => r.id)).toEqual([request.id]);
    expect((await quiet.post(`/provider/cancellation-requests/${request.id}/answers`, { outcome: 'cancelled', date: '2026-12-31' })).status).toBe(201);
    expect(await (await world.appApi.get(`/cancellation-requests/${request.id}`)).json()).toMatchObject({ status: 'answered' });
  });

  it("follows a binding contract up without an email: the request is open again in the provider's API", async () => {
    const request = await world.create(QUIET_GYM.id);
    const contractEnd = new Date(world.clock.now().getTime() + 20 * DAY_MS).toISOString().slice(0, 10);
    expect((await quiet.post(`/provider/cancellation-requests/${request.id}/answers`, { outcome: 'binding_contract', date: contractEnd })).status).toBe(201);
    world.clock.advance(22 * DAY_MS);
    expect((await runScheduledWork(world.deps)).followedUp).toBe(1);
    expect(await listOutbox(world.deps.db, { requestId: request.id })).toEqual([]);
    expect(await (await quiet.get(`/provider/cancellation-requests/${request.id}`)).json()).toMatchObject({
      status: 'open',
      latestAnswer: { outcome: 'binding_contract', date: contractEnd },
    });
  });

  it('leaves the email of a provider that wants it as it was', async () => {
    const request = await world.create(ACME_GYM.id);
    expect(request.status).toBe('queued');
    expect(await listOutbox(world.deps.db, { requestId: request.id })).toHaveLength(1);
  });
});
