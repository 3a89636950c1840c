import { describe, expect, it } from 'vitest';
import { answerUpToTheCap, AT_THE_CAP, reversed } from '../support/answer-unit.ts';
import { ACME_GYM, addProviders, queuedRequests, testDeps } from '../support/test-deps.ts';

const { deps } = await testDeps();
await addProviders(deps, ACME_GYM);
const newRequest = await queuedRequests(deps, ACME_GYM.id);

describe("an answer's atomic unit (SQLite)", () => {
  it('stores each answer with its outcome, history entry and webhook message up to the cap, then nothing, in the order built', async () => {
    expect(await answerUpToTheCap(deps, await newRequest())).toEqual(AT_THE_CAP);
  });

  it('does exactly the same with its statements reversed: none of them waits for another', async () => {
    expect(await answerUpToTheCap({ ...deps, atomic: reversed(deps.atomic) }, await newRequest())).toEqual(AT_THE_CAP);
  });
});
