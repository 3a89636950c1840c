-- The provider side at volume (issue 16 §3): provider API keys, provider webhooks, and providers that
-- want no email per request.

-- A provider's API keys: long random secrets, stored as their SHA-256 only (like api_clients), one provider each.
CREATE TABLE provider_api_keys (
  id           TEXT PRIMARY KEY,
  provider_id  TEXT NOT NULL REFERENCES providers (id),
  key_hash     TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  revoked_at   TEXT                -- set: the key stops working at once
);
CREATE INDEX provider_api_keys_provider ON provider_api_keys (provider_id);

-- 0: the provider gets no email per request (nor its reminders, nor a binding contract's follow-up);
-- it answers through the provider API, its webhook, its inbox link or digest instead.
ALTER TABLE providers ADD COLUMN per_request_emails INTEGER NOT NULL DEFAULT 1;
-- The provider's webhook endpoint, as an app's (0003): set by `providers webhook`, never by the providers file.
ALTER TABLE providers ADD COLUMN webhook_url TEXT;
ALTER TABLE providers ADD COLUMN webhook_secret TEXT;
ALTER TABLE providers ADD COLUMN webhook_disabled_at TEXT;

-- An answer given through the provider API under an Idempotency-Key: the same key again gives that answer back.
CREATE TABLE provider_answer_keys (
  provider_id      TEXT NOT NULL REFERENCES providers (id),
  idempotency_key  TEXT NOT NULL,
  request_id       TEXT NOT NULL REFERENCES cancellation_requests (id),
  body_hash        TEXT NOT NULL,
  answer_id        TEXT NOT NULL REFERENCES request_answers (id),
  created_at       TEXT NOT NULL,
  PRIMARY KEY (provider_id, idempotency_key)
);

-- The provider API lists a provider's requests oldest first.
CREATE INDEX cancellation_requests_provider ON cancellation_requests (provider_id, created_at, id);

-- Webhook messages go to an app (client_id) or to a provider (provider_id), exactly one of them, through
-- the same outbox. SQLite cannot drop a NOT NULL, so the table is rebuilt with its rows.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE webhook_messages_0013 (
  id               TEXT PRIMARY KEY,
  client_id        TEXT REFERENCES api_clients (id),
  provider_id      TEXT REFERENCES providers (id),
  request_id       TEXT NOT NULL REFERENCES cancellation_requests (id),
  event            TEXT NOT NULL,
  status           TEXT NOT NULL,
  outcome          TEXT,
  answered_at      TEXT,
  updated_at       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  lease_until      TEXT,
  claim_id         TEXT,
  last_error       TEXT,
  delivered_at     TEXT,
  follow_up        TEXT,
  CHECK ((client_id IS NULL) <> (provider_id IS NULL))
);
INSERT INTO webhook_messages_0013
  (id, client_id, request_id, event, status, outcome, answered_at, updated_at, created_at, state, attempts,
   next_attempt_at, lease_until, claim_id, last_error, delivered_at, follow_up)
SELECT id, client_id, request_id, event, status, outcome, answered_at, updated_at, created_at, state, attempts,
       next_attempt_at, lease_until, claim_id, last_error, delivered_at, follow_up
  FROM webhook_messages;
DROP TABLE webhook_messages;
ALTER TABLE webhook_messages_0013 RENAME TO webhook_messages;
CREATE INDEX webhook_messages_due ON webhook_messages (state, next_attempt_at);
CREATE INDEX webhook_messages_request ON webhook_messages (request_id);
