import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../src/worker.ts';
import { admin, appApi, dayFromToday, dispatch, replyPathIn, seedProviderAndClient } from './support/worker-world.ts';

// The stats' SQL on D1 (a VALUES list, ranks as literal OFFSETs, strftime on the reply window), through the admin API.
describe('provider stats on D1', () => {
  it('counts a sent and an answered request, with the answer time at its rank', async () => {
    const { apiKey } = await seedProviderAndClient('stats-gym');
    const app = appApi(apiKey);
    const answered = (await (await app.create('stats-gym')).json()) as { id: string };
    await app.create('stats-gym');
    const [email] = (await (await admin.get(`/outbox?request=${answered.id}`)).json()) as { text: string }[];
    const reply = await dispatch(replyPathIn(email!.text), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ outcome: 'cancelled', date: dayFromToday(30) }),
    });
    expect(reply.status).toBe(200);

    const stats = await admin.get('/stats?days=7&provider=stats-gym');
    expect(stats.status, await stats.clone().text()).toBe(200);
    const report = (await stats.json()) as { totals: Record<string, unknown>; weeks: { requests: number; answers: number }[] };
    expect(report.totals).toMatchObject({ sent: 2, answered: 1, answerRate: 0.5, open: 1, overdue: 0, bounced: 0, medianSecondsToAnswer: expect.any(Number) });
    expect(report.weeks.reduce((n, week) => n + week.requests, 0)).toBe(2);
    expect(report.weeks.reduce((n, week) => n + week.answers, 0)).toBe(1);
  }, 60_000);

  // The rollups on D1: the cron's pass (an upsert from a grouped read, json_group_object, the change
  // numbers), then a report from them (json_each, a MATERIALIZED CTE, window functions for the ranks).
  it('reads the same report from the cron’s rollups, and a request made after the pass at once', async () => {
    const { apiKey } = await seedProviderAndClient('rollup-gym');
    const app = appApi(apiKey);
    const answered = (await (await app.create('rollup-gym')).json()) as { id: string };
    await app.create('rollup-gym');
    const [email] = (await (await admin.get(`/outbox?request=${answered.id}`)).json()) as { text: string }[];
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' } };
    expect((await dispatch(replyPathIn(email!.text), { ...form, body: new URLSearchParams({ outcome: 'not_found' }) })).status).toBe(200);
    // The clock runs here: the figures, not the window's ends.
    const report = async () => {
      const { providers, totals, weeks, timeToAnswer } = (await (await admin.get('/stats?days=30&provider=rollup-gym')).json()) as Record<string, any>;
      return { providers, totals, weeks: weeks.map((week: { requests: number; answers: number }) => [week.requests, week.answers]), timeToAnswer };
    };
    const live = await report();
    expect(live.totals).toMatchObject({ sent: 2, answered: 1, medianSecondsToAnswer: expect.any(Number) });

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    const rows = await env.DB.prepare(`SELECT sent, answered, answer_weeks FROM provider_stats_days WHERE provider_id = 'rollup-gym'`).all<{ sent: number; answered: number; answer_weeks: string }>();
    expect(rows.results).toEqual([{ sent: 2, answered: 1, answer_weeks: expect.stringMatching(/^\{"\d{4}-\d{2}-\d{2}":1\}$/) }]);
    expect(await report()).toEqual(live);

    await app.create('rollup-gym');
    expect((await report()).totals).toMatchObject({ sent: 3, answered: 1, answerRate: 1 / 3 });
  }, 60_000);
});
