import { type CompiledQuery, expressionBuilder, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import { type Guard, insertRow } from './requests.ts';
import type { Database, Db, NewOutboxRow, OutboxBodiesTable, OutboxRow, OutboxStatus } from './schema.ts';

/** An outbox email as the rest of the code sees it: recipients as a list, not the stored JSON, with its bodies. */
export interface OutboxEmail extends Omit<OutboxRow, 'recipients'>, Pick<OutboxBodyRow, 'html' | 'text'> {
  recipients: string[];
}

type OutboxBodyRow = Selectable<OutboxBodiesTable>;

const toOutboxEmail = (row: OutboxRow & Pick<OutboxBodyRow, 'html' | 'text'>): OutboxEmail => ({ ...row, recipients: JSON.parse(row.recipients) });

/** The email's row and, apart, its bodies (0006_outbox_bodies.sql): written only where the row was. */
export function enqueueEmail(
  db: Db,
  email: Omit<NewOutboxRow, 'recipients'> & { recipients: string[]; html: string; text: string },
  onlyIf?: Guard,
): CompiledQuery[] {
  return enqueueStoredEmail(db, { ...email, recipients: JSON.stringify(email.recipients) }, onlyIf);
}

/** enqueueEmail with the recipients as stored (JSON): the row, then its bodies once the row is there. */
export function enqueueStoredEmail(db: Db, email: NewOutboxRow & { html: string; text: string }, onlyIf?: Guard): CompiledQuery[] {
  const { html, text, ...row } = email;
  const rowWritten = expressionBuilder<Database, never>().exists((eb) => eb.selectFrom('outbox').select('outbox.id').where('outbox.id', '=', email.id));
  return [
    insertRow(db, 'outbox', row as Record<string, string | number | null>, onlyIf),
    insertRow(db, 'outbox_bodies', { outbox_id: email.id, html, text }, rowWritten),
  ];
}

/** Outbox rows with their bodies joined. */
const withBodies = (db: Db) =>
  db.selectFrom('outbox').innerJoin('outbox_bodies', 'outbox_bodies.outbox_id', 'outbox.id').selectAll('outbox').select(['outbox_bodies.html', 'outbox_bodies.text']);

export interface Claim {
  id: string;
  /** Takes emails due by this time whose lease (if any) had lapsed by then. */
  dueBy: string;
  leaseUntil: string;
}

/**
 * Takes up to `limit` due emails for this sender in one statement, so two senders never take the
 * same row. The lease lapses on its own if this sender dies, and the email is then taken again; from
 * then on the first sender's writes (all guarded by its claim id) change nothing.
 */
export async function claimDueEmails(db: Db, claim: Claim, limit: number): Promise<OutboxEmail[]> {
  // Emails of a batch go out only with their batch (claimLapsedBatch).
  const pick = dueRows(db, claim.dueBy).where((eb) => eb.or([eb('batch_id', 'is', null), eb('batch_id', '=', '')]));
  return claimWhere(db, claim, 'id', pick.select('id').limit(limit));
}

/**
 * Takes up to `limit` due emails that are in no batch yet and makes them batch `batchId`, in the same
 * statement: from then on they are sent together under that batch's key, or not at all.
 */
export async function claimNewBatch(db: Db, claim: Claim, batchId: string, limit: number): Promise<OutboxEmail[]> {
  const pick = dueRows(db, claim.dueBy).where('batch_id', 'is', null);
  return claimWhere(db, claim, 'id', pick.select('id').limit(limit), { batch_id: batchId });
}

/**
 * Takes every email of one batch whose sender's lease lapsed (it crashed, or the batch waits for a
 * retry), in batch order: the batch goes again exactly as it went before.
 */
export async function claimLapsedBatch(db: Db, claim: Claim): Promise<OutboxEmail[]> {
  const rows = await claimWhere(db, claim, 'batch_id', queuedBatches(db, claim.dueBy).select('batch_id').limit(1));
  return rows.sort(inBatchOrder);
}

/**
 * Due batches, read from the partial index of queued batched emails (a few rows at any time) rather
 * than by walking every queued email, which took a quarter of a second per batch with 100,000 queued.
 * The literal conditions are the index's own (SQLite uses a partial index only when it sees them);
 * `+next_attempt_at` keeps outbox_queued's range out of the planner's choice.
 */
const queuedBatches = (db: Db, dueBy: string) => {
  const dueAt = sql<string>`+next_attempt_at`;
  return db
    .selectFrom('outbox')
    .where('status', '=', sql.lit('queued'))
    .where('batch_id', 'is not', null)
    .where('batch_id', '<>', sql.lit(''))
    .where(dueAt, '<=', dueBy)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', dueBy)]))
    .orderBy(dueAt);
};

/** A batch's emails always go in the order of their ids, so a batch sent again is the same payload. */
export const inBatchOrder = (a: OutboxEmail, b: OutboxEmail): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Queued emails due by `dueBy` whose lease (if any) had lapsed by then, oldest due first: read from the
 * partial index outbox_queued alone (its literal condition is named here as SQLite requires).
 */
const dueRows = (db: Db, dueBy: string) =>
  db
    .selectFrom('outbox')
    .where('status', '=', sql.lit('queued'))
    .where('next_attempt_at', '<=', dueBy)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', dueBy)]))
    .orderBy('next_attempt_at');

/** One UPDATE … RETURNING over the rows `pick` names (by id, or by batch), so two senders never take the same row. */
async function claimWhere(
  db: Db,
  claim: Claim,
  by: 'id' | 'batch_id',
  pick: SelectQueryBuilder<Database, 'outbox', Record<string, unknown>>,
  extra: { batch_id?: string } = {},
): Promise<OutboxEmail[]> {
  const rows = await db
    .updateTable('outbox')
    .set((eb) => ({ lease_until: claim.leaseUntil, claim_id: claim.id, attempts: eb('attempts', '+', 1), ...extra }))
    .where(by, 'in', pick as SelectQueryBuilder<Database, 'outbox', { [by]: string }>)
    // `+status`: a batch's emails are found by batch_id; an index on status would walk every queued email.
    .where(sql<string>`+status`, '=', 'queued')
    .returningAll()
    .execute();
  if (rows.length === 0) return [];
  const bodies = await db.selectFrom('outbox_bodies').selectAll().where('outbox_id', 'in', rows.map((row) => row.id)).execute();
  const bodyOf = new Map(bodies.map((body) => [body.outbox_id, body]));
  return rows.map((row) => toOutboxEmail({ ...row, html: bodyOf.get(row.id)?.html ?? '', text: bodyOf.get(row.id)?.text ?? '' }));
}

/** An email this sender holds: its id and the claim it was taken under. */
export interface HeldEmail {
  id: string;
  claimId: string;
}

/** True while the email is still this sender's and now stands at `status`: the guard for the request's writes about the email's result. */
export function stillHeldAs(email: HeldEmail, status: OutboxStatus): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(
    eb
      .selectFrom('outbox')
      .select('outbox.id')
      .where('outbox.id', '=', email.id)
      .where('outbox.claim_id', '=', email.claimId)
      // A literal, not a bound value: beside another table SQLite weighs the partial indexes on
      // `status = 'queued'` against a bound status and then prepares the statement again at every run.
      .where('outbox.status', '=', sql.lit(status)),
  );
}

