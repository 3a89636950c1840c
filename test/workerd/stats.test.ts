import { describe, expect, it } from 'vitest';
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
});
