-- Frozen in time: never edit a migration that has shipped; add the next file instead.
-- Timestamps are ISO-8601 UTC strings (fixed width, so text order is time order).
-- JSON columns hold small documents that are always read and written whole.

CREATE TABLE providers (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  emails             TEXT NOT NULL,   -- JSON array of cancellation inbox addresses
  locale             TEXT NOT NULL,
  identifiers        TEXT NOT NULL,   -- JSON array of identifier definitions, in display order
  reply_window_days  INTEGER NOT NULL,
  reminder_days      TEXT NOT NULL,   -- JSON array of day offsets after the first send
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);

CREATE TABLE api_clients (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  key_hash     TEXT NOT NULL UNIQUE,  -- SHA-256 of the API key; the key itself is never stored
  webhook_url  TEXT,
  created_at   TEXT NOT NULL
);

CREATE TABLE cancellation_requests (
  id                TEXT PRIMARY KEY,
  reference         TEXT NOT NULL UNIQUE,  -- our short reference, quoted in the email
  client_id         TEXT NOT NULL REFERENCES api_clients (id),
  client_reference  TEXT,                  -- the app's own id for the request, if it gave one
  provider_id       TEXT NOT NULL REFERENCES providers (id),
  customer          TEXT,                  -- JSON object of the configured identifiers only; NULL once purged
  status            TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'answered', 'delivery_failed', 'expired')),
  outcome           TEXT,                  -- JSON of the latest answer's app-visible part
  answered_at       TEXT,
  link_id           TEXT NOT NULL,         -- jti of the reply link that is currently valid
  idempotency_key   TEXT,
  body_hash         TEXT NOT NULL,         -- what the idempotency key was first used with
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  -- Bumped by every write, inside it: unlike updated_at (stamped before the write), it follows commit
  -- order, so a polling cursor past it can never skip a row that committed late.
  change_seq        INTEGER NOT NULL UNIQUE
);

CREATE UNIQUE INDEX cancellation_requests_idempotency
  ON cancellation_requests (client_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Polling: a client's requests in change order, and from a time.
CREATE INDEX cancellation_requests_client_changes
  ON cancellation_requests (client_id, change_seq);
CREATE INDEX cancellation_requests_client_updated
  ON cancellation_requests (client_id, updated_at);

CREATE TABLE request_history (
  id          TEXT PRIMARY KEY,
  request_id  TEXT NOT NULL REFERENCES cancellation_requests (id),
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,   -- 'app:<client id>', 'system', 'provider', 'support:<account>'
  event       TEXT NOT NULL,
  detail      TEXT             -- JSON; never tokens
);

CREATE INDEX request_history_request ON request_history (request_id, at);

CREATE TABLE outbox (
  id                   TEXT PRIMARY KEY,
  request_id           TEXT REFERENCES cancellation_requests (id),
  kind                 TEXT NOT NULL,
  recipients           TEXT NOT NULL,   -- JSON array
  reply_to             TEXT,
  subject              TEXT NOT NULL,
  html                 TEXT NOT NULL,
  text                 TEXT NOT NULL,
  idempotency_key      TEXT NOT NULL UNIQUE,  -- sent with every attempt, so the mail API drops repeats
  status               TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  attempts             INTEGER NOT NULL DEFAULT 0,
  next_attempt_at      TEXT NOT NULL,
  lease_until          TEXT,            -- a sender holds the row until then; a crashed sender's lease lapses
  claim_id             TEXT,            -- the latest claim; a sender whose lease lapsed can no longer write
  last_error           TEXT,
  provider_message_id  TEXT,
  created_at           TEXT NOT NULL,
  sent_at              TEXT
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_request ON outbox (request_id);
