import type { CompiledQuery } from 'kysely';
import type { Db, SupportAccountRow } from './schema.ts';

/** A support account as the session knows it: who, never the password hash. */
export interface Supporter {
  id: string;
  email: string;
}

export function insertSupportAccount(db: Db, row: SupportAccountRow): CompiledQuery {
  return db.insertInto('support_accounts').values(row).compile();
}

/** `email` as stored: trimmed and lower-cased by the caller. */
export async function findSupportAccountByEmail(db: Db, email: string): Promise<SupportAccountRow | null> {
  return (await db.selectFrom('support_accounts').selectAll().where('email', '=', email).executeTakeFirst()) ?? null;
}

export function insertSupportSession(
  db: Db,
  row: { token_hash: string; account_id: string; created_at: string; expires_at: string },
): CompiledQuery {
  return db.insertInto('support_sessions').values(row).compile();
}

/** The account behind a session that has not expired by `now` (an ISO time, compared as text). */
export async function findLiveSupportSession(db: Db, tokenHash: string, now: string): Promise<Supporter | null> {
  const row = await db
    .selectFrom('support_sessions')
    .innerJoin('support_accounts', 'support_accounts.id', 'support_sessions.account_id')
    .select(['support_accounts.id', 'support_accounts.email'])
    .where('support_sessions.token_hash', '=', tokenHash)
    .where('support_sessions.expires_at', '>', now)
    .executeTakeFirst();
  return row ?? null;
}

export function deleteSupportSession(db: Db, tokenHash: string): CompiledQuery {
  return db.deleteFrom('support_sessions').where('token_hash', '=', tokenHash).compile();
}

/** An account's sessions that ran out by `now`: nothing can use them, so they need not be kept. */
export function deleteExpiredSupportSessions(db: Db, accountId: string, now: string): CompiledQuery {
  return db.deleteFrom('support_sessions').where('account_id', '=', accountId).where('expires_at', '<=', now).compile();
}
