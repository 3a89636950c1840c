import { mkdirSync, writeFileSync } from 'node:fs';
import type { DispatchFigures } from './dispatch.ts';
import type { LoadFigures } from './load.ts';
import type { ScaleFigures } from './scale.ts';
import { ROOT } from './processes.ts';

export interface BenchReport {
  date: string;
  quick: boolean;
  machine: { cpu: string; cores: number; node: string; loadBefore: number[]; loadAfter?: number[] };
  http: (LoadFigures & { name: string; bareReqPerSec: number; ratio: number; minRatio: number; floor?: { reqPerSec: number; p99Ms: number; ratio: number } })[];
  peakRssMb?: number;
  scale?: ScaleFigures;
  render?: { emailsPerSecond: number };
  dispatch?: DispatchFigures;
}

/** The issue's targets, each checked against the figures. */
const TARGETS = {
  statusP99Ms: 10,
  emailsPerSecond: 2_000,
  dispatchSeconds: 60,
  scaleRatio: 1.3,
  peakRssMb: 150,
};

const met = (ok: boolean) => (ok ? 'yes' : 'NO');
const f = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The figures as the Markdown table the README shows. */
export function reportTable(report: BenchReport): string {
  const rows: string[][] = [['measure', 'figure', 'vs bare Hono', 'target', 'met']];
  for (const e of report.http) {
    const p99 = e.name === 'status poll' ? ` (p99 ≤ ${TARGETS.statusP99Ms} ms)` : '';
    const ok = e.ratio >= e.minRatio && e.errors === 0 && (e.name !== 'status poll' || e.p99Ms <= TARGETS.statusP99Ms);
    rows.push([
      e.name,
      `${f(e.reqPerSec)} req/s, p50 ${f(e.p50Ms, 1)} ms, p99 ${e.p99Ms} ms, ${e.errors} errors`,
      `${f(e.ratio, 2)}× of ${f(e.bareReqPerSec)}${e.floor ? ` (floor: ${f(e.floor.ratio, 2)}×, p99 ${e.floor.p99Ms} ms)` : ''}`,
      `≥ ${e.minRatio}×${p99}, 0 errors`,
      met(ok),
    ]);
  }
  if (report.render) {
    rows.push(['email render (HTML + text, 7 identifiers)', `${f(report.render.emailsPerSecond)} emails/s`, '', `≥ ${f(TARGETS.emailsPerSecond)}/s`, met(report.render.emailsPerSecond >= TARGETS.emailsPerSecond)]);
  }
  if (report.dispatch) {
    const d = report.dispatch;
    rows.push([`dispatch ${f(d.emails)} emails (batches of 100)`, `${f(d.seconds, 1)} s, ${f(d.emailsPerSecond)} emails/s`, '', `≤ ${TARGETS.dispatchSeconds} s`, met(d.seconds <= TARGETS.dispatchSeconds)]);
  }
  if (report.scale) {
    const s = report.scale;
    rows.push([
      `status poll at ${f(s.largeRows)} vs ${f(s.smallRows)} requests`,
      `mean ${f(s.large.meanMs, 2)} vs ${f(s.small.meanMs, 2)} ms (${f(s.large.reqPerSec)} vs ${f(s.small.reqPerSec)} req/s)`,
      '',
      `ratio ≤ ${TARGETS.scaleRatio}`,
      `${met(s.meanLatencyRatio <= TARGETS.scaleRatio)} (${f(s.meanLatencyRatio, 2)})`,
    ]);
  }
  const rss = Math.max(report.peakRssMb ?? 0, report.dispatch?.peakRssMb ?? 0);
  rows.push(['peak RSS of the service', `${f(rss)} MB`, '', `≤ ${TARGETS.peakRssMb} MB`, met(rss <= TARGETS.peakRssMb)]);
  return rows.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${' --- |'.repeat(r.length)}` : ''}`).join('\n');
}

export function printReport(report: BenchReport): void {
  const m = report.machine;
  console.log(`\n${report.date}${report.quick ? ' (BENCH_QUICK: smoke run, figures not comparable)' : ''}`);
  console.log(`${m.cpu}, ${m.cores} cores, Node ${m.node}, load ${m.loadBefore.join(' ')} before, ${m.loadAfter?.join(' ') ?? '?'} after\n`);
  console.log(reportTable(report));
}

/** bench/results/latest.json (a quick run writes quick.json, so it never replaces the figures the README cites). */
export function writeReport(report: BenchReport): string {
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  const file = `${ROOT}bench/results/${report.quick ? 'quick' : 'latest'}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
