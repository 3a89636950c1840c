import { execSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { loadConfig } from '../src/config.ts';
import { dispatchBench } from './dispatch.ts';
import { endpoints, replyPaths } from './endpoints.ts';
import { interleaved, type LoadFigures, load } from './load.ts';
import { exitOnSignals, peakRssMb, startProcess } from './processes.ts';
import { type BenchReport, printReport, writeReport } from './report.ts';
import { scaleBench } from './scale.ts';
import { prepareDatabase, seedRequests } from './seed.ts';
import { buildService, serviceEnv, startService } from './service.ts';

/**
 * `npm run bench`: the service in production mode and a bare Hono "hello" server side by side, each in
 * its own process, loaded in turn by autocannon (50 connections). Each endpoint and bare Hono are
 * loaded alternately, ROUNDS times each, and the ratio is taken between their averages, so a machine
 * busy with something else weighs on both. BENCH_QUICK=1: a short smoke run with small data.
 */
const quick = process.env.BENCH_QUICK === '1';
const SECONDS = quick ? 1 : 10;
const WARM_UP_SECONDS = quick ? 0.5 : 2;
const SEEDED = quick ? 1_000 : 10_000;
const LARGE = quick ? 20_000 : 1_000_000;
const DISPATCHED = quick ? 2_000 : 100_000;
const PORTS = { service: 18787, bare: 18788, dispatch: 18789, small: 18790, large: 18791, floor: 18792 };
/** Each endpoint is loaded in turn with bare Hono this many times over (SECONDS in all for each). */
const ROUNDS = quick ? 1 : 3;

const now = new Date();
const report: BenchReport = {
  date: now.toISOString(),
  quick,
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    loadBefore: loadavg().map((l) => Number(l.toFixed(2))),
  },
  http: [],
};

exitOnSignals();
buildService();
const fake = await startProcess(['--import', 'tsx', 'bench/fake-resend-server.ts'], {});
const bare = await startProcess(['--import', 'tsx', 'bench/bare-hono.ts'], { PORT: String(PORTS.bare) });
const service = serviceEnv(fake.url, PORTS.service);
try {
  const { clientId, apiKey } = await prepareDatabase(service.env);
  seedRequests(service.databaseFile, { clientId, from: 0, count: SEEDED, status: 'sent', now });
  const keys = loadConfig(service.env).tokenKeys;
  const replies = await replyPaths(keys, SEEDED, now);
  const running = await startService(service);
  const floor = await startProcess(['--import', 'tsx', 'bench/floor-server.ts'], { PORT: String(PORTS.floor), DATABASE_FILE: service.databaseFile });
  const targets = endpoints({ url: running.url, apiKey, publicUrl: service.env.PUBLIC_URL! }, SEEDED, replies, now);
  const bareTarget = { url: bare.url };

  // One warm-up round: the JIT, SQLite's page cache and the email template cache.
  await load(bareTarget, WARM_UP_SECONDS);
  for (const endpoint of targets) await load(endpoint.target, WARM_UP_SECONDS);
  await load({ ...targets[0]!.target, url: floor.url }, WARM_UP_SECONDS);

  for (const endpoint of targets) {
    // The status poll also against its floor: bare Hono plus the same two reads, nothing else.
    const floorTarget = endpoint.name === 'status poll' ? { ...endpoint.target, url: floor.url } : undefined;
    const [bareFigures, figures, floorFigures] = await interleaved([bareTarget, endpoint.target, ...(floorTarget ? [floorTarget] : [])], SECONDS, ROUNDS);
    const ratio = (f: LoadFigures) => f.reqPerSec / bareFigures!.reqPerSec;
    report.http.push({
      name: endpoint.name,
      ...figures!,
      bareReqPerSec: bareFigures!.reqPerSec,
      ratio: ratio(figures!),
      minRatio: endpoint.minRatio,
      ...(floorFigures ? { floor: { reqPerSec: floorFigures.reqPerSec, p99Ms: floorFigures.p99Ms, ratio: ratio(floorFigures) } } : {}),
    });
    console.error(`${endpoint.name}: ${figures!.reqPerSec.toFixed(0)} req/s (bare ${bareFigures!.reqPerSec.toFixed(0)}${floorFigures ? `, floor ${floorFigures.reqPerSec.toFixed(0)}` : ''})`);
  }
  report.peakRssMb = peakRssMb(running.child.pid!);

  await floor.stop();
  await running.stop();
  report.scale = await scaleBench(fake.url, [PORTS.small, PORTS.large], { small: SEEDED, large: LARGE }, SECONDS);

  report.render = renderFigures();
  report.dispatch = await dispatchBench(fake.url, PORTS.dispatch, DISPATCHED);
  report.machine.loadAfter = loadavg().map((l) => Number(l.toFixed(2)));
} finally {
  await bare.stop();
  await fake.stop();
  service.remove();
}
printReport(report);
writeReport(report);

/** In a process of its own: one core, nothing else of the bench running. */
function renderFigures(): { emailsPerSecond: number } {
  const out = execSync(`${process.execPath} --import tsx bench/render.ts`, {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', BENCH_RENDER_SECONDS: quick ? '1' : '5' },
  });
  return JSON.parse(out.toString().trim().split('\n').at(-1)!);
}

export type { LoadFigures };
