import { describe, expect, it } from 'vitest';
import { supportApi } from '../support/console-session.ts';
import { outcomes, STATS_NOW, statsWorld } from '../support/stats-world.ts';
import { apiAs } from '../support/test-deps.ts';

// The numbers on a data set with known answers (see statsWorld for each request's story).
const w = await statsWorld();
const token = await w.apiToken();
const support = supportApi(w.app, token);
const HOUR = 3600;
const DAY = 24 * HOUR;

async function stats(query = '') {
  const res = await support.get(`/stats${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
}

describe('GET /api/v1/support/stats', () => {
  it('counts each provider over the last 30 days: sent, answered, rate, median and p90, outcomes, open, overdue, bounced', async () => {
    const report = await stats();
    expect(report).toMatchObject({ days: 30, since: '2026-11-07T12:00:00.000Z', until: STATS_NOW, provider: null });
    expect(report.providers).toEqual([
      {
        provider: 'acme-gym',
        name: 'Acme Gym',
        sent: 7,
        answered: 4,
        answerRate: 4 / 7,
        medianSecondsToAnswer: 2 * HOUR,
        p90SecondsToAnswer: 30 * HOUR,
        // a1's first answer (cancelled) counts for time, its correction for the outcome.
        outcomes: outcomes({ cancelled: 1, already_cancelled: 1, not_found: 1, binding_contract: 1 }),
        open: 1,
        overdue: 1,
        bounced: 1,
      },
      {
        provider: 'slow-tel',
        name: 'Slow Telecom',
        sent: 3,
        answered: 1,
        answerRate: 1 / 3,
        medianSecondsToAnswer: 3 * DAY,
        p90SecondsToAnswer: 3 * DAY,
        outcomes: outcomes({ other: 1 }),
        open: 2,
        overdue: 1,
        bounced: 0,
      },
    ]);
  });

  it('totals over every provider, the percentiles of all answers together (not of the providers’ figures)', async () => {
    const { totals } = await stats();
    expect(totals).toEqual({
      sent: 10,
      answered: 5,
      answerRate: 0.5,
      medianSecondsToAnswer: 10 * HOUR,
      p90SecondsToAnswer: 3 * DAY,
      outcomes: outcomes({ cancelled: 1, already_cancelled: 1, not_found: 1, binding_contract: 1, other: 1 }),
      open: 3,
      overdue: 2,
      bounced: 1,
    });
  });

  it('counts requests and first answers per week from Monday, and answers by time to answer', async () => {
    const report = await stats();
    expect(report.weeks).toEqual([
      { start: '2026-11-07T12:00:00.000Z', requests: 1, answers: 0 },
      { start: '2026-11-09T00:00:00.000Z', requests: 1, answers: 1 },
      { start: '2026-11-16T00:00:00.000Z', requests: 2, answers: 1 },
      { start: '2026-11-23T00:00:00.000Z', requests: 2, answers: 2 },
      { start: '2026-11-30T00:00:00.000Z', requests: 3, answers: 1 },
      { start: '2026-12-07T00:00:00.000Z', requests: 1, answers: 0 },
    ]);
    expect(report.timeToAnswer).toEqual([
      { fromSeconds: 0, toSeconds: HOUR, answered: 0 },
      { fromSeconds: HOUR, toSeconds: DAY, answered: 3 },
      { fromSeconds: DAY, toSeconds: 3 * DAY, answered: 1 },
      { fromSeconds: 3 * DAY, toSeconds: 7 * DAY, answered: 1 },
      { fromSeconds: 7 * DAY, toSeconds: 14 * DAY, answered: 0 },
      { fromSeconds: 14 * DAY, toSeconds: null, answered: 0 },
    ]);
  });

  it('takes a request made exactly `days` ago and leaves out one made a millisecond earlier', async () => {
    const acme = (await stats('?days=31&provider=acme-gym')).providers[0];
    expect(acme).toMatchObject({ sent: 8, answered: 5, medianSecondsToAnswer: 2 * HOUR, p90SecondsToAnswer: 30 * HOUR });
    expect(acme.outcomes.cancelled).toBe(2);
    const week = (await stats('?days=1')).totals;
    expect(week).toMatchObject({ sent: 1, answered: 0, answerRate: 0, medianSecondsToAnswer: null, open: 1 });
  });

  it('narrows to one provider, the totals and charts with it; a provider with no requests is listed with zeros', async () => {
    const slow = await stats('?provider=slow-tel');
    expect(slow.providers.map((p: { provider: string }) => p.provider)).toEqual(['slow-tel']);
    expect(slow.totals).toMatchObject({ sent: 3, answered: 1, medianSecondsToAnswer: 3 * DAY, overdue: 1 });
    expect(slow.weeks.map((week: { requests: number }) => week.requests)).toEqual([0, 0, 1, 1, 0, 1]);
    expect(slow.timeToAnswer.map((bucket: { answered: number }) => bucket.answered)).toEqual([0, 0, 0, 1, 0, 0]);
    const zen = await stats('?provider=zen-yoga');
    expect(zen.providers).toEqual([expect.objectContaining({ provider: 'zen-yoga', sent: 0, answered: 0, answerRate: null, medianSecondsToAnswer: null })]);
  });

  it.each([
    ['?days=0', 'query.days', 'must be at least 1'],
    ['?days=366', 'query.days', 'must be at most 365'],
    ['?days=7.5', 'query.days', 'must be a whole number'],
    ['?days=week', 'query.days', undefined],
    ['?provider=nobody', 'query.provider', 'no provider with this id'],
    ['?provider=' + 'x'.repeat(65), 'query.provider', undefined],
    ['?since=2026-01-01', 'query.since', 'is not a field we accept'],
  ])('refuses %s with a 400 naming %s', async (query, field, message) => {
    const res = await support.get(`/stats${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('invalid_request');
    expect(Object.keys(body.error.fields)).toEqual([field]);
    if (message) expect(body.error.fields[field]).toBe(message);
  });

  it('is closed without a support session: no token, an app key, a made-up token → 401', async () => {
    expect((await w.app.request('/api/v1/support/stats')).status).toBe(401);
    expect((await apiAs(w.app, w.client.apiKey).get('/support/stats')).status).toBe(401);
    expect((await supportApi(w.app, 'not-a-session').get('/stats')).status).toBe(401);
  });

  it('is in the OpenAPI document under support, with its query parameters', async () => {
    const doc = (await (await w.app.request('/api/v1/openapi.json')).json()) as any;
    const operation = doc.paths['/support/stats'].get;
    expect(operation.operationId).toBe('getSupportProviderStats');
    expect(operation.tags).toEqual(['support']);
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(['days', 'provider']);
  });
});
