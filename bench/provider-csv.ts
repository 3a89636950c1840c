import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';
import { providerCsvRoutes, type ProviderInboxEnv } from '../src/http/provider/csv.routes.tsx';
import { openNodeRuntime } from '../src/node.ts';
import { CONFIRM_CHUNK_ROWS } from '../src/provider-inbox/answer-upload.ts';
import { serveHttp } from '../src/node-http.ts';
import { BENCH_PROVIDER, prepareDatabase, seedRequests } from './seed.ts';

/**
 * The provider's CSV at its limits, over real HTTP on this machine (`npx tsx bench/provider-csv.ts`):
 * the export of 5,000 open requests (time to first byte, total) and a 5,000-row answers file uploaded
 * (preview) and confirmed (in chunks of CONFIRM_CHUNK_ROWS answers, one atomic write each), with 45,000
 * answered requests of the same provider beside them. The routes are mounted as the inbox link mounts
 * them, behind a stand-in for its middleware. Figures and their load: docs/providers-csv.md.
 */
const OPEN = 5000;
const ANSWERED = 45_000;
const RUNS = 5;

const dir = mkdtempSync(join(tmpdir(), 'canceldesk-csv-bench-'));
const databaseFile = join(dir, 'bench.db');
const env = { NODE_ENV: 'production', PUBLIC_URL: 'http://127.0.0.1', DATABASE_URL: `file:${databaseFile}`, TOKEN_SECRETS: 'bench:csv-bench-secret-csv-bench-secret', RESEND_API_KEY: 're_bench', MAIL_FROM: 'Canceldesk <c@canceldesk.test>' };

const { clientId } = await prepareDatabase(env);
seedRequests(databaseFile, { clientId, from: 0, count: OPEN + ANSWERED, status: 'sent', now: new Date() });
const sqlite = new SQLite(databaseFile);
// The oldest 45,000 were answered long ago: the export must skip them, not read them.
sqlite.prepare(`UPDATE cancellation_requests SET status = 'answered' WHERE id < ?`).run(`cr_${String(ANSWERED).padStart(20, '0')}`);
sqlite.close();

const runtime = openNodeRuntime(env, () => {});
const app = new Hono<ProviderInboxEnv>();
app.use('/provider/:providerId/*', async (c, next) => {
  c.set('inboxProviderId', c.req.param('providerId')!);
  await next();
});
app.route('/provider/:providerId', providerCsvRoutes(runtime.deps));
const server = serveHttp(app, { port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/provider/${BENCH_PROVIDER.id}`;
const sameOrigin = { 'sec-fetch-site': 'same-origin' };

/**
 * Wall time, and the CPU time this process spent (server and client both live here): on a machine
 * shared by many, the CPU time is what the same work takes when the cores are free.
 */
async function timed<T>(run: () => Promise<{ response: Response; ttfb: number }>, read: (r: Response) => Promise<T>) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const { response, ttfb } = await run();
  const body = await read(response);
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, ttfbMs: ttfb - start, cpuMs: (used.user + used.system) / 1000, status: response.status, body };
}
const request = (path: string, init: RequestInit = {}) => async () => {
  const response = await fetch(`${base}${path}`, init);
  return { response, ttfb: performance.now() };
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const exports = [];
  for (let i = 0; i <= RUNS; i++) exports.push(await timed(request('/open.csv'), (r) => r.text()));
  const csv = exports[0]!.body;
  const rows = csv.split('\r\n').length - 2;
  const measured = exports.slice(1);

  // Every row answered, the five outcomes in turn, as a provider's back office would fill the file in.
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const fills = [',not_found,,', `,cancelled,${inDays(30)},`, ',other,,Company contract', `,binding_contract,${inDays(200)},`, ',already_cancelled,2020-01-02,'];
  // A lone line break inside the quoted postal address is not the CRLF that ends a record: one record per piece.
  const records = csv.replace(/^\uFEFF/, '').split('\r\n').slice(0, -1);
  const filled = [`${records[0]},outcome,date,message`, ...records.slice(1).map((record, i) => record + fills[i % fills.length])];
  const file = `${filled.join('\r\n')}\r\n`;
  const upload = () => {
    const body = new FormData();
    body.append('file', new File([file], 'answers.csv', { type: 'text/csv' }));
    return request('/answers.csv', { method: 'POST', body, headers: sameOrigin });
  };
  const previews = [];
  for (let i = 0; i <= RUNS; i++) previews.push(await timed(upload(), (r) => r.text()));
  const page = previews.at(-1)!.body;
  const summary = /<p role="status">([^<]*)<\/p>/.exec(page)?.[1];
  const confirmPath = /action="\/provider\/[^/]+(\/answers\.csv\/[^"]+\/confirm)"/.exec(page)![1]!;
  const confirm = await timed(request(confirmPath, { method: 'POST', headers: sameOrigin }), (r) => r.text());

  const figures = {
    rows,
    fileBytes: new TextEncoder().encode(file).byteLength,
    exportTtfbMs: Math.round(median(measured.map((r) => r.ttfbMs))),
    exportTotalMs: Math.round(median(measured.map((r) => r.ms))),
    exportCpuMs: Math.round(median(measured.map((r) => r.cpuMs))),
    previewMs: Math.round(median(previews.slice(1).map((r) => r.ms))),
    previewCpuMs: Math.round(median(previews.slice(1).map((r) => r.cpuMs))),
    confirmMs: Math.round(confirm.ms),
    confirmCpuMs: Math.round(confirm.cpuMs),
    confirmWrites: Math.ceil(rows / CONFIRM_CHUNK_ROWS),
    loadAverage: os.loadavg()[0]!.toFixed(1),
    confirmStatus: confirm.status,
    preview: summary,
    confirmed: /<p role="status">([^<]*)<\/p>/.exec(confirm.body)?.[1],
  };
  console.log(JSON.stringify(figures, null, 2));
} finally {
  server.close();
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
}
