import { z } from 'zod';
import { randomSecret, sha256Hex } from '../crypto.ts';
import { isUniqueViolation } from '../db/atomic.ts';
import {
  type Supporter,
  deleteExpiredSupportSessions,
  deleteSupportSession,
  findLiveSupportSession,
  findSupportAccountByEmail,
  insertSupportAccount,
  insertSupportSession,
} from '../db/support-accounts.ts';
import type { Deps } from '../deps.ts';
import { type FieldErrors, fieldErrors } from '../validation.ts';
import { failedLogin, failureKeys, loginWaitSeconds, succeededLogin } from './login-throttle.ts';
import { PBKDF2_ITERATIONS, hashPassword, verifyPassword } from './password.ts';

export type { Supporter } from '../db/support-accounts.ts';

/**
 * Support accounts are the operator's staff. An account is created by the operator (CLI) with a random
 * one-time password; logging in gives a session whose token lives only with the browser or API caller.
 * Only the token's SHA-256 is stored: it is a long random secret, so a fast hash is enough.
 */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** 18 random bytes: 24 url-safe characters, safe to paste into any login form. */
const PASSWORD_BYTES = 18;

/** The longest email an address can be (RFC 5321's path limit less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

/** An email as accounts are created and logins are checked: trimmed and lower-cased. */
export const supportEmail = z.string().trim().toLowerCase().max(EMAIL_MAX_LENGTH).pipe(z.email('must be an email address'));

export const newSupportAccountInput = z.strictObject({ email: supportEmail });

export interface NewSupportAccount extends Supporter {
  /** Shown once to the operator; only its PBKDF2 hash is kept. */
  password: string;
}

export interface SupportSession {
  token: string;
  expiresAt: string;
  account: Supporter;
}

type AccountDeps = Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids'>;

const ALREADY_TAKEN: FieldErrors = { email: 'already has a support account' };

export async function createSupportAccount(
  deps: AccountDeps,
  input: z.input<typeof newSupportAccountInput>,
): Promise<{ kind: 'done'; account: NewSupportAccount } | { kind: 'invalid'; fields: FieldErrors }> {
  const parsed = newSupportAccountInput.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', fields: fieldErrors(parsed.error) };
  const { email } = parsed.data;
  if (await findSupportAccountByEmail(deps.db, email)) return { kind: 'invalid', fields: ALREADY_TAKEN };

  const id = deps.ids.id('sa');
  const password = randomSecret(PASSWORD_BYTES);
  const row = { id, email, password_hash: await hashPassword(password), created_at: deps.clock.now().toISOString() };
  try {
    await deps.atomic([insertSupportAccount(deps.db, row)]);
  } catch (error) {
    // Two operators creating the same account at once: the unique index decides, the loser is told.
    if (isUniqueViolation(error, 'support_accounts.email')) return { kind: 'invalid', fields: ALREADY_TAKEN };
    throw error;
  }
  return { kind: 'done', account: { id, email, password } };
}

// Matches no password (its key is all zeros), but costs the same to check as a real hash: an unknown
// email takes as long as a wrong password, so timing does not tell which emails have accounts.
const NO_ACCOUNT_HASH = `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${'A'.repeat(22)}$${'A'.repeat(43)}`;

export type LogInResult = { kind: 'logged_in'; session: SupportSession } | { kind: 'wait'; waitSeconds: number } | { kind: 'refused' };

export interface LoginAttempt {
  email: string;
  password: string;
  /** Where the attempt comes from (`requestSource`): failures are counted per source as well as per email. */
  source: string;
}

/**
 * A new session for the right email and password. A wrong one says nothing of which part was wrong;
 * a source with too many recent failures is told how long to wait, before any password is hashed.
 */
export async function logIn(deps: AccountDeps & Pick<Deps, 'config'>, attempt: LoginAttempt): Promise<LogInResult> {
  const parsed = supportEmail.safeParse(attempt.email);
  // No account has an email this check refuses (accounts are made through it), so there is nothing to
  // hash or count: the answer is the wrong-password one, and its speed tells only what the format does.
  if (!parsed.success) return { kind: 'refused' };
  const email = parsed.data;
  const now = deps.clock.now();
  const keys = await failureKeys(deps.config, attempt.source, email);
  const waitSeconds = await loginWaitSeconds(deps.db, keys, now);
  if (waitSeconds > 0) return { kind: 'wait', waitSeconds };

  const account = await findSupportAccountByEmail(deps.db, email);
  const passwordMatches = await verifyPassword(attempt.password, account?.password_hash ?? NO_ACCOUNT_HASH);
  if (!account || !passwordMatches) {
    await deps.atomic(failedLogin(deps.db, keys, now));
    return { kind: 'refused' };
  }

  const token = randomSecret(32);
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString();
  await deps.atomic([
    succeededLogin(deps.db, keys),
    deleteExpiredSupportSessions(deps.db, account.id, now.toISOString()),
    insertSupportSession(deps.db, { token_hash: await sha256Hex(token), account_id: account.id, created_at: now.toISOString(), expires_at: expiresAt }),
  ]);
  return { kind: 'logged_in', session: { token, expiresAt, account: { id: account.id, email: account.email } } };
}

/** The support account a session token belongs to, while the session lasts. */
export async function authenticateSession(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<Supporter | null> {
  if (!token) return null;
  return findLiveSupportSession(deps.db, await sha256Hex(token), deps.clock.now().toISOString());
}

/** Ends a session; an unknown or already ended one is not an error (logging out twice is fine). */
export async function logOut(deps: Pick<Deps, 'db' | 'atomic'>, token: string): Promise<void> {
  if (token) await deps.atomic([deleteSupportSession(deps.db, await sha256Hex(token))]);
}
