import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/clock.ts';
import { listOutbox } from '../../src/db/outbox.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { openRequestForSupport } from '../../src/requests/support-view.ts';
import { replyWorld } from '../support/reply-world.ts';
import { answersOf, historyOf } from '../support/request-state.ts';

const customerOf = async (world: Awaited<ReturnType<typeof replyWorld>>, id: string) =>
  (await world.deps.db.selectFrom('cancellation_requests').select(['customer', 'erased_at']).where('id', '=', id).executeTakeFirstOrThrow());

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
    expect(await customerOf(world, answered.id)).toEqual({ customer: null, erased_at: world.clock.now().toISOString() });
    const [answer] = await answersOf(world.deps, answered.id);
    expect(answer).toMatchObject({ outcome: 'other', message: null, note: null });
    for (const email of await listOutbox(world.deps.db, { requestId: answered.id })) {
      expect(email).toMatchObject({ subject: '[erased]', html: '', text: '' });
    }
    for (const entry of await historyOf(world.deps, answered.id)) expect(entry.detail).toBeNull();
    const everything = JSON.stringify(await world.deps.db.selectFrom('cancellation_requests').selectAll().where('id', '=', answered.id).execute());
    const answers = JSON.stringify(await answersOf(world.deps, answered.id));
    for (const personal of ['Jane', 'Doe', '4242', '12345678', 'Main Street', 'owes two months', '555-0100']) {
      expect(everything + answers).not.toContain(personal);
    }
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
