import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { eraseAfterRetention } from '../../src/lifecycle/retention.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { rolledUpTo } from '../../src/db/provider-stats-rollups.ts';
import { rollUpProviderStats } from '../../src/stats/rollups.ts';
import { supportApi } from '../support/console-session.ts';
import { outcomes, STATS_NOW, statsWorld } from '../support/stats-world.ts';

// The same data set with known answers as stats-api.test.ts, read through the scheduler's daily rollups:
// the figures must not move when a pass has run, and must show a change made after it at once.
const w = await statsWorld();
const support = supportApi(w.app, await w.apiToken());
const HOUR = 3600;
const QUERIES = ['', '?days=7', '?days=31', '?days=1', '?provider=acme-gym', '?provider=slow-tel', '?days=13&provider=acme-gym'];

async function stats(query = '') {
  const res = await support.get(`/stats${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
}
const everyReport = () => Promise.all(QUERIES.map(stats));
const rollupRows = async () =>
  (await sql<{ provider_id: string; day: string; sent: number }>`SELECT provider_id, day, sent FROM provider_stats_days ORDER BY provider_id, day`.execute(w.deps.db)).rows;
/** Back to no rollups at all: every report reads live. */
async function forgetRollups() {
  await sql`DELETE FROM provider_stats_days`.execute(w.deps.db);
  await sql`UPDATE provider_stats_rollup SET change_seq = 0`.execute(w.deps.db);
}
const idMadeAt = async (createdAt: string) =>
  (await w.deps.db.selectFrom('cancellation_requests').select('id').where('created_at', '=', createdAt).executeTakeFirstOrThrow()).id;

describe('provider stats from the daily rollups', () => {
  const live = everyReport();

  it('reads the same figures after a pass as live before it, the window cut inside its first day', async () => {
    expect(await rollupRows()).toEqual([]);
    expect(await rollUpProviderStats(w.deps)).toBeGreaterThan(0);
    // One row per provider and day made: the cut day 11-07 (a8 before the window, a7 at its start) is one cohort.
    expect(await rollupRows()).toContainEqual({ provider_id: 'acme-gym', day: '2026-11-07', sent: 2 });
    expect((await rollupRows()).reduce((n, row) => n + row.sent, 0)).toBe(11);
    expect(await everyReport()).toEqual(await live);
    expect(await rollUpProviderStats(w.deps)).toBe(0);
  });

  it('reads an unchanged cohort from its rollup, and a cohort changed since the pass live', async () => {
    // A rollup row made wrong on purpose shows the report reads it…
    await sql`UPDATE provider_stats_days SET sent = sent + 100 WHERE provider_id = 'slow-tel' AND day = '2026-11-20'`.execute(w.deps.db);
    expect((await stats('?provider=slow-tel')).totals.sent).toBe(103);
    // …until a request of that cohort changes: then the cohort is read live, right again before any pass.
    const s1 = await idMadeAt('2026-11-20T09:00:00.000Z');
    w.clock.set('2026-12-07T11:30:00.000Z');
    expect((await w.sendForm((await w.replyPathsOf(s1)).at(-1)!, { outcome: 'cancelled', date: '2027-01-31' })).status).toBe(200);
    w.clock.set(STATS_NOW);
    const slow = await stats('?provider=slow-tel');
    expect(slow.totals).toMatchObject({ sent: 3, answered: 1, medianSecondsToAnswer: 3 * 24 * HOUR, outcomes: outcomes({ cancelled: 1 }) });
    await rollUpProviderStats(w.deps);
    expect(await stats('?provider=slow-tel')).toEqual(slow);
    expect(await rollupRows()).toContainEqual({ provider_id: 'slow-tel', day: '2026-11-20', sent: 1 });
  });

  it('counts a request answered after the pass at once, with its time at its rank, and the same after the next pass', async () => {
    const a5 = await idMadeAt('2026-12-06T09:00:00.000Z');
    w.clock.set('2026-12-07T10:00:00.000Z');
    expect((await w.sendForm((await w.replyPathsOf(a5)).at(-1)!, { outcome: 'not_found' })).status).toBe(200);
    w.clock.set(STATS_NOW);
    // acme-gym's answer times are now 1 h, 2 h, 10 h, 25 h (a5) and 30 h.
    const acme = (await stats('?provider=acme-gym')).totals;
    expect(acme).toMatchObject({ sent: 7, answered: 5, open: 0, medianSecondsToAnswer: 10 * HOUR, p90SecondsToAnswer: 30 * HOUR });
    expect(acme.outcomes).toEqual(outcomes({ cancelled: 1, already_cancelled: 1, not_found: 2, binding_contract: 1 }));
    const answered = await stats();
    // a5's first answer this week; s1's correction above is not a first answer.
    expect(answered.weeks.at(-1)).toEqual({ start: '2026-12-07T00:00:00.000Z', requests: 1, answers: 1 });
    const current = await everyReport();
    expect(await rollUpProviderStats(w.deps)).toBeGreaterThan(0);
    expect(await everyReport()).toEqual(current);
  });

  it('rolls up in the scheduler’s run: what it changed (an expiry) is in the rollups, and the reports match a live read', async () => {
    const before = await rolledUpTo(w.deps.db);
    // s2 (slow-tel) has waited past its 7-day window: the run expires it.
    await runScheduledWork({ ...w.deps, clock: { now: () => new Date(STATS_NOW) } });
    expect(await rolledUpTo(w.deps.db)).toBeGreaterThan(before);
    const rolled = await everyReport();
    expect(rolled[5]!.totals).toMatchObject({ open: 1, overdue: 1 });
    await forgetRollups();
    expect(await everyReport()).toEqual(rolled);
    await rollUpProviderStats(w.deps);
  });

  it('passes over the changes a few at a time when told to, the reports exact at every step', async () => {
    await forgetRollups();
    const expected = await everyReport();
    let passed = 0;
    do {
      passed = await rollUpProviderStats(w.deps, 3);
      expect(await everyReport()).toEqual(expected);
    } while (passed > 0);
  });

  it('keeps the figures when retention erases the requests’ personal data (the rows and their facts stay)', async () => {
    const before = await everyReport();
    const later = new Date(Date.parse(STATS_NOW) + (w.deps.config.retentionDays + 1) * 24 * HOUR * 1000);
    expect(await eraseAfterRetention({ ...w.deps, clock: { now: () => later } })).toBeGreaterThan(0);
    expect(await everyReport()).toEqual(before);
    await rollUpProviderStats(w.deps);
    expect(await everyReport()).toEqual(before);
  });
});
