import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { dispatchBench } from './dispatch.ts';
import { endpoints, replyPaths } from './endpoints.ts';
import { load } from './load.ts';
import { exitOnSignals, ROOT, startProcess } from './processes.ts';
import { prepareDatabase, seedRequests } from './seed.ts';
import { buildService, serviceEnv, startService } from './service.ts';
import { loadWhileDispatching } from './tails.ts';

/**
 * `npm run bench:profile -- "status poll"`: the service under `node --cpu-prof` loaded with one
 * endpoint for 10 s; prints the functions with the most self time (the .cpuprofile opens in Chrome's
 * DevTools). `-- dispatch` profiles sending 20,000 queued emails instead; `-- "tails:status poll"` the
 * endpoint loaded while the sender works through 20,000 (as the bench's tails). Same setup as the bench.
 */
const only = process.argv[2] ?? 'status poll';
process.env.BENCH_PROFILE = '1';
mkdirSync(`${ROOT}bench/results/profiles`, { recursive: true });
const now = new Date();
exitOnSignals();
buildService();
const fake = await startProcess(['--import', 'tsx', 'bench/fake-resend-server.ts'], {});
// BENCH_PORT_BASE as in run.ts: another bench may hold the default ports.
const base = Number(process.env.BENCH_PORT_BASE ?? 18787);
const service = serviceEnv(fake.url, base + 3);
try {
  if (only === 'dispatch') await profileDispatch();
  else await profileEndpoint();
} finally {
  await fake.stop();
  service.remove();
}

async function profileDispatch(): Promise<void> {
  const before = new Set(readdirSync(`${ROOT}bench/results/profiles`));
  console.log(await dispatchBench(fake.url, base + 4, 20_000));
  printNewProfile(before);
}

async function profileEndpoint(): Promise<void> {
  const { clientId, apiKey } = await prepareDatabase(service.env);
  seedRequests(service.databaseFile, { clientId, from: 0, count: 10_000, status: 'sent', now });
  const replies = await replyPaths(loadConfig(service.env).tokenKeys, 10_000, now);
  const running = await startService(service);
  const [tails, name] = only.startsWith('tails:') ? [true, only.slice('tails:'.length)] : [false, only];
  const endpoint = endpoints({ url: running.url, apiKey, publicUrl: service.env.PUBLIC_URL! }, 10_000, replies, now).find((e) => e.name === name);
  if (!endpoint) throw new Error(`no endpoint "${name}"`);
  const before = new Set(readdirSync(`${ROOT}bench/results/profiles`));
  console.log(tails ? await loadWhileDispatching({ databaseFile: service.databaseFile, clientId }, 10_000_000, endpoint.target, 10) : await load(endpoint.target, 10));
  await running.stop();
  printNewProfile(before);
}

/** The main thread's profile of the process just stopped (tsx's loader thread writes one of its own). */
function printNewProfile(before: Set<string>): void {
  const file = readdirSync(`${ROOT}bench/results/profiles`).find((name) => !before.has(name) && name.endsWith('.0.001.cpuprofile'))!;
  console.log(`${ROOT}bench/results/profiles/${file}`);
  printTopSelfTime(JSON.parse(readFileSync(`${ROOT}bench/results/profiles/${file}`, 'utf8')));
}

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
  endTime: number;
  startTime: number;
}

/** Self time per function over the last 10 s (the load), not the start-up before it. */
function printTopSelfTime(profile: Profile, top = 30): void {
  const counts = new Map<number, number>();
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((sample, i) => {
    at += profile.timeDeltas[i]!;
    if (at < profile.endTime - 10_000_000) return;
    counts.set(sample, (counts.get(sample) ?? 0) + 1);
    total++;
  });
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(`file://${ROOT}`, '')}:${lineNumber + 1}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + (counts.get(node.id) ?? 0));
  }
  for (const [where, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${where}`);
  }
}
