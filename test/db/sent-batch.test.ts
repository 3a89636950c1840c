import { describe, it } from 'vitest';
import { nextChangeNumbers, nothingForATakenEmail, sameRowsAsOneByOne, twoEmailsOfOneRequest } from '../support/sent-batch.ts';
import { ACME_GYM, addProviders, queuedRequests, testDeps } from '../support/test-deps.ts';

const { deps } = await testDeps();
await addProviders(deps, ACME_GYM);
const newRequest = await queuedRequests(deps, ACME_GYM.id);

describe("a batch's sent emails, written for the whole batch (on SQLite; on D1 in test/workerd/d1-atomic.test.ts)", () => {
  it('are four statements, whatever the size of the batch, leaving the rows the one-by-one writes leave', () => sameRowsAsOneByOne(deps, newRequest));
  it('give each request moved the next change number, in batch order', () => nextChangeNumbers(deps, newRequest));
  it('write nothing for an email another sender took meanwhile', () => nothingForATakenEmail(deps, newRequest));
  it("move a request with two emails in the batch once, and keep both emails' history", () => twoEmailsOfOneRequest(deps, newRequest));
});
