-- Failed logins counted per source (client address) as well as per email, under keyed hashes: the table
-- holds neither addresses nor emails, only HMACs under a key derived from the signing secret. The old
-- rows (plain emails, one window's worth at most) are dropped rather than carried over.
DROP TABLE support_login_failures;

CREATE TABLE support_login_failures (
  id          INTEGER PRIMARY KEY,
  source_key  TEXT NOT NULL,   -- HMAC of the client's address (an IPv6 client's /64)
  email_key   TEXT NOT NULL,   -- HMAC of the email as typed, trimmed and lower-cased; also for emails with no account
  at          TEXT NOT NULL
);

CREATE INDEX support_login_failures_email ON support_login_failures (email_key, at);
CREATE INDEX support_login_failures_source ON support_login_failures (source_key, at);
-- The scheduler forgets rows past the window, oldest first.
CREATE INDEX support_login_failures_at ON support_login_failures (at);
