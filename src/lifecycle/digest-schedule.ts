import { addDays, isoDay } from '../clock.ts';

/** The hour (UTC) a digest's day starts: morning in Europe, before a back office opens its inbox. */
export const DIGEST_HOUR_UTC = 6;

export type DigestStep = { kind: 'send'; period: string } | { kind: 'wait' };

/**
 * Whether a provider's digest is due at `now`: one per period — the UTC day (daily) or the ISO week,
 * named by its Monday (weekly) — from DIGEST_HOUR_UTC on, and only while a request is open. Pure, so
 * the rule is tested without a clock or a database.
 */
export function planDigest(provider: { digest: string; queuedFor: string | null }, open: number, now: Date): DigestStep {
  if (provider.digest !== 'daily' && provider.digest !== 'weekly') return { kind: 'wait' };
  const today = isoDay(now);
  const period = provider.digest === 'daily' ? today : addDays(today, -((now.getUTCDay() + 6) % 7));
  if (now < new Date(`${period}T${String(DIGEST_HOUR_UTC).padStart(2, '0')}:00:00.000Z`)) return { kind: 'wait' };
  if (provider.queuedFor === period || open === 0) return { kind: 'wait' };
  return { kind: 'send', period };
}
