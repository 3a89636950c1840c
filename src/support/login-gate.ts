/**
 * At most `slots` logins check a password at once, and at most `queue` wait their turn; the rest are
 * told to come back. PBKDF2 is slow on purpose and, on Node, runs on the same small thread pool as
 * every API key check: a flood of logins must not stall the service for the apps (measured: 60 parallel
 * bad logins took an app's status poll from 4 ms to 1.9 s before this gate).
 *
 * One source (a client address) holds at most `perSource` of those places, running or waiting, so a
 * flood from one address is turned away at the door instead of filling the line in front of everyone else.
 */
export type LoginGate = <T>(source: string, work: () => Promise<T>) => Promise<T | typeof BUSY>;

/** The gate's answer to a login turned away. */
export const BUSY = { kind: 'busy' } as const;

export function loginGate({ slots = 1, queue = 8, perSource = 2 } = {}): LoginGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const placesHeld = new Map<string, number>();
  return async (source, work) => {
    const held = placesHeld.get(source) ?? 0;
    if (held >= perSource || (running >= slots && waiting.length >= queue)) return BUSY;
    placesHeld.set(source, held + 1);
    try {
      if (running < slots) running++;
      else await new Promise<void>((turn) => waiting.push(turn));
      try {
        return await work();
      } finally {
        // The slot passes straight to the next in line, so `running` only drops when nobody waits.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    } finally {
      const left = placesHeld.get(source)! - 1;
      if (left > 0) placesHeld.set(source, left);
      else placesHeld.delete(source);
    }
  };
}
