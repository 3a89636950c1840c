import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';

/** A webhook as the app's endpoint received it, checked with the Standard Webhooks reference library. */
export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  /** The verified, parsed payload; null when the signature did not verify. */
  payload: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  raw: string;
}

/**
 * What `Webhook.verify` checks, at a test clock's time instead of the machine's: the reference library
 * computes the signature, one of the header's must match, and the timestamp must be within 5 minutes.
 */
function verifyAt(now: Date, secret: string, raw: string, headers: Record<string, string>): unknown {
  const timestamp = Number(headers['webhook-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > 300) throw new Error('timestamp out of tolerance');
  const expected = new Webhook(secret).sign(headers['webhook-id'] ?? '', new Date(timestamp * 1000), raw);
  if (!(headers['webhook-signature'] ?? '').split(' ').includes(expected)) throw new Error('no matching signature');
  return JSON.parse(raw);
}

/**
 * An app's webhook endpoint on a real 127.0.0.1 port: verifies every delivery with the client's secret
 * (as an app would, with the `standardwebhooks` package; at the test's clock when given one), records it, and answers 204, or whatever
 * status a test scripts next. Like a well-behaved app it counts a repeated webhook-id once.
 */
export async function startFakeApp(options: { now?: () => Date; delayMs?: number } = {}) {
  let secret = '';
  const received: ReceivedWebhook[] = [];
  const script: number[] = [];
  const app = new Hono();
  app.post('/hooks', async (c) => {
    const raw = await c.req.text();
    let payload: ReceivedWebhook['payload'] = null;
    try {
      payload = (options.now ? verifyAt(options.now(), secret, raw, c.req.header()) : new Webhook(secret).verify(raw, c.req.header())) as ReceivedWebhook['payload'];
    } catch {
      // recorded with a null payload: the test sees the signature failed
    }
    received.push({ id: c.req.header('webhook-id') ?? '', timestamp: Number(c.req.header('webhook-timestamp')), payload, raw });
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const status = script.shift() ?? 204;
    return c.body(null, status as 204);
  });
  let server!: ReturnType<typeof serve>;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () => resolve((server.address() as AddressInfo).port));
  });
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    /** The secret the client was created with (shown once). */
    useSecret: (value: string) => void (secret = value),
    /** The next deliveries get these statuses instead of 204. */
    answerNext: (...statuses: number[]) => void script.push(...statuses),
    /** Each webhook once, by id, in the order first received: what an app that dedupes would process. */
    processed: () => [...new Map(received.filter((r) => r.payload).map((r) => [r.id, r])).values()],
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
