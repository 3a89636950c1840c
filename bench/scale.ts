import { copyFileSync } from 'node:fs';
import { interleaved, type LoadFigures, load } from './load.ts';
import { prepareDatabase, requestId, seedRequests } from './seed.ts';
import { serviceEnv, startService } from './service.ts';

export interface ScaleFigures {
  smallRows: number;
  largeRows: number;
  small: LoadFigures;
  large: LoadFigures;
  meanLatencyRatio: number;
  seedSeconds: number;
}

const ROUNDS = 3;

/**
 * The status poll with `small` and with `large` requests in the database: two services side by side
 * (the same seed, one copied before it grew), polled in turn ROUNDS times each over ids spread across
 * the whole table, so a machine that gets busier in between weighs on both alike.
 */
export async function scaleBench(fakeResendUrl: string, ports: [number, number], rows: { small: number; large: number }, seconds: number): Promise<ScaleFigures> {
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
    return { smallRows: rows.small, largeRows: rows.large, small, large, meanLatencyRatio: large.meanMs / small.meanMs, seedSeconds };
  } finally {
    for (const service of services) await service.stop();
    smallDb.remove();
    largeDb.remove();
  }
}
