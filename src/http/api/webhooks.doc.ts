import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { PROVIDER_WEBHOOK_EVENTS, WEBHOOK_EVENTS } from '../../webhook-events.ts';
import { ProviderCancellationRequestSchema } from './provider-schemas.ts';
import { CancellationRequestSchema } from './schemas.ts';

/** The webhooks an app or a provider receives, as the document's `webhooks`: one per event, in the Standard Webhooks shape. */

const WebhookHeadersSchema = z.object({
  'webhook-id': z.string().openapi({ description: 'The message id: the same on every retry of the same message, so a repeat can be recognised', example: 'msg_4k2m9q7x1b3n8p5r6t0v' }),
  'webhook-timestamp': z.string().openapi({ description: 'When this attempt was signed, in seconds since the epoch', example: '1796601600' }),
  'webhook-signature': z.string().openapi({ description: '`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the webhook secret of the app or provider (Standard Webhooks)' }),
});

/** The envelope of one event: for an app, `data` is the request as GET /cancellation-requests/{id} showed it right after the change. */
const eventSchema = (type: string, data: z.ZodType) =>
  z.object({
    type: z.literal(type),
    timestamp: z.iso.datetime().openapi({ description: 'When the change happened' }),
    data,
  });

/** Who receives which events, and what `data` is for them. */
const AUDIENCES = [
  {
    tag: 'app',
    events: WEBHOOK_EVENTS,
    data: CancellationRequestSchema,
    where: "Sent to the app's webhook URL",
  },
  {
    tag: 'provider',
    events: PROVIDER_WEBHOOK_EVENTS,
    data: ProviderCancellationRequestSchema,
    where:
      "Sent to the provider's webhook URL (`canceldesk providers webhook`); `data` is the request as GET /provider/cancellation-requests/{id} shows it when the message is sent",
  },
] as const;

export function registerWebhooks(registry: OpenAPIHono['openAPIRegistry']) {
  for (const { tag, events, data, where } of AUDIENCES) {
    for (const [type, description] of Object.entries(events)) {
      registry.registerWebhook({
        method: 'post',
        path: type,
        operationId: type.replace(/[._](\w)/g, (_, letter: string) => letter.toUpperCase()),
        // What authenticates a webhook is its signature header, checked by the receiver, not a credential it presents.
        security: [],
        tags: [tag],
        summary: type,
        description: `${description}. ${where}; a 2xx acknowledges it, anything else is retried for about a day, and 410 Gone disables the endpoint.`,
        request: { headers: WebhookHeadersSchema, body: { required: true, content: { 'application/json': { schema: eventSchema(type, data) } } } },
        responses: {
          200: { description: 'Received (any 2xx)' },
          410: { description: 'Gone: stop sending; the endpoint is disabled until its URL is set again' },
        },
      });
    }
  }
}
