import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Deps } from '../../src/deps.ts';
import { emailSentWrites, type SentResult, sentBatchWrites } from '../../src/db/email-results.ts';
import { claimNewBatch, type OutboxEmail } from '../../src/db/outbox.ts';

// A batch's sent emails are written as one statement per kind of row (sentBatchWrites). They must leave
// exactly the rows the one-by-one writes (emailSentWrites) leave, under the same guards: checked by
// the Node tests on SQLite and inside workerd on D1 alike. Nothing here may import a runtime.

type SentBatchDeps = Pick<Deps, 'db' | 'atomic'>;
/** Creates a queued request (its email queued) and says its id. */
type NewRequest = () => Promise<string>;
const at = '2026-11-21T10:05:00.000Z';
let claims = 0;

/** `count` new requests, their emails (and no other) claimed as one batch. */
async function claimedBatch(deps: SentBatchDeps, newRequest: NewRequest, count: number): Promise<OutboxEmail[]> {
  const claim = () => ({ id: `clm_${++claims}`, dueBy: '2100-01-01T00:00:00.000Z', leaseUntil: '2100-01-01T00:00:00.000Z' });
  // Other tests' emails still queued in the same database are put aside under a claim of their own.
  while ((await claimNewBatch(deps.db, claim(), `bat_aside_${claims}`, 100)).length > 0);
  for (let i = 0; i < count; i++) await newRequest();
  return claimNewBatch(deps.db, claim(), `bat_${claims}`, 100);
}
const sentOf = (email: OutboxEmail, i: number): SentResult => ({
  emailId: email.id, requestId: email.request_id, messageId: `re_${email.id}`, webhookMessageId: `msg_${email.id}_${i}`, historyId: `ev_${email.id}_${i}`,
  detail: JSON.stringify({ kind: email.kind, attempt: email.attempts }),
});

/** Everything written about these emails and their requests, without ids. */
async function rowsOf(deps: SentBatchDeps, emails: OutboxEmail[]) {
  const ids = emails.map((email) => email.request_id!);
  return Promise.all(
    ids.map(async (id) => ({
      email: await deps.db
        .selectFrom('outbox')
        .select((eb) => ['status', 'sent_at', 'lease_until', 'last_error', 'attempts', eb(eb.ref('provider_message_id'), '=', eb(eb.val('re_'), '||', eb.ref('id'))).as('its_message_id')])
        .where('request_id', '=', id)
        .execute(),
      request: await deps.db.selectFrom('cancellation_requests').select(['status', 'updated_at', 'waiting_since', 'reminders_sent', 'lifecycle_due_at']).where('id', '=', id).executeTakeFirst(),
      history: await deps.db.selectFrom('request_history').select(['at', 'actor', 'event', 'detail']).where('request_id', '=', id).where('event', '=', 'email_sent').execute(),
      webhooks: await deps.db
        .selectFrom('webhook_messages')
        .select(['event', 'status', 'outcome', 'answered_at', 'follow_up', 'first_opened_at', 'updated_at', 'created_at', 'next_attempt_at'])
        .select((eb) => eb(eb.ref('client_id'), '=', eb.selectFrom('cancellation_requests as r').select('r.client_id').where('r.id', '=', id)).as('its_client'))
        .where('request_id', '=', id)
        .where('event', '=', 'cancellation_request.sent')
        .execute(),
    })),
  );
}
const changeSeqs = async (deps: SentBatchDeps, emails: OutboxEmail[]) =>
  Promise.all(emails.map(async (email) => (await deps.db.selectFrom('cancellation_requests').select('change_seq').where('id', '=', email.request_id!).executeTakeFirstOrThrow()).change_seq));
const latestChange = async (deps: SentBatchDeps) => (await sql<{ n: number }>`SELECT max(change_seq) AS n FROM cancellation_requests`.execute(deps.db)).rows[0]!.n;


