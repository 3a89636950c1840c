import SQLite from 'better-sqlite3';
import { renderCancellationEmail } from '../src/mail/cancellation-email.ts';
import { type LoadFigures, type LoadTarget, load } from './load.ts';
import { benchEmail } from './render.ts';
import { seedRequests } from './seed.ts';

export const BACKLOG = 20_000;

/**
 * An endpoint loaded while the service's own sender works through a backlog of `backlog` queued emails
 * (to the fake Resend on loopback, as in the dispatch bench): the latency a burst of app requests sees
 * while mail goes out. The backlog is queued straight into the database first, then the load starts as
 * soon as the sender is seen sending; afterwards the sender finishes before the next endpoint's turn.
 */
export async function loadWhileDispatching(
  service: { databaseFile: string; clientId: string },
  from: number,
  target: LoadTarget,
  seconds: number,
  backlog = BACKLOG,
): Promise<LoadFigures & { backlog: number; stillQueued: number }> {
  const email = await renderCancellationEmail(benchEmail(from));
  seedRequests(service.databaseFile, { clientId: service.clientId, from, count: backlog, status: 'queued', email, now: new Date(), intoRunningService: true });
  const watcher = new SQLite(service.databaseFile, { readonly: true });
  const queued = watcher.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE status = 'queued'");
  try {
    await until(() => queued.get()!.n < backlog, 10_000, 'the sender did not start on the backlog');
    const figures = await load(target, seconds);
    const stillQueued = queued.get()!.n;
    await until(() => queued.get()!.n === 0, 300_000, 'the sender did not finish the backlog');
    return { ...figures, backlog, stillQueued };
  } finally {
    watcher.close();
  }
}

async function until(done: () => boolean, ms: number, failure: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`${failure} in ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
