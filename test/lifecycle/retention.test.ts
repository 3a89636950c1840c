import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/clock.ts';
import { listOutbox } from '../../src/db/outbox.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { openRequestForSupport } from '../../src/support/request-view.ts';
import { replyWorld } from '../support/reply-world.ts';
import { answersOf, historyOf } from '../support/request-state.ts';

type World = Awaited<ReturnType<typeof replyWorld>>;

const customerOf = async (world: World, id: string) =>
  (await world.deps.db.selectFrom('cancellation_requests').select(['customer', 'erased_at']).where('id', '=', id).executeTakeFirstOrThrow());

/** JANE's identifiers and the free text the tests give: none may be left anywhere after erasure. */
const PERSONAL = ['Jane', 'Doe', '4242', '12345678', 'Main Street', 'owes two months', '555-0100'];

/** What retention leaves of a request: no identifiers, free text, email contents or history details. */
async function expectErased(world: World, id: string) {
  expect(await customerOf(world, id)).toEqual({ customer: null, erased_at: world.clock.now().toISOString() });
  const answers = await answersOf(world.deps, id);
  for (const answer of answers) expect(answer).toMatchObject({ message: null, note: null });
  const emails = await listOutbox(world.deps.db, { requestId: id });
  for (const email of emails) expect(email).toMatchObject({ subject: '[erased]', html: '', text: '' });
  const history = await historyOf(world.deps, id);
  for (const entry of history) expect(entry.detail).toBeNull();
  const row = await world.deps.db.selectFrom('cancellation_requests').selectAll().where('id', '=', id).execute();
  const everything = JSON.stringify([row, answers, emails, history]);
  for (const personal of PERSONAL) expect(everything).not.toContain(personal);
}

describe('retention (RETENTION_DAYS=90, the default)', async () => {
  const world = await replyWorld();
  // Answered with free text and a note; then left alone.
  const answered = await world.createRequest();
  await runScheduledWork(world.deps);
  await world.sendForm(answered.replyPath, { outcome: 'other', message: 'Customer owes two months', note: 'Call Anna on 555-0100' });
  const appViewBefore = await world.appView(answered.id);
  let waiting: { id: string };

  it('keeps everything until the request has been final for 90 days', async () => {
    world.clock.advance(90 * DAY_MS - 60_000);
    const report = await runScheduledWork(world.deps);
    expect(report.erased).toBe(0);
    expect((await customerOf(world, answered.id)).customer).toContain('Jane');
    // A request still waiting for its answer when the first one's time comes: not final, so kept.
    waiting = await world.createRequest();
    await runScheduledWork(world.deps);
  });

  it("then erases the identifiers, the free text and note, the emails' contents and the history's details", async () => {
    world.clock.advance(60_000);
    const report = await runScheduledWork(world.deps);
    expect(report.erased).toBe(1);
    await expectErased(world, answered.id);
    expect(await answersOf(world.deps, answered.id)).toMatchObject([{ outcome: 'other' }]);
  });

  it('keeps the status, the outcome type, the dates and the history of what happened', async () => {
    expect(await world.appView(answered.id)).toEqual(appViewBefore);
    expect((await historyOf(world.deps, answered.id)).map((h) => [h.event, h.actor])).toEqual([
      ['created', expect.stringMatching(/^app:/)],
      ['email_sent', 'system'],
      ['answered', 'provider'],
    ]);
    const support = await openRequestForSupport(world.deps, answered.id, 'operator');
    expect(support).toMatchObject({ status: 'answered' });
  });

  it('leaves a request that is still waiting untouched', async () => {
    expect((await customerOf(world, waiting.id)).customer).toContain('Jane');
    expect((await listOutbox(world.deps.db, { requestId: waiting.id }))[0]!.text).toContain('Jane');
  });

  it('erases each request once', async () => {
    world.clock.advance(DAY_MS);
    expect((await runScheduledWork(world.deps)).erased).toBe(0);
  });
});

const refusingMailer: Mailer = { name: 'refusing', send: async () => ({ status: 'rejected', error: 'validation_error (422): invalid `to`' }) };

// The other two final statuses: the retention period runs from when a request became expired or
// delivery_failed just as from an answer.
describe.each([
  {
    status: 'expired',
    overrides: {},
    // Its reply window (30 days) passes with no answer.
    end: async (world: World) => {
      world.clock.advance(30 * DAY_MS);
      await runScheduledWork(world.deps);
    },
    history: [['created'], ['email_sent'], ['expired']],
  },
  {
    status: 'delivery_failed',
    overrides: { mailer: refusingMailer },
    // The mail API refused the email when it was sent.
    end: async () => {},
    history: [['created'], ['delivery_failed']],
  },
])('retention of a request that ended $status', async ({ status, overrides, end, history }) => {
  const world = await replyWorld({}, overrides);
  const request = await world.createRequest();
  await runScheduledWork(world.deps);
  await end(world);
  const appViewBefore = await world.appView(request.id);

  it('keeps everything until it has been final for 90 days', async () => {
    expect(appViewBefore).toMatchObject({ status });
    world.clock.advance(90 * DAY_MS - 60_000);
    expect((await runScheduledWork(world.deps)).erased).toBe(0);
    expect((await customerOf(world, request.id)).customer).toContain('Jane');
    expect((await listOutbox(world.deps.db, { requestId: request.id }))[0]!.text).toContain('Jane');
    expect((await historyOf(world.deps, request.id)).filter((h) => h.detail !== null)).not.toEqual([]);
  });

  it('then erases its personal data and keeps its status and the history of what happened', async () => {
    world.clock.advance(60_000);
    expect((await runScheduledWork(world.deps)).erased).toBe(1);
    await expectErased(world, request.id);
    expect(await world.appView(request.id)).toEqual(appViewBefore);
    expect((await historyOf(world.deps, request.id)).map((h) => [h.event])).toEqual(history);
  });
});
