import { execSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { loadConfig } from '../src/config.ts';
import { dispatchBench } from './dispatch.ts';
import { endpoints, replyPaths } from './endpoints.ts';
import { type LoadFigures, load } from './load.ts';
import { peakRssMb, startProcess } from './processes.ts';
import { type BenchReport, printReport, writeReport } from './report.ts';
import { scaleBench } from './scale.ts';
import { prepareDatabase, seedRequests } from './seed.ts';
import { buildService, serviceEnv, startService } from './service.ts';

/**
 * `npm run bench`: the service in production mode and a bare Hono "hello" server side by side, each in
 * its own process, loaded in turn by autocannon (50 connections). Every endpoint run is preceded by a
 * bare-Hono run of the same length, and its ratio is taken against that one, so a machine busy with
 * something else weighs on both. BENCH_QUICK=1: a short smoke run with small data.
 */
const quick = process.env.BENCH_QUICK === '1';
const SECONDS = quick ? 1 : 10;
const WARM_UP_SECONDS = quick ? 0.5 : 2;
const SEEDED = quick ? 1_000 : 10_000;
const LARGE = quick ? 20_000 : 1_000_000;
const DISPATCHED = quick ? 2_000 : 100_000;
const PORTS = { service: 18787, bare: 18788, dispatch: 18789, small: 18790, large: 18791 };

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
  const targets = endpoints({ url: running.url, apiKey, publicUrl: service.env.PUBLIC_URL! }, SEEDED, replies, now);
  const bareTarget = { url: bare.url };

  // One warm-up round: the JIT, SQLite's page cache and the email template cache.
  await load(bareTarget, WARM_UP_SECONDS);
  for (const endpoint of targets) await load(endpoint.target, WARM_UP_SECONDS);

  for (const endpoint of targets) {
    const bareFigures = await load(bareTarget, SECONDS);
    const figures = await load(endpoint.target, SECONDS);
    report.http.push({ name: endpoint.name, ...figures, bareReqPerSec: bareFigures.reqPerSec, ratio: figures.reqPerSec / bareFigures.reqPerSec, minRatio: endpoint.minRatio });
    console.error(`${endpoint.name}: ${figures.reqPerSec.toFixed(0)} req/s (bare ${bareFigures.reqPerSec.toFixed(0)})`);
  }
  report.peakRssMb = peakRssMb(running.child.pid!);

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
