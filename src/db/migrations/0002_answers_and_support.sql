-- The reply half: the provider's answers, support accounts and their sessions.

-- Every answer a provider (or support on its behalf) gave, in the order they were recorded. The
-- request's own `outcome` column holds the app-visible part of the latest one.
CREATE TABLE request_answers (
  id          TEXT PRIMARY KEY,
  request_id  TEXT NOT NULL REFERENCES cancellation_requests (id),
  number      INTEGER NOT NULL,   -- 1, 2, … per request, assigned inside the write: commit order
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,      -- 'provider' or 'support:<account id>'
  outcome     TEXT NOT NULL CHECK (outcome IN ('cancelled', 'already_cancelled', 'binding_contract', 'not_found', 'other')),
  date        TEXT,               -- YYYY-MM-DD for the outcomes that need one
  message     TEXT,               -- free text of an 'other' answer: support only; NULL once purged
  note        TEXT,               -- optional note with any outcome: support only; NULL once purged
  UNIQUE (request_id, number)
);

-- Set when support closes a request: its link stops accepting answers.
ALTER TABLE cancellation_requests ADD COLUMN closed_at TEXT;

-- Support's list: newest first, keyset on (created_at, id).
CREATE INDEX cancellation_requests_created ON cancellation_requests (created_at, id);

CREATE TABLE support_accounts (
  id             TEXT PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE,   -- lower-cased
  password_hash  TEXT NOT NULL,          -- 'pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>'
  created_at     TEXT NOT NULL
);

CREATE TABLE support_sessions (
  token_hash  TEXT PRIMARY KEY,   -- SHA-256 of the session token; the token itself lives only in the cookie
  account_id  TEXT NOT NULL REFERENCES support_accounts (id),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);

CREATE INDEX support_sessions_account ON support_sessions (account_id);

-- Failed logins per email in the recent past: too many and that email must wait (password guessing
-- would otherwise be limited only by how fast PBKDF2 runs). Rows older than the window are dropped.
CREATE TABLE support_login_failures (
  email  TEXT NOT NULL,   -- as typed, trimmed and lower-cased; also for emails with no account
  at     TEXT NOT NULL
);

CREATE INDEX support_login_failures_email ON support_login_failures (email, at);
