import { afterAll, expect } from 'vitest';
import { sql } from 'kysely';
import { listOutbox } from '../../src/db/outbox.ts';
import type { Deps } from '../../src/deps.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { resendMailer } from '../../src/mail/resend.ts';
import { startFakeResend } from './fake-resend.ts';
import { ACME_GYM, JANE, addClient, addProviders, apiAs, testDeps } from './test-deps.ts';

// Shared scaffolding for the outbox tests (test/outbox/drain.*.test.ts).
//
// testDeps and startFakeResend register their own cleanup with afterAll, which only works while
// vitest is collecting: so every scenario sets itself up in the body of an async describe.
// Call world() the same way.

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const LEASE = MINUTE; // drain.ts holds a claimed email this long

export const rateLimited = (retryAfterSeconds: number) => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  body: { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests. Limit is 2 per second.' },
});
export const unavailable = { status: 503, body: { statusCode: 503, name: 'service_unavailable', message: 'Try again later.' } };
export const invalidTo = { status: 422, body: { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' } };

/** One isolated world: its own database, its own fake Resend, a provider and an app with an API key. */
/**
 * `batches: true` sends through Resend's batch endpoint as production does; the default sends one
 * email per call, the path a mailer without batches (and an email taken out of a refused batch) takes.
 */
export async function world(options: { wrapMailer?: (mailer: Mailer) => Mailer; deps?: Partial<Deps>; batches?: boolean } = {}) {
  const fake = await startFakeResend();
  afterAll(() => fake.close());
  const resend = resendMailer({ apiKey: 're_test', baseUrl: fake.baseUrl, batches: options.batches ?? false });
  const mailer = options.wrapMailer ? options.wrapMailer(resend) : resend;
  const { deps, clock, app, dbFile } = await testDeps(
    { MAIL_FROM: 'Canceldesk <cancellations@canceldesk.test>', MAIL_REPLY_TO: 'help@canceldesk.test' },
    { mailer, ...options.deps },
  );
  await addProviders(deps, ACME_GYM);
  const client = await addClient(deps);
  const api = apiAs(app, client.apiKey);

  return {
    fake,
    deps,
    clock,
    dbFile,
    client,
    /** Creates a request as an app would; returns its id. */
    async createRequest(reference = 'app-1'): Promise<string> {
      const response = await api.post('/cancellation-requests', { provider: ACME_GYM.id, customer: JANE, reference });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    },
    /** The status as the app sees it, through the API. */
    async statusOf(requestId: string): Promise<string> {
      const response = await api.get(`/cancellation-requests/${requestId}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { status: string }).status;
    },
    async emailOf(requestId: string) {
      const [email, ...more] = await listOutbox(deps.db, { requestId });
      expect(more).toHaveLength(0);
      return email!;
    },
    async historyOf(requestId: string) {
      return deps.db
        .selectFrom('request_history')
        .select(['event', 'actor', 'at', 'detail'])
        .where('request_id', '=', requestId)
        .orderBy('at')
        .orderBy(sql`rowid`)
        .execute();
    },
    /** What reached the fake with this idempotency key: every attempt, and the deliveries it made. */
    attemptsWithKey: (key: string) => fake.requests.filter((r) => r.idempotencyKey === key),
    deliveriesWithKey: (key: string) => [...fake.accepted.values()].filter((a) => a.idempotencyKey === key),
  };
}
