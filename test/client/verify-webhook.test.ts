import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/clients/api-clients.ts';
import { deliverQueued } from '../../src/lifecycle/scheduler.ts';
import type { WebhookTransport } from '../../src/webhooks/transport.ts';
import { Canceldesk, verifyWebhook } from '../../packages/client/src/index.ts';
import { ACME_GYM, JANE, addProviders, testDeps } from '../support/test-deps.ts';
import { SERVICE_URL, appFetch } from './support.ts';

// verifyWebhook against a delivery our webhook sender really made: signed with the client's secret,
// at the machine's time (the library checks the timestamp against it).

const deliveries: { url: string; headers: Record<string, string>; body: string }[] = [];
const capture: WebhookTransport = { post: async (url, { headers, body }) => (deliveries.push({ url, headers, body }), { status: 204 }) };
const { deps, app, clock } = await testDeps({}, { webhookTransport: capture });
await addProviders(deps, ACME_GYM);
const created = await createApiClient(deps, { name: 'App with webhooks', webhookUrl: 'https://app.example/hooks' });
if (created.kind === 'invalid') throw new Error(JSON.stringify(created.fields));
const secret = created.client.webhookSecret!;

clock.set(new Date().toISOString());
const cd = new Canceldesk({ apiKey: created.client.apiKey, baseUrl: SERVICE_URL, fetch: appFetch(app).fetch });
const { data: request } = await cd.requests.create({ provider: 'acme-gym', customer: JANE, reference: 'app-9' });
await deliverQueued(deps);
const [delivery] = deliveries;

describe('verifyWebhook', () => {
  it('gives the typed event of a delivery our sender signed', () => {
    expect(delivery).toBeDefined();
    const { data: event, error } = verifyWebhook({ payload: delivery!.body, headers: delivery!.headers, secret });
    expect(error).toBeNull();
    expect(event!.type).toBe('cancellation_request.sent');
    expect(event!.data).toMatchObject({ id: request!.id, reference: 'app-9', status: 'sent' });
  });

  it('reads the headers from a Headers as well as from a plain object in any case', () => {
    const shouted = Object.fromEntries(Object.entries(delivery!.headers).map(([name, value]) => [name.toUpperCase(), value]));
    expect(verifyWebhook({ payload: delivery!.body, headers: new Headers(delivery!.headers), secret }).error).toBeNull();
    expect(verifyWebhook({ payload: delivery!.body, headers: shouted, secret }).error).toBeNull();
  });

  it('refuses a delivery whose body was changed after signing', () => {
    const tampered = delivery!.body.replace('"status":"sent"', '"status":"answered"');
    expect(tampered).not.toBe(delivery!.body);
    expect(verifyWebhook({ payload: tampered, headers: delivery!.headers, secret })).toEqual({ data: null, error: { code: 'invalid_signature', message: expect.any(String) } });
  });

  it("refuses a delivery signed with another app's secret, or with no signature", () => {
    const otherSecret = `whsec_${btoa('another app secret, 32 bytes!!!')}`;
    expect(verifyWebhook({ payload: delivery!.body, headers: delivery!.headers, secret: otherSecret }).error?.code).toBe('invalid_signature');
    const { 'webhook-signature': _, ...unsigned } = delivery!.headers;
    expect(verifyWebhook({ payload: delivery!.body, headers: unsigned, secret }).error?.code).toBe('invalid_signature');
  });
});
