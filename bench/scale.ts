import { copyFileSync } from 'node:fs';
import { interleaved, type LoadFigures, littleMeanMs, load } from './load.ts';
import { startProcess, type Started } from './processes.ts';
import { changedWithinTheHour, prepareDatabase, requestId, seedRequests } from './seed.ts';
import { type ServiceEnv, serviceEnv, startService } from './service.ts';

export interface ScaleFigures {
  smallRows: number;
  largeRows: number;
  small: LoadFigures;
  large: LoadFigures;
  /** The mean latencies by Little's law (littleMeanMs), not autocannon's whole-millisecond ones. */
  meanMs: { small: number; large: number };
  meanLatencyRatio: number;
  seedSeconds: number;
  /** The list poll by `updatedSince` an hour ago on the large database, `changed` requests changed in that hour, beside its floor. */
  listPoll?: { changed: number; service: LoadFigures; floor: LoadFigures; floorShare: number };
}

const ROUNDS = 3;

/**
 * The status poll with `small` and with `large` requests in the database: two services side by side
 * (the same seed, one copied before it grew), polled in turn ROUNDS times each over ids spread across
 * the whole table, so a machine that gets busier in between weighs on both alike.
 */
export async function scaleBench(
  fakeResendUrl: string,
  ports: [number, number, number],
  rows: { small: number; large: number; changedLarge: number },
  seconds: number,
): Promise<ScaleFigures> {
  const smallDb = serviceEnv(fakeResendUrl, ports[0]);
  const largeDb = { ...serviceEnv(fakeResendUrl, ports[1]) };
  largeDb.env = { ...largeDb.env, TOKEN_SECRETS: smallDb.env.TOKEN_SECRETS! };
  const now = new Date();
  const { clientId, apiKey } = await prepareDatabase(smallDb.env);
  seedRequests(smallDb.databaseFile, { clientId, from: 0, count: rows.small, status: 'sent', now });
  copyFileSync(smallDb.databaseFile, largeDb.databaseFile);
  const seedStart = performance.now();
  seedRequests(largeDb.databaseFile, { clientId, from: rows.small, count: rows.large - rows.small, status: 'sent', now });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  changedWithinTheHour(largeDb.databaseFile, rows.changedLarge, now);

  const services = [await startService(smallDb), await startService(largeDb)];
  const poll = (url: string, count: number) => {
    const paths = Array.from({ length: 5000 }, (_, i) => `/api/v1/cancellation-requests/${requestId(Math.floor(((i * 7919) % 5000) * (count / 5000)))}`);
    let i = 0;
    return { url, headers: { authorization: `Bearer ${apiKey}` }, next: (r: object) => ({ ...r, path: paths[i++ % paths.length] }) };
  };
  const targets = [poll(services[0]!.url, rows.small), poll(services[1]!.url, rows.large)];
  try {
    for (const target of targets) await load(target, 1);
    const [small, large] = (await interleaved(targets, seconds, ROUNDS)) as [LoadFigures, LoadFigures];
    const listPoll = await listPollAtScale(services[1]!, largeDb, ports[2], apiKey, now, seconds);
    const meanMs = { small: littleMeanMs(small), large: littleMeanMs(large) };
    return { smallRows: rows.small, largeRows: rows.large, small, large, meanMs, meanLatencyRatio: meanMs.large / meanMs.small, seedSeconds, listPoll: { changed: rows.changedLarge, ...listPoll } };
  } finally {
    for (const service of services) await service.stop();
    smallDb.remove();
    largeDb.remove();
  }
}

/** The list poll an hour back on the large database, against its floor on the same file, in turn. */
async function listPollAtScale(service: Started, db: ServiceEnv, floorPort: number, apiKey: string, now: Date, seconds: number) {
  const floor = await startProcess(['--import', 'tsx', 'bench/floor-server.ts'], { ...db.env, PORT: String(floorPort), DATABASE_FILE: db.databaseFile });
  try {
    const since = new Date(now.getTime() - 60 * 60_000).toISOString();
    const path = `/api/v1/cancellation-requests?updatedSince=${encodeURIComponent(since)}&limit=50`;
    const headers = { authorization: `Bearer ${apiKey}` };
    const targets = [
      { url: `${service.url}${path}`, headers, pid: service.child.pid },
      { url: `${floor.url}${path}`, headers, pid: floor.child.pid },
    ];
    for (const target of targets) await load(target, 1);
    const [ours, floorFigures] = (await interleaved(targets, seconds, ROUNDS)) as [LoadFigures, LoadFigures];
    return { service: ours, floor: floorFigures, floorShare: ours.reqPerSec / floorFigures.reqPerSec };
  } finally {
    await floor.stop();
  }
}
