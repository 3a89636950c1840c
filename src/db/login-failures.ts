import type { CompiledQuery } from 'kysely';
import type { Db } from './schema.ts';

/** Whose failures: keyed hashes of where a login came from and of the email it named. */
export interface FailureKeys {
  sourceKey: string;
  emailKey: string;
}

/** Times of recent failed logins, newest first, each list cut at the count that matters to the throttle. */
export interface RecentFailures {
  forEmail: string[];
  fromSource: string[];
  fromSourceForEmail: string[];
}

/** The newest failures after `since` for the email, from the source, and from the source for the email. */
export async function recentLoginFailures(
  db: Db,
  keys: FailureKeys,
  since: string,
  limits: { [kind in keyof RecentFailures]: number },
): Promise<RecentFailures> {
  const newest = async (whose: { email_key?: string; source_key?: string }, limit: number) => {
    const rows = await db
      .selectFrom('support_login_failures')
      .select('at')
      .where((eb) => eb.and(whose))
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => row.at);
  };
  const [forEmail, fromSource, fromSourceForEmail] = await Promise.all([
    newest({ email_key: keys.emailKey }, limits.forEmail),
    newest({ source_key: keys.sourceKey }, limits.fromSource),
    newest({ source_key: keys.sourceKey, email_key: keys.emailKey }, limits.fromSourceForEmail),
  ]);
  return { forEmail, fromSource, fromSourceForEmail };
}

function insertLoginFailure(db: Db, keys: FailureKeys, at: string): CompiledQuery {
  return db.insertInto('support_login_failures').values({ source_key: keys.sourceKey, email_key: keys.emailKey, at }).compile();
}

/** Drops a source's failures but its `keep` newest after `since`: what one address can make us store stays bounded. */
function keepNewestFailuresOfSource(db: Db, sourceKey: string, since: string, keep: number): CompiledQuery {
  const kept = db
    .selectFrom('support_login_failures')
    .select('id')
    .where('source_key', '=', sourceKey)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(keep);
  return db.deleteFrom('support_login_failures').where('source_key', '=', sourceKey).where('id', 'not in', kept).compile();
}

/** A wrong try, counted, with the source's rows but its `keep - 1` newest after `since` dropped in the same write. */
export function recordLoginFailure(db: Db, keys: FailureKeys, at: string, bound: { since: string; keep: number }): CompiledQuery[] {
  return [keepNewestFailuresOfSource(db, keys.sourceKey, bound.since, bound.keep - 1), insertLoginFailure(db, keys, at)];
}

/** Forgets a source's failures for one email (after it gave that email's right password). */
export function deleteLoginFailuresOf(db: Db, keys: FailureKeys): CompiledQuery {
  return db.deleteFrom('support_login_failures').where('source_key', '=', keys.sourceKey).where('email_key', '=', keys.emailKey).compile();
}

export async function hasLoginFailuresUpTo(db: Db, upTo: string): Promise<boolean> {
  return (await db.selectFrom('support_login_failures').select('id').where('at', '<=', upTo).limit(1).executeTakeFirst()) !== undefined;
}

/** The `limit` oldest failures up to a time, so one purge is a short write however many piled up. */
export function deleteLoginFailuresUpTo(db: Db, upTo: string, limit: number): CompiledQuery {
  const oldest = db.selectFrom('support_login_failures').select('id').where('at', '<=', upTo).orderBy('at').limit(limit);
  return db.deleteFrom('support_login_failures').where('id', 'in', oldest).compile();
}
