import { describe, expect, it } from 'vitest';
import { createCancellationRequest } from '../../src/requests/create.ts';
import { ANNOUNCED_AT, announcedAmongOtherWrites, messagesAbout } from '../support/announced-changes.ts';
import { answerUpToTheCap, AT_THE_CAP, reversed } from '../support/answer-unit.ts';
import { expectKnownChanges, unitWithKnownChanges } from '../support/atomic-changes.ts';
import { nextChangeNumbers, nothingForATakenEmail, sameRowsAsOneByOne, twoEmailsOfOneRequest } from '../support/sent-batch.ts';
import { d1Deps } from './support/d1-deps.ts';
import { JANE, seedProviderAndClient } from './support/worker-world.ts';

describe('an atomic write on D1 (one batch)', () => {
  it('says, per statement, how many rows it changed (meta.changes): the same counts as on SQLite', async () => {
    const deps = d1Deps();
    const unit = unitWithKnownChanges(deps.db, 'd1');
    expectKnownChanges(unit, await deps.atomic(unit.writes));
  });
});

/** A provider and an app with a webhook endpoint; each call creates a queued request for them (no drain). */
async function queuedRequests(providerId: string) {
  const deps = d1Deps();
  const { clientId } = await seedProviderAndClient(providerId, undefined, 'https://app.example/hooks');
  return async () => {
    const created = await createCancellationRequest(deps, clientId, { provider: providerId, customer: JANE }, null);
    if (created.kind !== 'created') throw new Error(created.kind);
    return created.request.id;
  };
}

describe('a status change announced to the app, inside one D1 batch', async () => {
  const deps = d1Deps();
  const queuedRequest = await queuedRequests('announce-gym');

  it('queues its message when the write changes the request, with other writes between and around them', async () => {
    const id = await queuedRequest();
    const unit = announcedAmongOtherWrites(deps.db, id, ['queued'], 'd1-applies');
    expect((await deps.atomic(unit.writes)).counts).toEqual([1, 1, 1, 1, 1]);
    expect(await messagesAbout(deps.db, id)).toEqual([{ id: 'msg_d1-applies', event: 'cancellation_request.delivery_failed', status: 'delivery_failed', updated_at: ANNOUNCED_AT }]);
  });

  it('queues nothing when the write changes nothing, though the write before it changed a row', async () => {
    const id = await queuedRequest();
    const unit = announcedAmongOtherWrites(deps.db, id, ['sent'], 'd1-refused');
    expect((await deps.atomic(unit.writes)).counts).toEqual([1, 0, 1, 0, 1]);
    expect(await messagesAbout(deps.db, id)).toEqual([]);
  });
});

describe("an answer's atomic unit, as one D1 batch", async () => {
  const deps = d1Deps();
  const newRequest = await queuedRequests('answer-gym');

  it('stores each answer with its outcome, history entry and webhook message up to the cap, then nothing, in the order built', async () => {
    expect(await answerUpToTheCap(deps, await newRequest())).toEqual(AT_THE_CAP);
  });

  it('does exactly the same with its statements reversed', async () => {
    expect(await answerUpToTheCap({ ...deps, atomic: reversed(deps.atomic) }, await newRequest())).toEqual(AT_THE_CAP);
  });
});

describe("a batch's sent emails, as one D1 batch of four statements (test/db/sent-batch.test.ts on SQLite)", async () => {
  const deps = d1Deps();
  const newRequest = await queuedRequests('batch-gym');

  it('leave the rows the one-by-one writes leave', () => sameRowsAsOneByOne(deps, newRequest));
  it('give each request moved the next change number, in batch order', () => nextChangeNumbers(deps, newRequest));
  it('write nothing for an email another sender took meanwhile', () => nothingForATakenEmail(deps, newRequest));
  it("move a request with two emails in the batch once, and keep both emails' history", () => twoEmailsOfOneRequest(deps, newRequest));
});
