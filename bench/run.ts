import { execSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { loadConfig } from '../src/config.ts';
import { dispatchBench } from './dispatch.ts';
import { type Endpoint, endpoints, replyPaths } from './endpoints.ts';
import { interleaved, type LoadFigures, load } from './load.ts';
import { exitOnSignals, peakRssMb, startProcess } from './processes.ts';
import { type BenchReport, printReport, sharesOf, writeReport } from './report.ts';
import { scaleBench } from './scale.ts';
import { loadWhileDispatching } from './tails.ts';
import { changedWithinTheHour, prepareDatabase, seedRequests } from './seed.ts';
import { buildFloor, buildService, FLOOR_BUNDLE, serviceEnv, startService } from './service.ts';

/**
 * `npm run bench`: the service in production mode, a bare Hono "hello" server and the endpoints' floors
 * side by side, each in its own process, loaded in turn by autocannon (50 connections). Each endpoint,
 * bare Hono and the endpoint's floor are loaded alternately, ROUNDS times each, and the ratios are taken
 * between their averages, so a machine busy with something else weighs on all three.
 * BENCH_QUICK=1: a short smoke run with small data. BENCH_ONLY=create,tails: only those parts (an
 * endpoint's name, `tails`, `scale`, `render`, `dispatch`). BENCH_SECONDS: each load's length.
 */
const quick = process.env.BENCH_QUICK === '1';
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const runs = (part: string) => !only || only.includes(part);
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 10));
const WARM_UP_SECONDS = quick ? 0.5 : 2;
const SEEDED = quick ? 1_000 : 10_000;
const LARGE = quick ? 20_000 : 1_000_000;
const DISPATCHED = quick ? 2_000 : 100_000;
const BACKLOG = quick ? 2_000 : 20_000;
/** Requests changed in the last hour, for the list poll by `updatedSince`: in the load phase and at scale. */
const CHANGED_SMALL = quick ? 100 : 1_000;
const CHANGED_LARGE = quick ? 10_000 : 100_000;
// BENCH_PORT_BASE: another base, for a second bench on the same machine (the default ports taken).
const BASE = Number(process.env.BENCH_PORT_BASE ?? 18787);
const PORTS = { service: BASE, bare: BASE + 1, dispatch: BASE + 2, small: BASE + 3, large: BASE + 4, floor: BASE + 5, layered: BASE + 6 };
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
await buildFloor();
const fake = await startProcess(['--import', 'tsx', 'bench/fake-resend-server.ts'], {});
const bare = await startProcess(['--import', 'tsx', 'bench/bare-hono.ts'], { PORT: String(PORTS.bare) });
const service = serviceEnv(fake.url, PORTS.service);
try {
  const { clientId, apiKey } = await prepareDatabase(service.env);
  seedRequests(service.databaseFile, { clientId, from: 0, count: SEEDED, status: 'sent', now });
  changedWithinTheHour(service.databaseFile, CHANGED_SMALL, now);
  const keys = loadConfig(service.env).tokenKeys;
  const replies = await replyPaths(keys, SEEDED, now);
  const running = await startService(service);
  const floor = await startProcess([FLOOR_BUNDLE], { ...service.env, PORT: String(PORTS.floor), LAYERED_PORT: String(PORTS.layered), DATABASE_FILE: service.databaseFile });
  const targets = endpoints({ url: running.url, apiKey, publicUrl: service.env.PUBLIC_URL! }, SEEDED, replies, now).filter((e) => runs(e.name));
  const floorTargets = endpoints({ url: floor.url, apiKey, publicUrl: service.env.PUBLIC_URL! }, SEEDED, replies, now);
  const floorOf = (name: string) => ({ ...floorTargets.find((e) => e.name === name)!.target, pid: floor.child.pid });
  // The status poll's floor with the layers the service may not drop (floors/with-layers.ts), in the floor's process.
  const layeredTargets = endpoints({ url: `http://127.0.0.1:${PORTS.layered}`, apiKey, publicUrl: service.env.PUBLIC_URL! }, SEEDED, replies, now);
  const floorsOf = (endpoint: Endpoint) => [
    floorOf(endpoint.name),
    ...(endpoint.floorWithLayers ? [{ ...layeredTargets.find((e) => e.name === endpoint.name)!.target, pid: floor.child.pid }] : []),
  ];
  for (const endpoint of targets) endpoint.target.pid = running.child.pid;
  const bareTarget = { url: bare.url };

  // One warm-up round: the JIT, SQLite's page cache and the email template cache.
  await load(bareTarget, WARM_UP_SECONDS);
  for (const endpoint of targets) {
    await load(endpoint.target, WARM_UP_SECONDS);
    for (const target of floorsOf(endpoint)) await load(target, WARM_UP_SECONDS);
  }

  for (const endpoint of targets) {
    const [bareFigures, figures, floorFigures, layeredFigures] = (await interleaved([bareTarget, endpoint.target, ...floorsOf(endpoint)], SECONDS, ROUNDS)) as [
      LoadFigures,
      LoadFigures,
      LoadFigures,
      LoadFigures | undefined,
    ];
    const ratio = (f: LoadFigures) => f.reqPerSec / bareFigures.reqPerSec;
    report.http.push({
      name: endpoint.name,
      ...figures,
      bareReqPerSec: bareFigures.reqPerSec,
      ratio: ratio(figures),
      floor: { ...floorFigures, ratio: ratio(floorFigures) },
      ...sharesOf(figures, floorFigures),
      minFloorShare: endpoint.minFloorShare,
      ...(layeredFigures ? { floorWithLayers: { ...layeredFigures, ratio: ratio(layeredFigures), ...sharesOf(layeredFigures, floorFigures) } } : {}),
    });
    const cpu = (f: LoadFigures) => `${f.cpuMsPerRequest?.toFixed(3)} ms CPU/req`;
    const withLayers = layeredFigures ? `; with the layers ${layeredFigures.reqPerSec.toFixed(0)} req/s, ${cpu(layeredFigures)}` : '';
    console.error(`${endpoint.name}: ${figures.reqPerSec.toFixed(0)} req/s, ${cpu(figures)} (bare ${bareFigures.reqPerSec.toFixed(0)} req/s; floor ${floorFigures.reqPerSec.toFixed(0)} req/s, ${cpu(floorFigures)}${withLayers})`);
  }
  if (runs('tails')) {
    for (const [i, endpoint] of targets.entries()) {
      const entry = report.http.find((e) => e.name === endpoint.name);
      // Each backlog's requests numbered past everything else seeded, so no id is taken twice.
      const figures = await loadWhileDispatching({ databaseFile: service.databaseFile, clientId }, 10_000_000 + i * BACKLOG, endpoint.target, SECONDS, BACKLOG);
      if (entry) entry.whileDispatching = figures;
      console.error(`${endpoint.name} while dispatching: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, ${figures.reqPerSec.toFixed(0)} req/s, ${figures.stillQueued} still queued`);
    }
  }
  report.peakRssMb = peakRssMb(running.child.pid!);
  await running.stop();

  // The same tails on the floors, with the sender's floor dispatching (the service stopped, so that it
  // takes none of the backlog): what any server on this stack sees while it sends.
  if (runs('tails')) {
    await fetch(`${floor.url}/bench/start-sender`, { method: 'POST' });
    for (const [i, endpoint] of targets.entries()) {
      const entry = report.http.find((e) => e.name === endpoint.name);
      const figures = await loadWhileDispatching({ databaseFile: service.databaseFile, clientId }, 20_000_000 + i * BACKLOG, floorOf(endpoint.name), SECONDS, BACKLOG);
      if (entry) entry.floor.whileDispatching = figures;
      console.error(`${endpoint.name}'s floor while dispatching: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, ${figures.reqPerSec.toFixed(0)} req/s, ${figures.stillQueued} still queued`);
    }
  }
  // The floor server went through the same loads (and, with the tails, the same dispatching): its peak is the memory floor.
  report.floorPeakRssMb = peakRssMb(floor.child.pid!);
  await floor.stop();
  if (runs('scale')) report.scale = await scaleBench(fake.url, [PORTS.small, PORTS.large, PORTS.floor], { small: SEEDED, large: LARGE, changedLarge: CHANGED_LARGE }, SECONDS);
  if (runs('render')) report.render = renderFigures();
  if (runs('dispatch')) report.dispatch = await dispatchBench(fake.url, PORTS.dispatch, DISPATCHED);
  report.machine.loadAfter = loadavg().map((l) => Number(l.toFixed(2)));
} finally {
  await bare.stop();
  await fake.stop();
  service.remove();
}
printReport(report);
// A partial run (BENCH_ONLY) is for looking, never the figures the docs cite.
if (!only) writeReport(report);

/** In a process of its own: one core, nothing else of the bench running. */
function renderFigures(): { emailsPerSecond: number } {
  const out = execSync(`${process.execPath} --import tsx bench/render.ts`, {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', BENCH_RENDER_SECONDS: quick ? '1' : '5' },
  });
  return JSON.parse(out.toString().trim().split('\n').at(-1)!);
}

export type { LoadFigures };