/** Four statements for a batch of any size, leaving the rows the one-by-one writes leave. */
export async function sameRowsAsOneByOne(deps: SentBatchDeps, newRequest: NewRequest): Promise<void> {
  const oneByOne = await claimedBatch(deps, newRequest, 3);
  await deps.atomic(oneByOne.flatMap((email, i) => emailSentWrites(deps.db, { ...sentOf(email, i), requestId: email.request_id!, claimId: email.claim_id!, at })));
  const batch = await claimedBatch(deps, newRequest, 3);
  const writes = sentBatchWrites(deps.db, { claimId: batch[0]!.claim_id!, at, emails: batch.map(sentOf) });
  expect(writes).toHaveLength(4);
  await deps.atomic(writes);
  expect(await rowsOf(deps, batch)).toEqual(await rowsOf(deps, oneByOne));
  expect((await rowsOf(deps, batch))[0]).toMatchObject({ request: { status: 'sent' }, history: [{ event: 'email_sent' }], webhooks: [{ status: 'sent' }] });
}

/** Each request moved gets the next change number, in batch order. */
export async function nextChangeNumbers(deps: SentBatchDeps, newRequest: NewRequest): Promise<void> {
  const batch = await claimedBatch(deps, newRequest, 5);
  const before = await latestChange(deps);
  await deps.atomic(sentBatchWrites(deps.db, { claimId: batch[0]!.claim_id!, at, emails: batch.map(sentOf) }));
  expect(await changeSeqs(deps, batch)).toEqual([1, 2, 3, 4, 5].map((n) => before + n));
}

/** Nothing is written for an email another sender took meanwhile. */
export async function nothingForATakenEmail(deps: SentBatchDeps, newRequest: NewRequest): Promise<void> {
  const [kept, taken] = (await claimedBatch(deps, newRequest, 2)) as [OutboxEmail, OutboxEmail];
  await deps.db.updateTable('outbox').set({ claim_id: 'clm_other' }).where('id', '=', taken.id).execute();
  await deps.atomic(sentBatchWrites(deps.db, { claimId: kept.claim_id!, at, emails: [kept, taken].map(sentOf) }));
  const [keptRows, takenRows] = await rowsOf(deps, [kept, taken]);
  expect(keptRows).toMatchObject({ email: [{ status: 'sent' }], request: { status: 'sent' }, history: [{}], webhooks: [{}] });
  expect(takenRows).toMatchObject({ email: [{ status: 'queued' }], request: { status: 'queued' }, history: [], webhooks: [] });
}

/** A request with two emails in the batch moves once; both emails keep their history. */
export async function twoEmailsOfOneRequest(deps: SentBatchDeps, newRequest: NewRequest): Promise<void> {
  const [email] = (await claimedBatch(deps, newRequest, 1)) as [OutboxEmail];
  const twin = { ...email, id: `${email.id}_twin` };
  // A second email of the same request, claimed in the same batch.
  await sql`INSERT INTO outbox (id, request_id, kind, recipients, reply_to, subject, idempotency_key, status, attempts, next_attempt_at, created_at, claim_id, batch_id)
    SELECT ${twin.id}, request_id, kind, recipients, reply_to, subject, ${`outbox/${twin.id}`}, status, attempts, next_attempt_at, created_at, claim_id, batch_id FROM outbox WHERE id = ${email.id}`.execute(deps.db);
  const before = await latestChange(deps);
  await deps.atomic(sentBatchWrites(deps.db, { claimId: email.claim_id!, at, emails: [email, twin].map(sentOf) }));
  const [rows] = await rowsOf(deps, [email]);
  expect(rows).toMatchObject({ email: [{ status: 'sent' }, { status: 'sent' }], request: { status: 'sent' }, webhooks: [{}] });
  expect(rows!.history).toHaveLength(2);
  expect(await changeSeqs(deps, [email])).toEqual([before + 1]);
}
