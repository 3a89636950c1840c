import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
// The verifier alone: the package's index also loads Svix's whole API client, which we do not use.
import { Webhook } from 'svix/dist/webhook.js';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { receiveFromResend } from '../../email-replies/receive-from-resend.ts';
import { RECEIVED_EMAIL_LIMITS } from '../../email-replies/received-email.ts';
import { resendReceivedMail } from '../../mail/resend-receiving.ts';
import { recordDeliveryEvent } from '../../requests/delivery-events.ts';
import { apiError } from '../errors.ts';

const MAX_EVENT_BYTES = 256 * 1024;

/** The part of Resend's event we act on; everything else in it is ignored. */
const resendEvent = z.looseObject({
  type: z.string().max(100),
  data: z.looseObject({
    email_id: z.string().min(1).max(200),
    bounce: z.looseObject({ message: z.string().max(2000).optional() }).optional(),
    failed: z.looseObject({ reason: z.string().max(2000).optional() }).optional(),
  }),
});

/**
 * `POST /webhooks/resend`: Resend's delivery events and received emails (`email.received`), signed by Svix. The signature is checked on the
 * raw body before anything is parsed, and an old timestamp is refused (svix allows five minutes), so
 * a captured event cannot be replayed later. Only mounted when RESEND_WEBHOOK_SECRET is set.
 */
export function resendWebhookRoutes(deps: Deps, secret: string) {
  const verifier = new Webhook(secret);
  // With the sending side's key and base URL: one Resend account sends and receives.
  const mailbox = deps.config.resend
    ? resendReceivedMail({ apiKey: deps.config.resend.apiKey, baseUrl: deps.config.resend.baseUrl, maxBytes: RECEIVED_EMAIL_LIMITS.maxRawBytes })
    : null;
  const app = new Hono();
  app.post('/', bodyLimit({ maxSize: MAX_EVENT_BYTES, onError: (c) => apiError(c, 413, 'payload_too_large', 'The event is too large') }), async (c) => {
    const raw = await c.req.text();
    const svixId = c.req.header('svix-id') ?? '';
    let payload: unknown;
    try {
      payload = verifier.verify(raw, {
        'svix-id': svixId,
        'svix-timestamp': c.req.header('svix-timestamp') ?? '',
        'svix-signature': c.req.header('svix-signature') ?? '',
      });
    } catch {
      return apiError(c, 401, 'unauthorized', 'The event signature or timestamp does not verify');
    }
    const event = resendEvent.safeParse(payload);
    if (!event.success || !/^[A-Za-z0-9_-]{1,100}$/.test(svixId)) {
      // Signed by Resend but not a shape we know: acknowledged, so Resend does not retry it for days.
      deps.log(`[resend] ignored an event of an unknown shape`);
      return c.json({ ok: true, result: 'ignored' });
    }
    const { type, data } = event.data;
    if (type === 'email.received') {
      // Failing to fetch is Resend's side: a 503 has Svix send the event again, so no reply is lost.
      const reception = mailbox ? await receiveFromResend(deps, mailbox, data.email_id) : { kind: 'unavailable' as const };
      if (!mailbox) deps.log('[resend] a received email cannot be fetched without RESEND_API_KEY');
      if (reception.kind === 'unavailable') return apiError(c, 503, 'upstream_unavailable', 'The received email could not be fetched from Resend; send the event again');
      // Refused (empty, over-size) is acknowledged too: the same message again would be refused again.
      return c.json({ ok: true, result: reception.kind });
    }
    const result = await recordDeliveryEvent(deps, {
      id: svixId,
      type,
      emailId: data.email_id,
      reason: data.bounce?.message ?? data.failed?.reason ?? null,
    });
    return c.json({ ok: true, result });
  });
  return app;
}
