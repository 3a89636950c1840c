import { describe, expect, it } from 'vitest';
import { type AnsweredRequest, planContractFollowUp } from '../../src/lifecycle/contract-follow-up.ts';

// The rule alone: when a binding contract's follow-up is due, and when there is none to send.

const bound = (over: Partial<AnsweredRequest> = {}): AnsweredRequest => ({
  closed: false,
  optedOut: false,
  followUpOf: null,
  latestAnswer: { id: 'an_1', outcome: 'binding_contract', date: '2027-03-31' },
  ...over,
});
const at = (iso: string) => new Date(iso);

describe('planContractFollowUp', () => {
  it.each([
    ['the last day of the contract', bound(), 1, '2027-03-31T23:59:59.999Z', { kind: 'wait', dueAt: at('2027-04-01T00:00:00.000Z') }],
    ['the day after it, at 00:00 UTC', bound(), 1, '2027-04-01T00:00:00.000Z', { kind: 'follow_up', contractEndsOn: '2027-03-31' }],
    ['a delay of 0: the end day itself', bound(), 0, '2027-03-31T00:00:00.000Z', { kind: 'follow_up', contractEndsOn: '2027-03-31' }],
    ['a delay of 14, across a month end', bound(), 14, '2027-04-13T12:00:00.000Z', { kind: 'wait', dueAt: at('2027-04-14T00:00:00.000Z') }],
    ['a leap day', bound({ latestAnswer: { id: 'an_1', outcome: 'binding_contract', date: '2028-02-28' } }), 1, '2028-02-29T00:00:00.000Z', { kind: 'follow_up', contractEndsOn: '2028-02-28' }],
    ['long after (the scheduler was down)', bound(), 1, '2027-09-01T00:00:00.000Z', { kind: 'follow_up', contractEndsOn: '2027-03-31' }],
    ['a closed request', bound({ closed: true }), 1, '2027-04-02T00:00:00.000Z', { kind: 'stop' }],
    ['an app that opted out', bound({ optedOut: true }), 1, '2027-04-02T00:00:00.000Z', { kind: 'stop' }],
    ['this answer already followed up', bound({ followUpOf: 'an_1' }), 1, '2027-04-02T00:00:00.000Z', { kind: 'stop' }],
    ['an earlier answer followed up, this one not', bound({ followUpOf: 'an_0' }), 1, '2027-04-02T00:00:00.000Z', { kind: 'follow_up', contractEndsOn: '2027-03-31' }],
    ['another outcome since', bound({ latestAnswer: { id: 'an_2', outcome: 'cancelled', date: '2027-04-30' } }), 1, '2027-05-01T00:00:00.000Z', { kind: 'stop' }],
    ['no answer at all', bound({ latestAnswer: null }), 1, '2027-04-02T00:00:00.000Z', { kind: 'stop' }],
  ] as const)('%s', (_, request, followUpDelayDays, now, step) => {
    expect(planContractFollowUp(request, { followUpDelayDays }, at(now))).toEqual(step);
  });
});
