import SQLite from 'better-sqlite3';
import { renderCancellationEmail } from '../src/mail/cancellation-email.ts';
import { cpuMs, peakRssMb } from './processes.ts';
import { benchEmail } from './render.ts';
import { prepareDatabase, seedRequests } from './seed.ts';
import { serviceEnv, startService } from './service.ts';

export interface DispatchFigures {
  emails: number;
  seconds: number;
  emailsPerSecond: number;
  /** The server's CPU time (user + system) while it sent them: on a shared machine the wall time follows everyone's load, this far less. */
  serverCpuSeconds?: number;
  peakRssMb: number;
}

/**
 * `count` requests queued with their emails (about 10 KB each, as rendered), then a production service
 * started on that database: its sender sends them through Resend's batch endpoint to the fake Resend.
 * Timed from the service listening until the outbox holds nothing queued.
 */
export async function dispatchBench(fakeResendUrl: string, port: number, count: number): Promise<DispatchFigures> {
  const service = serviceEnv(fakeResendUrl, port);
  const { clientId } = await prepareDatabase(service.env);
  const email = await renderCancellationEmail(benchEmail(0));
  seedRequests(service.databaseFile, { clientId, from: 0, count, status: 'queued', email, now: new Date() });

  const watcher = new SQLite(service.databaseFile, { readonly: true });
  const queued = watcher.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'queued'");
  const started = await startService(service);
  const cpu0 = cpuMs(started.child.pid!);
  const t0 = performance.now();
  try {
    const deadline = t0 + 600_000;
    while ((queued.get() as { n: number }).n > 0) {
      if (performance.now() > deadline) throw new Error('dispatch did not finish in 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    const serverCpuSeconds = (cpuMs(started.child.pid!) - cpu0) / 1000;
    const failed = watcher.prepare("SELECT count(*) AS n FROM outbox WHERE status <> 'sent'").get() as { n: number };
    if (failed.n > 0) throw new Error(`${failed.n} emails were not sent:\n${started.output().slice(-2000)}`);
    return { emails: count, seconds, emailsPerSecond: count / seconds, serverCpuSeconds, peakRssMb: peakRssMb(started.child.pid!) };
  } finally {
    watcher.close();
    await started.stop();
    service.remove();
  }
}
