import type { Write } from './atomic.ts';
import type { Db, EmailReplyRow, NewEmailReplyRow } from './schema.ts';

/**
 * A received message as kept (0009). The fingerprint is unique, so the same message stored twice (a
 * retried pipe, a repeated event, two doors at once) writes one row: the second insert changes nothing
 * and the caller reads the first one back.
 */
export function insertEmailReply(db: Db, row: NewEmailReplyRow): Write {
  return db
    .insertInto('email_replies')
    .values(row)
    .onConflict((oc) => oc.column('fingerprint').doNothing())
    .compile();
}

export async function findEmailReplyByFingerprint(db: Db, fingerprint: string): Promise<EmailReplyRow | null> {
  return (await db.selectFrom('email_replies').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirst()) ?? null;
}

/** The requests whose current reply key is one of these (a re-issued link's old key finds nothing). */
export async function findRequestsByReplyKeys(db: Db, replyKeys: string[]): Promise<{ replyKey: string; requestId: string }[]> {
  if (replyKeys.length === 0) return [];
  const rows = await db
    .selectFrom('cancellation_requests')
    .select(['reply_key', 'id'])
    .where('reply_key', 'in', replyKeys)
    .execute();
  return rows.map((row) => ({ replyKey: row.reply_key!, requestId: row.id }));
}

/** An email we sent about a request, found by the Message-ID we set on it. */
export interface SentEmailByMessageId {
  messageId: string;
  requestId: string;
  emailId: string;
  emailKind: string;
}

export async function findSentEmailsByMessageIds(db: Db, messageIds: string[]): Promise<SentEmailByMessageId[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .selectFrom('outbox')
    .select(['message_id', 'request_id', 'id', 'kind'])
    .where('message_id', 'in', messageIds)
    .where('request_id', 'is not', null)
    .execute();
  return rows.map((row) => ({ messageId: row.message_id!, requestId: row.request_id!, emailId: row.id, emailKind: row.kind }));
}

/**
 * The requests with one of these references, each with its provider's addresses: a quoted reference
 * counts only from one of them (the matcher decides, so a stranger's quote is told apart from no clue).
 */
export async function findRequestsByReferences(
  db: Db,
  references: string[],
): Promise<{ reference: string; requestId: string; providerEmails: string[] }[]> {
  if (references.length === 0) return [];
  const rows = await db
    .selectFrom('cancellation_requests')
    .innerJoin('providers', 'providers.id', 'cancellation_requests.provider_id')
    .select(['cancellation_requests.reference', 'cancellation_requests.id', 'providers.emails'])
    .where('cancellation_requests.reference', 'in', references)
    .execute();
  return rows.map((row) => ({ reference: row.reference, requestId: row.id, providerEmails: JSON.parse(row.emails) as string[] }));
}
