import { describe, expect, it } from 'vitest';
import { findProvider } from '../../src/db/providers.ts';
import { planDigest } from '../../src/lifecycle/digest-schedule.ts';
import { importProviders } from '../../src/operator/import-providers.ts';
import { canceldesk } from '../support/cli.ts';
import { inboxWorld } from '../support/inbox-world.ts';
import { ACME_GYM, addProviders } from '../support/test-deps.ts';

describe('when a digest is due (planDigest)', () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    ['off', null, 3, '2026-11-26T07:00:00Z', { kind: 'wait' }],
    ['daily', null, 3, '2026-11-26T05:59:59Z', { kind: 'wait' }],
    ['daily', null, 3, '2026-11-26T06:00:00Z', { kind: 'send', period: '2026-11-26' }],
    ['daily', '2026-11-26', 3, '2026-11-26T23:00:00Z', { kind: 'wait' }],
    ['daily', '2026-11-25', 3, '2026-11-26T23:00:00Z', { kind: 'send', period: '2026-11-26' }],
    ['daily', null, 0, '2026-11-26T07:00:00Z', { kind: 'wait' }],
    // 26 November 2026 is a Thursday: its week is Monday 23 November's.
    ['weekly', null, 1, '2026-11-26T07:00:00Z', { kind: 'send', period: '2026-11-23' }],
    ['weekly', '2026-11-23', 1, '2026-11-29T23:59:00Z', { kind: 'wait' }],
    ['weekly', '2026-11-23', 1, '2026-11-30T05:00:00Z', { kind: 'wait' }],
    ['weekly', '2026-11-23', 1, '2026-11-30T06:00:00Z', { kind: 'send', period: '2026-11-30' }],
  ] as const)('%s, last queued for %s, %i open, at %s', (digest, queuedFor, open, now, step) => {
    expect(planDigest({ digest, queuedFor }, open, at(now))).toEqual(step);
  });
});

describe('the digest setting in the providers file', async () => {
  const world = await inboxWorld();
  it('takes off, daily or weekly (off when left out), and refuses another word naming the field', async () => {
    expect(await importProviders(world.deps, [{ ...ACME_GYM, id: 'weekly-gym', digest: 'weekly' }])).toMatchObject({ kind: 'done' });
    expect(await findProvider(world.deps.db, 'weekly-gym')).toMatchObject({ digest: 'weekly' });
    expect(await findProvider(world.deps.db, ACME_GYM.id)).toMatchObject({ digest: 'off' });
    const refused = await importProviders(world.deps, [{ ...ACME_GYM, id: 'hourly-gym', digest: 'hourly' as never }]);
    expect(refused).toEqual({ kind: 'invalid', fields: { '[0].digest': expect.stringContaining('off, daily, weekly') } });
  });
});

