import { describe, expect, it } from 'vitest';
import { planFollowUp } from '../../src/lifecycle/follow-up.ts';

const SENT = new Date('2026-11-01T09:00:00.000Z');
const GYM = { reminderDays: [3, 7], replyWindowDays: 30 };
const day = (n: number, hours = 0) => new Date(SENT.getTime() + n * 86_400_000 + hours * 3_600_000);
const waiting = (remindersSent = 0, closed = false) => ({ waitingSince: SENT, remindersSent, closed });

describe('what a waiting request needs from the scheduler', () => {
  it('waits for the first reminder day, counted from when the email was accepted', () => {
    expect(planFollowUp(waiting(), GYM, day(2, 23))).toEqual({ kind: 'wait', nextDueAt: day(3) });
  });

  it('sends the first reminder on its day and is next due on the second', () => {
    expect(planFollowUp(waiting(), GYM, day(3))).toEqual({ kind: 'remind', remindersSent: 1, nextDueAt: day(7) });
  });

  it('after the last reminder is next due when the reply window closes', () => {
    expect(planFollowUp(waiting(1), GYM, day(7, 1))).toEqual({ kind: 'remind', remindersSent: 2, nextDueAt: day(30) });
    expect(planFollowUp(waiting(2), GYM, day(8))).toEqual({ kind: 'wait', nextDueAt: day(30) });
  });

  it('sends one reminder, not two in a row, when both days passed while the scheduler was down', () => {
    expect(planFollowUp(waiting(), GYM, day(9))).toEqual({ kind: 'remind', remindersSent: 2, nextDueAt: day(30) });
  });

  it('sends no more reminders than the provider configured', () => {
    expect(planFollowUp(waiting(2), GYM, day(20)).kind).toBe('wait');
    expect(planFollowUp(waiting(), { reminderDays: [], replyWindowDays: 30 }, day(20))).toEqual({ kind: 'wait', nextDueAt: day(30) });
  });

  it('expires the request once the reply window has passed, whatever reminders are left', () => {
    expect(planFollowUp(waiting(0), GYM, day(30))).toEqual({ kind: 'expire' });
    expect(planFollowUp(waiting(2), GYM, day(45))).toEqual({ kind: 'expire' });
  });

  it('ignores reminder days a changed provider moved outside the reply window', () => {
    expect(planFollowUp(waiting(1), { reminderDays: [3, 12], replyWindowDays: 10 }, day(9))).toEqual({ kind: 'wait', nextDueAt: day(10) });
  });

  it('does nothing more for a request support closed', () => {
    expect(planFollowUp(waiting(0, true), GYM, day(40))).toEqual({ kind: 'stop' });
  });
});
