import autocannon, { type Request } from 'autocannon';
import { cpuMs } from './processes.ts';

export const CONNECTIONS = 50;

export interface LoadFigures {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Socket errors, timeouts and any status other than the one expected. */
  errors: number;
  /**
   * The server process's CPU time per request answered (when its pid is known): what a request costs,
   * whatever else the machine is doing, where req/s moves with every other process on the cores.
   */
  cpuMsPerRequest?: number;
}

export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Called for every request: a different path or body each time (ids, tokens, unique creates). */
  next?: (request: Request) => Request;
  expectStatus?: number;
  /** The server's process, to measure its CPU time per request. */
  pid?: number;
}

/**
 * A load's mean latency by Little's law: its connections, each always waiting for one answer, over its
 * rate. autocannon records latencies in whole milliseconds (cut down), so at the 1–2 ms of a status
 * poll on a fast machine its mean is off by up to a third (1.29 ms read at 25,497 req/s, where 50
 * connections give 1.96 ms), and the ratio of two such means says more about the cut than the lookup.
 */
export const littleMeanMs = (figures: LoadFigures): number => (CONNECTIONS * 1000) / figures.reqPerSec;

/** One autocannon run of `seconds` at 50 connections. */
export async function load(target: LoadTarget, seconds: number): Promise<LoadFigures> {
  const cpuBefore = target.pid ? cpuMs(target.pid) : 0;
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    method: target.method ?? 'GET',
    headers: target.headers,
    ...(target.next ? { requests: [{ setupRequest: target.next }] } : {}),
  });
  const expected = target.expectStatus ?? 200;
  const unexpected = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => Number(status) !== expected)
    .reduce((sum, [, { count }]) => sum + count, 0);
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.average,
    errors: result.errors + result.timeouts + unexpected,
    ...(target.pid && result.requests.total > 0 ? { cpuMsPerRequest: (cpuMs(target.pid) - cpuBefore) / result.requests.total } : {}),
  };
}

/** Cycles through a list: the next path (or body) each time a request is sent. */
export function rotate<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

/** Several runs as one: mean rates and latencies, the worst p99, every error. */
export function average(runs: LoadFigures[]): LoadFigures {
  const mean = (pick: (f: LoadFigures) => number) => runs.reduce((sum, f) => sum + pick(f), 0) / runs.length;
  return {
    reqPerSec: mean((f) => f.reqPerSec),
    p50Ms: mean((f) => f.p50Ms),
    p99Ms: Math.max(...runs.map((f) => f.p99Ms)),
    meanMs: mean((f) => f.meanMs),
    errors: runs.reduce((sum, f) => sum + f.errors, 0),
    ...(runs.every((f) => f.cpuMsPerRequest !== undefined) ? { cpuMsPerRequest: mean((f) => f.cpuMsPerRequest!) } : {}),
  };
}

/**
 * Loads the targets in turn, `rounds` times over (each run `seconds / rounds` long), and averages each
 * target's runs: a machine that gets busier or quieter for a few seconds weighs on all of them alike.
 */
export async function interleaved(targets: LoadTarget[], seconds: number, rounds: number): Promise<LoadFigures[]> {
  const runs: LoadFigures[][] = targets.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, target] of targets.entries()) runs[i]!.push(await load(target, seconds / rounds));
  }
  return runs.map(average);
}
