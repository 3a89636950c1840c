import { DAY_MS } from '../clock.ts';

/** What a waiting request needs from the scheduler now. */
export type FollowUp =
  | { kind: 'expire' }
  /** Send reminder number `remindersSent` (offsets passed while the scheduler was down are skipped, not sent in a row). */
  | { kind: 'remind'; remindersSent: number; nextDueAt: Date }
  | { kind: 'wait'; nextDueAt: Date }
  /** Closed by support: nothing more to send, nothing to expire. */
  | { kind: 'stop' };

export interface WaitingRequest {
  waitingSince: Date;
  remindersSent: number;
  closed: boolean;
}

/**
 * Decides what a request still waiting for its answer needs at `now`, from the provider's reminder days
 * and reply window, both counted from when the email reached the mail API. Pure, so the rules are tested
 * without a clock or a database.
 */
export function planFollowUp(request: WaitingRequest, provider: { reminderDays: number[]; replyWindowDays: number }, now: Date): FollowUp {
  if (request.closed) return { kind: 'stop' };
  const after = (days: number) => new Date(request.waitingSince.getTime() + days * DAY_MS);
  const expiresAt = after(provider.replyWindowDays);
  if (now >= expiresAt) return { kind: 'expire' };
  // The provider's settings may have changed since: only reminder days still inside the window count.
  const offsets = [...provider.reminderDays].filter((day) => day < provider.replyWindowDays).sort((a, b) => a - b);
  const ahead = offsets.slice(request.remindersSent);
  const passed = ahead.filter((day) => after(day) <= now).length;
  const upcoming = ahead[passed];
  const nextDueAt = upcoming === undefined ? expiresAt : after(upcoming);
  if (passed === 0) return { kind: 'wait', nextDueAt };
  return { kind: 'remind', remindersSent: request.remindersSent + passed, nextDueAt };
}
