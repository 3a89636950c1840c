import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The ceiling every endpoint is measured against: Hono's "hello" on the same hono, @hono/node-server
 * and Node as the service, in its own process like the service. Prints its URL once listening.
 */
const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
