import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { batchedNote } from '../src/cli/output.ts';
import { loadConfig } from '../src/config.ts';
import { findProvider } from '../src/db/providers.ts';
import { boundHeapGrowth } from '../src/node.ts';
import { releaseAsyncContextAfterRuns } from '../src/node-async-context.ts';
import { apiFloors } from './floors/api.ts';
import { replyFloors } from './floors/reply.tsx';
import { floorSender } from './floors/sender.ts';
import { openFloorStore } from './floors/store.ts';
import { statusPollWithLayers } from './floors/with-layers.ts';
import { BENCH_PROVIDER } from './seed.ts';

/**
 * The floor under each endpoint: the least any server on this stack can do for it — bare Hono plus the
 * endpoint's essential work through better-sqlite3 directly (floors/), and the same answer back. No
 * validation, middleware, logging, ETag or error handling. Its ratio to bare Hono is the most the
 * service's own ratio could reach here. Works on the service's database (DATABASE_FILE) with the
 * service's configuration (TOKEN_SECRETS, PUBLIC_URL), so its links and cursors are the service's.
 * With the sender's floor started, it is also the floor under the tails while dispatching and under
 * the service's peak RSS (the bench runs it bundled, as the service is run, and tunes its Node the same).
 * With LAYERED_PORT, the status poll's floor with the layers the service may not drop listens there too
 * (floors/with-layers.ts), its log lines written as `canceldesk serve` writes them.
 */
boundHeapGrowth();
releaseAsyncContextAfterRuns();
const config = loadConfig(process.env);
const store = openFloorStore(process.env.DATABASE_FILE!);
const provider = (await findProvider(store.db, BENCH_PROVIDER.id))!;

const app = new Hono();
apiFloors(app, store, config, provider);
replyFloors(app, store, config, provider);
// The sender's floor starts only when the bench asks (its tails), so the endpoints' own floors are measured alone.
const sender = floorSender(store, config);
app.post('/bench/start-sender', (c) => {
  sender.start();
  return c.body(null, 204);
});

if (process.env.LAYERED_PORT) {
  const layered = statusPollWithLayers(store, config, batchedNote(process.stderr));
  await new Promise((listening) => serve({ fetch: layered.fetch, port: Number(process.env.LAYERED_PORT), hostname: '127.0.0.1' }, listening));
}
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
