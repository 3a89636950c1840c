import type { CompiledQuery } from 'kysely';
import { deleteLoginFailures, insertLoginFailure, loginFailuresSince } from '../db/support-accounts.ts';
import type { Db } from '../db/schema.ts';

/**
 * Password guessing is slowed per email: after FAILURES_ALLOWED wrong tries within the window, that
 * email waits until the oldest of them leaves it. Unknown emails are counted the same way, so the wait
 * says nothing about which emails have accounts. A locked-out supporter waits at most WINDOW_MS.
 */
export const FAILURES_ALLOWED = 5;
export const WINDOW_MS = 15 * 60 * 1000;

/** Seconds this email must wait before the next try; 0 when it may try now. */
export async function loginWaitSeconds(db: Db, email: string, now: Date): Promise<number> {
  const failures = await loginFailuresSince(db, email, new Date(now.getTime() - WINDOW_MS).toISOString());
  if (failures.length < FAILURES_ALLOWED) return 0;
  const oldest = Date.parse(failures[failures.length - FAILURES_ALLOWED]!);
  return Math.max(1, Math.ceil((oldest + WINDOW_MS - now.getTime()) / 1000));
}

/** A wrong try: counted, and the ones that have left the window dropped. */
export const failedLogin = (db: Db, email: string, now: Date): CompiledQuery[] => [
  deleteLoginFailures(db, email, new Date(now.getTime() - WINDOW_MS).toISOString()),
  insertLoginFailure(db, email, now.toISOString()),
];

/** A right one: the email starts afresh. */
export const succeededLogin = (db: Db, email: string, now: Date): CompiledQuery => deleteLoginFailures(db, email, now.toISOString());
