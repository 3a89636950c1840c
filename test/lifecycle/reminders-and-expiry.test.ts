import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/clock.ts';
import { listOutbox } from '../../src/db/outbox.ts';
import { followUpWaitingRequests } from '../../src/lifecycle/waiting-requests.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { replyPathIn, replyWorld } from '../support/reply-world.ts';
import { historyOf } from '../support/request-state.ts';

// ACME_GYM: reminders on days 3 and 7, a 30-day reply window, both counted from the first send.

/** A request whose email the scheduler has sent, with the clock at the moment it went. */
async function sentRequest(world: Awaited<ReturnType<typeof replyWorld>>) {
  const request = await world.createRequest();
  await runScheduledWork(world.deps);
  expect((await world.appView(request.id)).status).toBe('sent');
  return request;
}

const remindersOf = async (world: Awaited<ReturnType<typeof replyWorld>>, requestId: string) =>
  (await listOutbox(world.deps.db, { requestId })).filter((e) => e.kind === 'reminder').reverse();

describe('reminders', async () => {
  const world = await replyWorld();
  const request = await sentRequest(world);

  it('sends none before the first reminder day', async () => {
    world.clock.advance(3 * DAY_MS - 60_000);
    await runScheduledWork(world.deps);
    expect(await remindersOf(world, request.id)).toEqual([]);
  });

  it("sends one on day 3 with the same link, saying it is a reminder and since when we wait, to the provider's inboxes", async () => {
    world.clock.advance(60_000);
    const report = await runScheduledWork(world.deps);
    expect(report.reminded).toBe(1);
    const [reminder] = await remindersOf(world, request.id);
    expect(reminder).toMatchObject({ status: 'sent', recipients: ['cancellations@acme.example', 'support@acme.example'] });
    expect(reminder!.subject).toBe(`Reminder: cancellation request: Jane Doe (${(await world.deps.db.selectFrom('cancellation_requests').select('reference').where('id', '=', request.id).executeTakeFirstOrThrow()).reference})`);
    expect(reminder!.text).toContain('On 21 November 2026 we asked Acme Gym');
    // The same link: it opens the same request's form, and an answer through it counts.
    const link = replyPathIn(reminder!.text);
    const form = await world.open(link);
    expect(form.status).toBe(200);
    expect(await historyOf(world.deps, request.id, 'reminder_queued')).toHaveLength(1);
  });

  it('sends nothing more when run again the same day', async () => {
    await runScheduledWork(world.deps);
    await runScheduledWork(world.deps);
    expect(await remindersOf(world, request.id)).toHaveLength(1);
  });

  it('sends the second on day 7, and no third however long the wait', async () => {
    world.clock.advance(4 * DAY_MS);
    await runScheduledWork(world.deps);
    expect(await remindersOf(world, request.id)).toHaveLength(2);
    for (let days = 0; days < 20; days++) {
      world.clock.advance(DAY_MS);
      await runScheduledWork(world.deps);
    }
    expect(await remindersOf(world, request.id)).toHaveLength(2);
  });
});

describe('no reminder once answered', async () => {
  const world = await replyWorld();
  const request = await sentRequest(world);

  it('sends none after the provider answered, and the request never expires', async () => {
    world.clock.advance(DAY_MS);
    const answer = await world.sendForm(request.replyPath, { outcome: 'not_found' });
    expect(answer.status).toBe(200);
    for (let days = 0; days < 40; days++) {
      world.clock.advance(DAY_MS);
      await runScheduledWork(world.deps);
    }
    expect(await remindersOf(world, request.id)).toEqual([]);
    expect((await world.appView(request.id)).status).toBe('answered');
  });
});

describe('expiry', async () => {
  const world = await replyWorld();
  const request = await sentRequest(world);

  it('leaves a request waiting until the reply window has passed', async () => {
    world.clock.advance(30 * DAY_MS - 60_000);
    await runScheduledWork(world.deps);
    expect((await world.appView(request.id)).status).toBe('sent');
  });

  it('then makes it expired, for the app and in the history, once', async () => {
    world.clock.advance(60_000);
    const report = await runScheduledWork(world.deps);
    expect(report.expired).toBe(1);
    const view = await world.appView(request.id);
    expect(view).toMatchObject({ status: 'expired', outcome: null, updatedAt: world.clock.now().toISOString() });
    await runScheduledWork(world.deps);
    expect(await historyOf(world.deps, request.id, 'expired')).toHaveLength(1);
  });

  it("still takes the provider's late answer through the link's grace period", async () => {
    world.clock.advance(2 * DAY_MS);
    const answer = await world.sendForm(request.replyPath, { outcome: 'not_found' });
    expect(answer.status).toBe(200);
    expect((await world.appView(request.id)).status).toBe('answered');
  });
});

describe('runs at once, and reruns', async () => {
  const world = await replyWorld();
  const requests: { id: string; replyPath: string }[] = [];
  for (let i = 0; i < 5; i++) requests.push(await sentRequest(world));
  // A second process on the same database file: its own connection, as a second server or the CLI has.
  const other = openNodeRuntime({ NODE_ENV: 'test', DATABASE_URL: world.deps.config.databaseUrl, PUBLIC_URL: 'https://canceldesk.test' }, () => {});
  const otherDeps = Object.assign(other.deps, { clock: world.clock });

  it('two runs at once, in two processes, queue each reminder once', async () => {
    world.clock.advance(3 * DAY_MS);
    const [a, b] = await Promise.all([followUpWaitingRequests(world.deps), followUpWaitingRequests(otherDeps)]);
    expect(a.reminded + b.reminded).toBe(requests.length);
    for (const request of requests) expect(await remindersOf(world, request.id)).toHaveLength(1);
  });

  it('a rerun after a run that died after queuing sends nothing twice', async () => {
    // The unit either committed (the row moved on: the rerun finds nothing due) or did not (the rerun
    // queues the reminder under the same idempotency key, so the mail API drops a repeat).
    await followUpWaitingRequests(world.deps);
    await other.close();
    const keys = (await listOutbox(world.deps.db)).filter((e) => e.kind === 'reminder').map((e) => e.idempotency_key);
    expect(new Set(keys).size).toBe(requests.length);
    expect(keys).toHaveLength(requests.length);
  });
});
