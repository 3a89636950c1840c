/** Time, injected so tests can move it and every "now" in a request comes from one place. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** `YYYY-MM-DD` of a moment, in UTC. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
