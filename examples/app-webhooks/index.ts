// An app that hears about its cancellations by webhook, with @canceldesk/client. Against `npm start`:
//   npm run cli -- clients create --name "Webhook app" --webhook-url http://127.0.0.1:3000/webhooks/canceldesk
//   CANCELDESK_WEBHOOK_SECRET=whsec_… npx tsx examples/app-webhooks/index.ts
// then create a request with that client's API key: each status change arrives here, verified.
import { createServer } from 'node:http';
import { verifyWebhook, type WebhookEvent } from '@canceldesk/client';

const secret = process.env.CANCELDESK_WEBHOOK_SECRET;
if (!secret) throw new Error('Set CANCELDESK_WEBHOOK_SECRET to the whsec_… secret `clients create` printed');
const port = Number(process.env.PORT ?? 3000);
// A retry carries the same webhook-id: act on each event once (a real app keeps these in its database).
const handled = new Set<string>();

const server = createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/webhooks/canceldesk') return void res.writeHead(404).end();
  let payload = '';
  for await (const chunk of req) payload += chunk;
  // The raw body, before any JSON parsing: the signature covers its exact bytes.
  const { data: event, error } = verifyWebhook({ payload, headers: req.headers, secret });
  if (error) {
    console.log(`refused a webhook: ${error.message}`);
    return void res.writeHead(400).end();
  }
  const id = String(req.headers['webhook-id']);
  if (!handled.has(id)) {
    handled.add(id);
    console.log(describe(event));
  }
  res.writeHead(204).end();
});
server.listen(port, '127.0.0.1', () => console.log(`listening for Canceldesk webhooks on http://127.0.0.1:${port}/webhooks/canceldesk`));

function describe(event: WebhookEvent): string {
  const request = event.data;
  switch (event.type) {
    case 'cancellation_request.answered':
    case 'cancellation_request.answer_corrected':
      return `${event.type} ${request.id}: ${request.outcome?.type}`;
    default:
      return `${event.type} ${request.id}: ${request.status}`;
  }
}
