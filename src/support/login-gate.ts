/**
 * At most `slots` logins check a password at once, and at most `queue` wait their turn; the rest are
 * told to come back. PBKDF2 is slow on purpose and, on Node, runs on the same small thread pool as
 * every API key check: a flood of logins must not stall the service for the apps (measured: 60 parallel
 * bad logins took an app's status poll from 4 ms to 1.9 s before this gate).
 */
export type LoginGate = <T>(work: () => Promise<T>) => Promise<T | 'busy'>;

export function loginGate(slots = 1, queue = 8): LoginGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running < slots) running++;
    else if (waiting.length < queue) await new Promise<void>((turn) => waiting.push(turn));
    else return 'busy';
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so `running` only drops when nobody waits.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
