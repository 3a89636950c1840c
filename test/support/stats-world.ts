import { expect } from 'vitest';
import { drainOutbox } from '../../src/outbox/drain.ts';
import type { ProviderInput } from '../../src/providers/provider.ts';
import { setStatus, supportWorld } from './console-session.ts';
import { addProviders, JANE } from './test-deps.ts';

/** A provider with a short reply window, so a request can wait past it inside a 30-day window. */
export const SLOW_TEL: ProviderInput = {
  id: 'slow-tel',
  name: 'Slow Telecom',
  emails: ['cancel@slowtel.example'],
  identifiers: ['email', 'first_name', 'last_name'],
  replyWindowDays: 7,
  reminderDays: [3],
};

/** The moment the stats are asked for; 30 days before it is 2026-11-07T12:00:00.000Z. */
export const STATS_NOW = '2026-12-07T12:00:00.000Z';
const HOUR = 3600_000;

/**
 * Requests with known answers, made through the app's API, sent by the outbox and answered through
 * the provider's form at set moments (docs/stats.md's example works these out by hand):
 *
 * acme-gym (reply window 30 days)        created (sent at once)      then
 *   a8  1 ms before the 30-day window    2026-11-07T11:59:59.999Z   cancelled after 1 h
 *   a7  exactly at the window's start    2026-11-07T12:00:00.000Z   expired
 *   a1                                   2026-11-10T09:00Z          cancelled after 1 h, corrected to already_cancelled on 11-12
 *   a2                                   2026-11-17T09:00Z          cancelled after 2 h
 *   a3                                   2026-11-24T09:00Z          not_found after 10 h
 *   a4                                   2026-12-01T09:00Z          binding_contract after 30 h
 *   a6                                   2026-12-02T09:00Z          bounced (delivery_failed)
 *   a5                                   2026-12-06T09:00Z          waiting
 * slow-tel (reply window 7 days)
 *   s1                                   2026-11-20T09:00Z          other after 3 days
 *   s2                                   2026-11-25T09:00Z          waiting, 12 days: overdue
 *   s3                                   2026-12-07T11:00Z          queued (not sent yet)
 * zen-yoga has no requests.
 */
export async function statsWorld() {
  const w = await supportWorld();
  await addProviders(w.deps, SLOW_TEL);
  const { clock, deps } = w;

  async function request(provider: string, createdAt: string, send = true): Promise<{ id: string; replyPath: string }> {
    clock.set(createdAt);
    const response = await w.api.post('/cancellation-requests', { provider, customer: provider === 'acme-gym' ? JANE : { email: JANE.email, first_name: 'Jane', last_name: 'Doe' } });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const replyPath = await w.replyPathOf(id);
    if (send) expect((await drainOutbox(deps)).sent).toBe(1);
    return { id, replyPath };
  }
  async function answer(replyPath: string, at: string, fields: Record<string, string>) {
    clock.set(at);
    expect((await w.sendForm(replyPath, fields)).status).toBe(200);
  }
  const after = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();

  const a8 = await request('acme-gym', '2026-11-07T11:59:59.999Z');
  await answer(a8.replyPath, after('2026-11-07T11:59:59.999Z', 1), { outcome: 'cancelled', date: '2027-01-31' });
  const a7 = await request('acme-gym', '2026-11-07T12:00:00.000Z');
  await setStatus(deps, a7.id, 'expired');
  const a1 = await request('acme-gym', '2026-11-10T09:00:00.000Z');
  await answer(a1.replyPath, '2026-11-10T10:00:00.000Z', { outcome: 'cancelled', date: '2027-01-31' });
  await answer(a1.replyPath, '2026-11-12T10:00:00.000Z', { outcome: 'already_cancelled', date: '2026-11-01' });
  const a2 = await request('acme-gym', '2026-11-17T09:00:00.000Z');
  await answer(a2.replyPath, '2026-11-17T11:00:00.000Z', { outcome: 'cancelled', date: '2027-01-31' });
  const s1 = await request('slow-tel', '2026-11-20T09:00:00.000Z');
  await answer(s1.replyPath, '2026-11-23T09:00:00.000Z', { outcome: 'other', message: 'Call us.' });
  const a3 = await request('acme-gym', '2026-11-24T09:00:00.000Z');
  await answer(a3.replyPath, '2026-11-24T19:00:00.000Z', { outcome: 'not_found' });
  await request('slow-tel', '2026-11-25T09:00:00.000Z');
  const a4 = await request('acme-gym', '2026-12-01T09:00:00.000Z');
  await answer(a4.replyPath, '2026-12-02T15:00:00.000Z', { outcome: 'binding_contract', date: '2027-03-31' });
  const a6 = await request('acme-gym', '2026-12-02T09:00:00.000Z');
  await setStatus(deps, a6.id, 'delivery_failed');
  await request('acme-gym', '2026-12-06T09:00:00.000Z');
  await request('slow-tel', '2026-12-07T11:00:00.000Z', false);
  clock.set(STATS_NOW);
  return w;
}

/** Every outcome count zero but the ones given. */
export const outcomes = (counts: Partial<Record<'cancelled' | 'already_cancelled' | 'binding_contract' | 'not_found' | 'other', number>>) => ({
  cancelled: 0,
  already_cancelled: 0,
  binding_contract: 0,
  not_found: 0,
  other: 0,
  ...counts,
});
