import { beforeAll, describe, expect, it } from 'vitest';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { replyWorld } from '../support/reply-world.ts';
import { answersOf } from '../support/request-state.ts';

/**
 * THREATS 16: what a provider writes (the "other" reason, the notes) is for support only. After a
 * provider answered with free text and corrected the answer, no app-facing endpoint may carry any of it.
 */
const world = await replyWorld();
const { deps, clock, api } = world;

const MESSAGE = 'SECRET-MESSAGE-123';
const FIRST_NOTE = 'SECRET-NOTE-456';
const SECOND_NOTE = 'SECRET-NOTE-789';
const IDEMPOTENCY_KEY = 'privacy-walk-1';
const CREATE_BODY = { provider: ACME_GYM.id, customer: JANE, reference: 'app-privacy-1' };

let id: string;
let replyPath: string;
let startedAt: string;

/** Everything an app can see of a response: status line headers and body. */
async function seen(res: Response): Promise<string> {
  return `${JSON.stringify([...res.headers.entries()])}\n${await res.text()}`;
}

function expectNoSecret(text: string, where: string) {
  expect(text, where).not.toContain('SECRET-');
  expect(text, where).not.toMatch(/"(message|note)"\s*:/);
}

beforeAll(async () => {
  startedAt = clock.now().toISOString();
  const created = await api.post('/cancellation-requests', CREATE_BODY, { 'idempotency-key': IDEMPOTENCY_KEY });
  expect(created.status).toBe(201);
  id = ((await created.json()) as { id: string }).id;
  replyPath = await world.replyPathOf(id);
});

describe('free text written by a provider', () => {
  it('is stored for support, while the app sees only {type: "other"}', async () => {
    clock.advance(60_000);
    const res = await world.sendForm(replyPath, { outcome: 'other', date: ['', '', ''], message: MESSAGE, note: FIRST_NOTE });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('SECRET-');

    const view = await world.appView(id);
    expect(view.outcome).toEqual({ type: 'other' });
    expectNoSecret(JSON.stringify(view), 'GET after "other"');

    // Support still has it.
    const [answer] = await answersOf(deps, id);
    expect(answer).toMatchObject({ outcome: 'other', message: MESSAGE, note: FIRST_NOTE });
  });

  it('reaches no app-facing endpoint after the provider corrects to "cancelled" with another note', async () => {
    clock.advance(60_000);
    const corrected = await world.sendForm(replyPath, { outcome: 'cancelled', date: ['2026-12-31', '', ''], note: SECOND_NOTE });
    expect(corrected.status).toBe(200);
    expect((await answersOf(deps, id)).map((a) => [a.number, a.outcome, a.message, a.note])).toEqual([
      [1, 'other', MESSAGE, FIRST_NOTE],
      [2, 'cancelled', null, SECOND_NOTE],
    ]);

    // A replay of the create with the same Idempotency-Key: the same (now answered) request back.
    const replay = await api.post('/cancellation-requests', CREATE_BODY, { 'idempotency-key': IDEMPOTENCY_KEY });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const replayed = await seen(replay.clone());
    expect(((await replay.json()) as { id: string; status: string }).status).toBe('answered');
    expectNoSecret(replayed, 'POST /cancellation-requests (replay)');

    // The request, then the same again with its ETag.
    const shown = await api.get(`/cancellation-requests/${id}`);
    expect(shown.status).toBe(200);
    const etag = shown.headers.get('etag');
    expect(etag).toBeTruthy();
    const shownText = await seen(shown);
    expectNoSecret(shownText, 'GET /cancellation-requests/:id');
    expect(shownText).toContain('"outcome":{"type":"cancelled","accessUntil":"2026-12-31"}');
    const notModified = await api.get(`/cancellation-requests/${id}`, { 'if-none-match': etag! });
    expect(notModified.status).toBe(304);
    expectNoSecret(await seen(notModified), 'GET /cancellation-requests/:id (304)');

    // The polling list, and the page after it through its cursor.
    const list = await api.get(`/cancellation-requests?updatedSince=${encodeURIComponent(startedAt)}&limit=1`);
    expect(list.status).toBe(200);
    const listText = await seen(list.clone());
    expectNoSecret(listText, 'GET /cancellation-requests?updatedSince');
    const page = (await list.json()) as { data: { id: string }[]; nextCursor: string };
    expect(page.data.map((r) => r.id)).toEqual([id]);
    const next = await api.get(`/cancellation-requests?cursor=${encodeURIComponent(page.nextCursor)}`);
    expect(next.status).toBe(200);
    expectNoSecret(await seen(next), 'GET /cancellation-requests?cursor');

    // The provider as an app sees it, and the API description.
    const provider = await api.get('/providers/acme-gym');
    expect(provider.status).toBe(200);
    expectNoSecret(await seen(provider), 'GET /providers/acme-gym');
    const openapi = await api.get('/openapi.json');
    expect(openapi.status).toBe(200);
    expect(await seen(openapi)).not.toContain('SECRET-');
  });

  it('is not in the stored app-facing outcome nor in the history', async () => {
    const row = await deps.db.selectFrom('cancellation_requests').select(['outcome']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.outcome!)).toEqual({ type: 'cancelled', accessUntil: '2026-12-31' });
    const history = await deps.db.selectFrom('request_history').selectAll().where('request_id', '=', id).execute();
    expect(JSON.stringify(history)).not.toContain('SECRET-');
  });

  it('is not in any email the app may have caused', async () => {
    const emails = await deps.db
      .selectFrom('outbox')
      .innerJoin('outbox_bodies', 'outbox_bodies.outbox_id', 'outbox.id')
      .select(['outbox.subject', 'outbox_bodies.html', 'outbox_bodies.text'])
      .execute();
    expect(emails.length).toBeGreaterThan(0);
    expect(JSON.stringify(emails)).not.toContain('SECRET-');
  });

  it('leaves the app outcome exactly {type: "other"} for an "other" answer, whatever was written', async () => {
    const other = await world.createRequest();
    await world.sendForm(other.replyPath, { outcome: 'other', message: `${MESSAGE} again`, note: FIRST_NOTE });
    const view = await world.appView(other.id);
    expect(view.outcome).toStrictEqual({ type: 'other' });
    expectNoSecret(JSON.stringify(view), 'GET of an "other" answer');
  });
});
