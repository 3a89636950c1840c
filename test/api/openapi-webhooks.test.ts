import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DAY_MS } from '../../src/clock.ts';
import { deliverQueued, runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { webhookWorld } from '../support/webhook-world.ts';

// The webhooks an app's endpoint really receives are what the document's `webhooks` say: the schema
// documented for each event type accepts each delivered body (signed, so its headers were there too).

describe('webhooks as delivered, against the document', async () => {
  const world = await webhookWorld();
  const doc = (await (await world.app.request('/api/v1/openapi.json')).json()) as {
    webhooks: Record<string, { post: { requestBody: { content: { 'application/json': { schema: object } } } } }>;
    components: { schemas: Record<string, unknown> };
  };
  const asDefs = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('#/components/schemas/', '#/$defs/'));
  const schemaOf = (type: string) => {
    const documented = doc.webhooks[type]?.post.requestBody.content['application/json'].schema;
    if (!documented) throw new Error(`no webhook ${type} in the document`);
    return z.fromJSONSchema({ ...asDefs(documented), $defs: asDefs(doc.components.schemas) } as Parameters<typeof z.fromJSONSchema>[0]);
  };

  it('fits the schema of its event type, for sent, opened, answered, answer_corrected and expired', async () => {
    const answered = await world.create();
    const waiting = await world.create();
    await runScheduledWork(world.deps);
    // A person's click, minutes after delivery: the provider opened it.
    world.clock.advance(120_000);
    const click = { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'sec-fetch-user': '?1', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
    expect((await world.open(waiting.replyPath, { headers: click })).status).toBe(200);
    await world.sendForm(answered.replyPath, { outcome: 'binding_contract', date: '2027-06-30' });
    await deliverQueued(world.deps);
    await world.sendForm(answered.replyPath, { outcome: 'cancelled', date: '2026-12-31' });
    world.clock.advance(30 * DAY_MS);
    await runScheduledWork(world.deps);
    expect(world.eventsFor(waiting.id)).toEqual(['cancellation_request.sent', 'cancellation_request.opened', 'cancellation_request.expired']);

    const delivered = world.endpoint.processed().map((r) => r.payload!);
    expect(new Set(delivered.map((p) => p.type))).toEqual(
      new Set(['cancellation_request.sent', 'cancellation_request.opened', 'cancellation_request.answered', 'cancellation_request.answer_corrected', 'cancellation_request.expired']),
    );
    for (const payload of delivered) {
      const parsed = schemaOf(payload.type).safeParse(payload);
      expect(parsed.error?.issues ?? [], JSON.stringify(payload)).toEqual([]);
    }
  });
});
