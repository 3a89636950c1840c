/** Time, injected so tests can move it and every "now" in a request comes from one place. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that reads `at` now and runs on from there at `base`'s pace. */
export function clockFrom(at: Date, base: Clock): Clock {
  const offset = at.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}

export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a moment, in UTC. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The calendar day `days` after (or before) a `YYYY-MM-DD` day; month ends and leap years included. */
export const addDays = (day: string, days: number): string =>
  isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