const heldBy = (db: Db, email: HeldEmail) =>
  db.updateTable('outbox').where('id', '=', email.id).where('claim_id', '=', email.claimId).where('status', '=', 'queued');

export function markEmailSent(db: Db, email: HeldEmail, messageId: string, now: string): CompiledQuery {
  return heldBy(db, email)
    .set({ status: 'sent', sent_at: now, provider_message_id: messageId, lease_until: null, last_error: null })
    .compile();
}

/** `countAttempt: false` hands back the attempt the claim counted (a rate limit is not a failure). */
export function scheduleRetry(db: Db, email: HeldEmail, nextAttemptAt: string, error: string, options: { countAttempt: boolean }): CompiledQuery {
  return heldBy(db, email)
    .set((eb) => ({
      next_attempt_at: nextAttemptAt,
      lease_until: null,
      last_error: error,
      ...(options.countAttempt ? {} : { attempts: eb('attempts', '-', 1) }),
    }))
    .compile();
}

/**
 * Takes an email out of a batch the mail API refused as a whole (so none of it was sent), to be sent on
 * its own with its own key: the attempt is handed back, the one email at fault then fails alone.
 */
export function sendOnItsOwn(db: Db, email: HeldEmail, error: string): CompiledQuery {
  return heldBy(db, email)
    .set((eb) => ({ batch_id: '', lease_until: null, last_error: error, attempts: eb('attempts', '-', 1) }))
    .compile();
}

export function markEmailFailed(db: Db, email: HeldEmail, error: string): CompiledQuery {
  return heldBy(db, email).set({ status: 'failed', lease_until: null, last_error: error }).compile();
}

export async function countQueuedEmails(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '=', sql.lit('queued'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface OutboxFilter {
  to?: string;
  requestId?: string;
}

/** Newest first. Recipients are a JSON array, so `to` matches one exact address inside it. */
export async function listOutbox(db: Db, filter: OutboxFilter = {}, limit = 200): Promise<OutboxEmail[]> {
  // Same-moment emails (a create and a re-send in one millisecond) in the order they were written.
  let query = withBodies(db).orderBy('outbox.created_at', 'desc').orderBy(sql`outbox.rowid`, 'desc').limit(limit);
  if (filter.requestId) query = query.where('outbox.request_id', '=', filter.requestId);
  if (filter.to) {
    const to = filter.to.toLowerCase();
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom(eb.fn<{ value: string }>('json_each', ['outbox.recipients']).as('recipient'))
          .select('recipient.value')
          .where('recipient.value', '=', to),
      ),
    );
  }
  return (await query.execute()).map(toOutboxEmail);
}

export async function findOutboxEmail(db: Db, id: string): Promise<OutboxEmail | null> {
  const row = await withBodies(db).where('outbox.id', '=', id).executeTakeFirst();
  return row ? toOutboxEmail(row) : null;
}

/** The email the mail provider knows by this id (from its delivery events). */
export async function findOutboxBySentId(db: Db, providerMessageId: string): Promise<OutboxEmail | null> {
  const row = await withBodies(db).where('outbox.provider_message_id', '=', providerMessageId).executeTakeFirst();
  return row ? toOutboxEmail(row) : null;
}

/** Keeps what the mail provider said about a sent email that never arrived, for support and `outbox list`. */
export function noteDeliveryProblem(db: Db, id: string, problem: string, onlyIf: Guard): CompiledQuery {
  return db.updateTable('outbox').set({ last_error: problem }).where('id', '=', id).where(onlyIf).compile();
}