describe('digests through lifecycle run --at', async () => {
  const world = await inboxWorld();
  const DAILY = { ...ACME_GYM, id: 'acme-daily', name: 'Acme Daily', digest: 'daily' as const };
  const WEEKLY_SV = { ...ACME_GYM, id: 'acme-weekly-sv', name: 'Acme Vecka', locale: 'sv' as const, digest: 'weekly' as const };
  const DAILY_DE = { ...ACME_GYM, id: 'acme-daily-de', name: 'Acme Täglich', locale: 'de' as const, digest: 'daily' as const };
  const QUIET = { ...ACME_GYM, id: 'acme-quiet', name: 'Acme Quiet', digest: 'daily' as const };
  await addProviders(world.deps, DAILY, WEEKLY_SV, DAILY_DE, QUIET);
  const env = { NODE_ENV: 'test', DATABASE_URL: `file:${world.dbFile}`, PUBLIC_URL: 'https://canceldesk.test' };

  // Two open requests each (21 and 24 November), one for the provider with no digest; none for QUIET.
  for (const provider of [DAILY, WEEKLY_SV, DAILY_DE, ACME_GYM]) {
    world.clock.set('2026-11-21T10:00:00.000Z');
    await world.createAt(provider.id);
    world.clock.set('2026-11-24T10:00:00.000Z');
    await world.createAt(provider.id);
  }

  async function runAt(at: string) {
    world.clock.set(at);
    const run = await canceldesk(['lifecycle', 'run', '--at', at, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { digests: number }).digests;
  }
  const digestsOf = (providerId: string) =>
    world.deps.db
      .selectFrom('outbox')
      .innerJoin('outbox_bodies', 'outbox_bodies.outbox_id', 'outbox.id')
      .select(['outbox.idempotency_key', 'outbox.subject', 'outbox.recipients', 'outbox.request_id', 'outbox_bodies.text', 'outbox_bodies.html'])
      .where('outbox.kind', '=', 'digest')
      .where('outbox.idempotency_key', 'like', `digest/${providerId}/%`)
      .orderBy('outbox.created_at')
      .execute();

  it('sends one per provider that asked and has a request open, once a period (a day from 06:00 UTC, a week from Monday 06:00), even when two runs race', async () => {
    // Thursday 05:00: the daily digests wait for 06:00; the weekly one's week began on Monday.
    expect(await runAt('2026-11-26T05:00:00.000Z')).toBe(1);
    world.clock.set('2026-11-26T07:00:00.000Z');
    const racing = await Promise.all([1, 2].map(() => canceldesk(['lifecycle', 'run', '--at', '2026-11-26T07:00:00.000Z', '--json'], env)));
    expect(racing.map((run) => (JSON.parse(run.stdout) as { digests: number }).digests).reduce((a, b) => a + b)).toBe(2);
    expect(await runAt('2026-11-26T18:00:00.000Z')).toBe(0);
    expect((await digestsOf(DAILY.id)).map((d) => d.idempotency_key)).toEqual(['digest/acme-daily/2026-11-26']);
    expect(await digestsOf(WEEKLY_SV.id)).toHaveLength(1);
    expect(await digestsOf(ACME_GYM.id)).toEqual([]);
    expect(await digestsOf(QUIET.id)).toEqual([]);

    // The next day: the daily ones again; the weekly one waits for Monday.
    expect(await runAt('2026-11-27T06:30:00.000Z')).toBe(2);
    expect(await runAt('2026-11-30T06:30:00.000Z')).toBe(3);
    expect((await digestsOf(WEEKLY_SV.id)).map((d) => d.idempotency_key)).toEqual(['digest/acme-weekly-sv/2026-11-23', 'digest/acme-weekly-sv/2026-11-30']);
  });

  it('says how many are open and the oldest age, to the provider addresses, with a button to a fresh inbox link that opens the inbox', async () => {
    const [digest] = await digestsOf(DAILY.id);
    expect(digest!.subject).toBe('2 cancellation requests wait for Acme Daily');
    expect(JSON.parse(digest!.recipients)).toEqual(ACME_GYM.emails);
    expect(digest!.request_id).toBeNull();
    expect(digest!.text).toContain('2 cancellation requests to Acme Daily wait for your answer. The oldest has waited 5 days.');
    expect(digest!.text).toContain('The button works until 26 December 2026');
    const path = /https:\/\/canceldesk\.test(\/provider\/[\w.-]+)/.exec(digest!.text)![1]!;
    expect(digest!.html).toContain(`href="https://canceldesk.test${path}"`);
    world.clock.set('2026-11-28T10:00:00.000Z');
    const page = await world.open(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('2 cancellation requests wait for your answer.');
  });

  it('speaks the provider language: Swedish and German', async () => {
    const [sv] = await digestsOf(WEEKLY_SV.id);
    expect(sv!.subject).toBe('2 uppsägningsbegäranden väntar på Acme Vecka');
    expect(sv!.text).toContain('Den äldsta har väntat 5 dagar.');
    expect(sv!.text).toContain('Ni får det här mejlet varje vecka');
    expect(sv!.html).toContain('lang="sv"');
    const [de] = await digestsOf(DAILY_DE.id);
    expect(de!.subject).toBe('2 Kündigungsanfragen warten auf Acme Täglich');
    expect(de!.text).toContain('Die älteste wartet seit 5 Tagen.');
    expect(de!.text).toContain('Kündigungs-Posteingang öffnen');
    expect(de!.html).toContain('lang="de"');
  });
});
