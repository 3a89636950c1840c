import type { Config, TokenKey } from '../config.ts';
import { hmacKey, hmacSha256Hex } from '../crypto.ts';
import type { Write } from '../db/atomic.ts';
import {
  type FailureKeys,
  type RecentFailures,
  deleteLoginFailuresOf,
  deleteLoginFailuresUpTo,
  hasLoginFailuresUpTo,
  recentLoginFailures,
  recordLoginFailure,
} from '../db/login-failures.ts';
import type { Db } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

export type { FailureKeys, RecentFailures } from '../db/login-failures.ts';

/**
 * Password guessing is slowed per source (the client's address) and per email, over a sliding window:
 * - a source that got one email's password wrong FAILURES_ALLOWED times waits before trying that email again;
 * - a source with SOURCE_FAILURES_ALLOWED failures over all emails waits before trying any;
 * - an email with EMAIL_FAILURES_ALLOWED failures from all sources holds back every source that has
 *   failed on it (guessing from many addresses), but not one that has not: someone else's wrong tries
 *   never lock a supporter out.
 * Unknown emails are counted the same way, so a wait says nothing about which emails have accounts.
 */
export const FAILURES_ALLOWED = 5;
export const SOURCE_FAILURES_ALLOWED = 20;
export const EMAIL_FAILURES_ALLOWED = 10;
export const WINDOW_MS = 15 * 60 * 1000;

/** A source's rows kept at most: enough to hold it back, so a flood of new emails cannot fill the disk. */
export const ROWS_PER_SOURCE = SOURCE_FAILURES_ALLOWED;

/** How many of each kind the rule needs to see. */
const NEEDED = { forEmail: EMAIL_FAILURES_ALLOWED, fromSource: SOURCE_FAILURES_ALLOWED, fromSourceForEmail: FAILURES_ALLOWED };

/** Seconds this source must wait before trying this email, from its recent failures (newest first); 0 when it may try now. */
export function waitSeconds(recent: RecentFailures, now: Date): number {
  const failedOnEmail = recent.fromSourceForEmail;
  const until = Math.max(
    heldUntil(failedOnEmail, FAILURES_ALLOWED),
    heldUntil(recent.fromSource, SOURCE_FAILURES_ALLOWED),
    // Held by the email's count only until this source's own failures on it have left the window.
    failedOnEmail.length > 0 ? Math.min(heldUntil(recent.forEmail, EMAIL_FAILURES_ALLOWED), leavesWindow(failedOnEmail.at(-1)!)) : 0,
  );
  return until > now.getTime() ? Math.max(1, Math.ceil((until - now.getTime()) / 1000)) : 0;
}

const leavesWindow = (at: string): number => Date.parse(at) + WINDOW_MS;

/** When `allowed` failures (newest first) no longer all lie in the window; 0 when there are fewer. */
const heldUntil = (newestFirst: string[], allowed: number): number =>
  newestFirst.length >= allowed ? leavesWindow(newestFirst[allowed - 1]!) : 0;

const windowStart = (now: Date): string => new Date(now.getTime() - WINDOW_MS).toISOString();

export async function loginWaitSeconds(db: Db, keys: FailureKeys, now: Date): Promise<number> {
  return waitSeconds(await recentLoginFailures(db, keys, windowStart(now), NEEDED), now);
}

/** A wrong try: counted, with the source's stale rows and any beyond its bound dropped in the same write. */
export const failedLogin = (db: Db, keys: FailureKeys, now: Date): Write[] =>
  recordLoginFailure(db, keys, now.toISOString(), { since: windowStart(now), keep: ROWS_PER_SOURCE });

/** A right one: this source starts afresh on this email (another source's failures still count against it). */
export const succeededLogin = (db: Db, keys: FailureKeys): Write => deleteLoginFailuresOf(db, keys);

/**
 * The table holds keyed hashes, never an address or an email. The key is derived from the signing
 * secret rather than configured apart; rotating that secret only starts the counts afresh.
 */
export async function failureKeys(config: Pick<Config, 'tokenKeys'>, source: string, email: string): Promise<FailureKeys> {
  const key = await failureHashKey(config.tokenKeys[0]!);
  const [sourceKey, emailKey] = await Promise.all([hmacSha256Hex(key, `source:${source}`), hmacSha256Hex(key, `email:${email}`)]);
  return { sourceKey, emailKey };
}

// Derived once per signing key: WebCrypto calls go through Node's thread pool, the one PBKDF2 needs.
const failureHashKeys = new WeakMap<TokenKey, Promise<CryptoKey>>();

function failureHashKey(signing: TokenKey): Promise<CryptoKey> {
  let key = failureHashKeys.get(signing);
  if (!key) {
    key = hmacKey(signing.secret).then((signingKey) => hmacSha256Hex(signingKey, 'login-failures')).then(hmacKey);
    failureHashKeys.set(signing, key);
  }
  return key;
}

/** Rows deleted per atomic unit when forgetting: keeps each write short (THREATS 17). */
const PER_UNIT = 1_000;

/** Forgets failures that have left the window (the scheduler's job; a login only tidies its own source). */
export async function forgetStaleLoginFailures(deps: Pick<Deps, 'db' | 'atomic' | 'clock'>, maxUnits = 50): Promise<void> {
  const cutoff = windowStart(deps.clock.now());
  for (let unit = 0; unit < maxUnits && (await hasLoginFailuresUpTo(deps.db, cutoff)); unit++) {
    await deps.atomic([deleteLoginFailuresUpTo(deps.db, cutoff, PER_UNIT)]);
  }
}
