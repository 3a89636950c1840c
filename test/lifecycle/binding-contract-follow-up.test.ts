import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { followUpBindingContracts } from '../../src/lifecycle/contract-follow-ups.ts';
import { recordAnswer } from '../../src/requests/record-answer.ts';
import { canceldesk } from '../support/cli.ts';
import { replyPathIn } from '../support/reply-world.ts';
import { historyOf } from '../support/request-state.ts';
import { acmeGymIn, addProviders, JANE } from '../support/test-deps.ts';
import { webhookWorld } from '../support/webhook-world.ts';

// A provider answers "binding contract until 31 March 2027" on 2 December 2026. The day after the
// contract ends (ACME_GYM's followUpDelayDays: the default 1) the scheduler asks it again, with the same
// link; everything here moves through `canceldesk lifecycle run --at`, on the app's own database file.

/**
 * A webhook world of its own (each describe below moves its clock as it likes), with the CLI on its
 * database file and the Swedish and German ACME_GYM beside the English one.
 */
async function followUpWorld() {
  const world = await webhookWorld();
  await addProviders(world.deps, acmeGymIn('sv'), acmeGymIn('de'));
  const env = { NODE_ENV: 'test', DATABASE_URL: `file:${world.dbFile}`, PUBLIC_URL: 'https://canceldesk.test' };

  /** `canceldesk lifecycle run --at AT --json`, with the app's clock moved to the same moment. */
  async function runAt(at: string) {
    world.clock.set(at);
    const run = await canceldesk(['lifecycle', 'run', '--at', at, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as { followedUp: number; reminded: number; expired: number };
  }

  const followUpsOf = async (requestId: string) => (await listOutbox(world.deps.db, { requestId })).filter((e) => e.kind === 'follow_up').reverse();

  /** A request to `provider`, sent, then answered `binding_contract` on 2 December 2026 with the contract ending `contractEndsOn`. */
  async function boundRequest(provider = 'acme-gym', contractEndsOn = '2027-03-31', extra: object = {}) {
    world.clock.set('2026-11-21T10:00:00.000Z');
    const created = await world.endpointApi.post('/cancellation-requests', { provider, customer: JANE, ...extra });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await runAt('2026-11-21T10:00:00.000Z');
    world.clock.set('2026-12-02T09:00:00.000Z');
    const answer = await world.sendForm(await world.replyPathOf(id), { outcome: 'binding_contract', date: contractEndsOn });
    expect(answer.status).toBe(200);
    return id;
  }

  return { ...world, env, runAt, followUpsOf, boundRequest };
}

describe('a binding contract followed up through lifecycle run --at', async () => {
  const { runAt, followUpsOf, boundRequest, env, ...world } = await followUpWorld();
  const id = await boundRequest();

  it('sends nothing while the contract still binds, nor on its last day', async () => {
    expect((await runAt('2027-03-31T23:00:00.000Z')).followedUp).toBe(0);
    expect(await followUpsOf(id)).toEqual([]);
    expect((await world.appView(id)).status).toBe('answered');
  });

  it("the day after it ends, emails the provider its own dates back, with the same request's link freshly signed, once from two runs at once", async () => {
    world.clock.set('2027-04-01T00:30:00.000Z');
    const runs = await Promise.all([1, 2].map(() => canceldesk(['lifecycle', 'run', '--at', '2027-04-01T00:30:00.000Z', '--json'], env)));
    expect(runs.map((run) => run.code), runs.map((run) => run.stderr).join('')).toEqual([0, 0]);
    expect(runs.map((run) => JSON.parse(run.stdout).followedUp).sort()).toEqual([0, 1]);
    expect(await followUpsOf(id)).toHaveLength(1);
    const [email] = await followUpsOf(id);
    expect(email).toMatchObject({ status: 'sent', recipients: ['cancellations@acme.example', 'support@acme.example'] });
    expect(email!.subject).toMatch(/^The binding contract has ended: Jane Doe \(CD-[0-9A-Z]{8}\)$/);
    const sentence = 'On 2 December 2026 you told us the contract binds the customer until 31 March 2027. It has now ended: please confirm the subscription is cancelled.';
    expect(email!.text).toContain(sentence);
    expect(email!.html).toContain(sentence);
    // Past the 90-day retention since the answer, and still whole: a follow-up to come holds retention off.
    expect(email!.text).toContain(JANE.email);
    const link = replyPathIn(email!.text);
    expect(link).not.toBe(replyPathIn((await listOutbox(world.deps.db, { requestId: id })).find((e) => e.kind === 'cancellation_request')!.text));
    expect((await world.open(link)).status).toBe(200);
  });

  it('puts the request back to sent with followUpOf, and tells the app by webhook', async () => {
    const view = await world.appView(id);
    expect(view).toMatchObject({
      status: 'sent',
      outcome: { type: 'binding_contract', contractEndsOn: '2027-03-31' },
      followUpOf: { answeredAt: '2026-12-02T09:00:00.000Z', contractEndsOn: '2027-03-31', sentAt: '2027-04-01T00:30:00.000Z' },
    });
    expect(world.eventsFor(id)).toEqual(['cancellation_request.sent', 'cancellation_request.answered', 'cancellation_request.follow_up_sent']);
    const webhook = world.endpoint.processed().find((r) => r.payload!.type === 'cancellation_request.follow_up_sent')!;
    expect(webhook.payload!.data).toMatchObject({ status: 'sent', followUpOf: view.followUpOf });
    expect(await historyOf(world.deps, id, 'follow_up_queued')).toHaveLength(1);
  });

  it("shows support the follow-up in the request's history, naming the answer and the contract's end", async () => {
    const run = await canceldesk(['requests', 'show', id, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const shown = JSON.parse(run.stdout) as { answers: { number: number; outcome: string }[]; history: { actor: string; event: string; detail: Record<string, string> }[] };
    const answerId = (await world.deps.db.selectFrom('request_answers').select('id').where('request_id', '=', id).executeTakeFirstOrThrow()).id;
    expect(shown.history.find((h) => h.event === 'follow_up_queued')).toMatchObject({
      actor: 'system',
      detail: { answer: answerId, contractEndsOn: '2027-03-31', email: expect.stringMatching(/^ob_/) },
    });
  });

  it('sends no second follow-up for the same answer when run again', async () => {
    expect((await runAt('2027-04-01T00:40:00.000Z')).followedUp).toBe(0);
    expect((await runAt('2027-04-02T00:00:00.000Z')).followedUp).toBe(0);
    expect(await followUpsOf(id)).toHaveLength(1);
    expect(world.eventsFor(id).filter((e) => e === 'cancellation_request.follow_up_sent')).toHaveLength(1);
  });

  it('reminds again on the reminder days counted from the follow-up', async () => {
    expect((await runAt('2027-04-03T23:00:00.000Z')).reminded).toBe(0);
    expect((await runAt('2027-04-04T01:00:00.000Z')).reminded).toBe(1);
    const reminder = (await listOutbox(world.deps.db, { requestId: id })).find((e) => e.kind === 'reminder')!;
    expect(reminder.text).toContain('On 1 April 2027 we asked Acme Gym');
  });

  it('takes the next answer as the outcome', async () => {
    world.clock.set('2027-04-05T08:00:00.000Z');
    const [email] = await followUpsOf(id);
    expect((await world.sendForm(replyPathIn(email!.text), { outcome: 'cancelled', date: '2027-04-30' })).status).toBe(200);
    expect(await world.appView(id)).toMatchObject({ status: 'answered', outcome: { type: 'cancelled', accessUntil: '2027-04-30' } });
    await runAt('2027-04-05T08:01:00.000Z');
    // The answer to the follow-up is an answer, not a correction of the binding contract ...
    expect(world.eventsFor(id).slice(-1)).toEqual(['cancellation_request.answered']);
    // ... and a change of that answer is a correction again.
    world.clock.set('2027-04-06T08:00:00.000Z');
    expect((await world.sendForm(replyPathIn(email!.text), { outcome: 'cancelled', date: '2027-05-31' })).status).toBe(200);
    await runAt('2027-04-06T08:01:00.000Z');
    expect(world.eventsFor(id).slice(-1)).toEqual(['cancellation_request.answer_corrected']);
    await runAt('2027-06-01T00:00:00.000Z');
    expect(await followUpsOf(id)).toHaveLength(1);
  });
});

describe('a new binding contract after the follow-up', async () => {
  const { runAt, followUpsOf, boundRequest, ...world } = await followUpWorld();
  const id = await boundRequest();

  it('gets a follow-up of its own when it ends', async () => {
    await runAt('2027-04-01T00:30:00.000Z');
    world.clock.set('2027-04-02T10:00:00.000Z');
    const [first] = await followUpsOf(id);
    expect((await world.sendForm(replyPathIn(first!.text), { outcome: 'binding_contract', date: '2027-06-30' })).status).toBe(200);
    expect((await world.appView(id)).status).toBe('answered');
    expect((await runAt('2027-06-30T12:00:00.000Z')).followedUp).toBe(0);
    expect((await runAt('2027-07-01T00:01:00.000Z')).followedUp).toBe(1);
    const emails = await followUpsOf(id);
    expect(emails).toHaveLength(2);
    expect(emails[1]!.text).toContain('On 2 April 2027 you told us the contract binds the customer until 30 June 2027.');
    expect(await world.appView(id)).toMatchObject({ status: 'sent', followUpOf: { answeredAt: '2027-04-02T10:00:00.000Z', contractEndsOn: '2027-06-30' } });
    expect(world.eventsFor(id)).toEqual([
      'cancellation_request.sent',
      'cancellation_request.answered',
      'cancellation_request.follow_up_sent',
      'cancellation_request.answered',
      'cancellation_request.follow_up_sent',
    ]);
  });
});

describe('an app that opted out at creation', async () => {
  const { runAt, followUpsOf, boundRequest, ...world } = await followUpWorld();
  const id = await boundRequest('acme-gym', '2027-03-31', { followUpBindingContract: false });

  it('is never even looked at again by the scheduler', async () => {
    const row = await world.deps.db.selectFrom('cancellation_requests').select('lifecycle_due_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.lifecycle_due_at).toBeNull();
  });

  it('gets no follow-up: the binding contract stays the outcome', async () => {
    expect((await runAt('2027-04-02T00:00:00.000Z')).followedUp).toBe(0);
    expect(await followUpsOf(id)).toEqual([]);
    expect(await world.appView(id)).toMatchObject({ status: 'answered', followUpOf: null });
  });
});

describe('the follow-up in Swedish and German', async () => {
  const { runAt, followUpsOf, boundRequest } = await followUpWorld();
  const [sv, de] = [await boundRequest('acme-gym-sv'), await boundRequest('acme-gym-de')];
  await runAt('2027-04-01T06:00:00.000Z');

  it.each([
    [sv, 'Bindningstiden har löpt ut', 'Den 2 december 2026 meddelade ni oss att avtalet binder kunden till och med 31 mars 2027. Bindningstiden har nu löpt ut: bekräfta att abonnemanget är uppsagt.'],
    [de, 'Die Vertragsbindung ist abgelaufen', 'Am 2. Dezember 2026 haben Sie uns mitgeteilt, dass der Vertrag den Kunden bis zum 31. März 2027 bindet. Diese Bindung ist nun abgelaufen: Bitte bestätigen Sie, dass das Abonnement gekündigt ist.'],
  ])('is written in the provider language (%#)', async (id, subject, sentence) => {
    const [email] = await followUpsOf(id);
    expect(email!.subject.startsWith(`${subject}: `)).toBe(true);
    expect(email!.text).toContain(sentence);
    expect(email!.html).toContain(sentence);
  });
});

describe('lifecycle run --at refuses', async () => {
  const { env } = await followUpWorld();
  it('in production, in one line', async () => {
    const production = { ...env, NODE_ENV: 'production', TOKEN_SECRETS: 'k1:a-production-signing-key-of-forty-characters', RESEND_API_KEY: 're_test_key' };
    const run = await canceldesk(['lifecycle', 'run', '--at', '2027-04-01T00:00:00Z'], production);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('--at is refused in production')]);
  });

  it.each(['tomorrow', '2027-02-30', '2027-04-01T25:00:00Z', '2027-04-01 09:00'])('a moment that is not one (%s), naming --at', async (at) => {
    const run = await canceldesk(['lifecycle', 'run', '--at', at], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^--at must be an ISO date-time/);
  });

  it('with --url: a deployment keeps its own time', async () => {
    const run = await canceldesk(['lifecycle', 'run', '--at', '2027-04-01', '--url', 'https://canceldesk.example'], { ...env, ADMIN_TOKEN: 'x'.repeat(40) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^--at runs only next to the database/);
  });
});

describe('an answer arriving while the follow-up is being composed', async () => {
  const { boundRequest, followUpsOf, ...world } = await followUpWorld();
  const id = await boundRequest();

  it('wins: no follow-up goes, and the answer is the outcome', async () => {
    world.clock.set('2027-04-01T00:30:00.000Z');
    // Support records the provider's phone call after the scheduler read the request, before its unit commits.
    let answeredFirst = false;
    const racing = {
      ...world.deps,
      atomic: async (writes: Parameters<typeof world.deps.atomic>[0]) => {
        if (!answeredFirst) {
          answeredFirst = true;
          expect(await recordAnswer(world.deps, id, { outcome: 'cancelled', date: '2027-04-30', message: null, note: null }, { kind: 'support', accountId: 'sa_1' })).not.toBeNull();
        }
        return world.deps.atomic(writes);
      },
    };
    expect(await followUpBindingContracts(racing)).toBe(0);
    expect(answeredFirst).toBe(true);
    expect(await followUpsOf(id)).toEqual([]);
    expect(await world.appView(id)).toMatchObject({ status: 'answered', outcome: { type: 'cancelled', accessUntil: '2027-04-30' }, followUpOf: null });
  });
});
