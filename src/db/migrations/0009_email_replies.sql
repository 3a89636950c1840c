-- Issue 15, email replies: every message received for us (CLI pipe, admin API, Resend Receiving, Email
-- Workers, the dev outbox) kept as read — never the raw bytes, the HTML or attachment bodies — matched to
-- its request when it can be, and triaged by support. Free text: support-only, erased by retention.
CREATE TABLE email_replies (
  id               TEXT PRIMARY KEY,                 -- er_…
  -- SHA-256 (hex) of the raw message: the same message received twice (a repeated event, a retried
  -- pipe) is stored once.
  fingerprint      TEXT NOT NULL UNIQUE,
  source           TEXT NOT NULL,                    -- 'cli' | 'admin_api' | 'resend' | 'email_worker' | 'dev_outbox'
  received_at      TEXT NOT NULL,
  kind             TEXT NOT NULL,                    -- 'reply' | 'auto_reply' | 'bounce'
  request_id       TEXT REFERENCES cancellation_requests (id),
  matched_by       TEXT,                             -- 'address' | 'thread' | 'reference' | 'support' (assigned) | NULL
  from_address     TEXT,
  from_name        TEXT,
  recipients       TEXT NOT NULL DEFAULT '[]',       -- JSON: [{ address, name }] of To and Cc
  sent_at          TEXT,                             -- the Date header, ISO 8601, when it parses
  subject          TEXT NOT NULL DEFAULT '',
  message_id       TEXT,                             -- without brackets
  visible_text     TEXT NOT NULL DEFAULT '',
  full_text        TEXT NOT NULL DEFAULT '',
  attachments      TEXT NOT NULL DEFAULT '[]',       -- JSON: [{ filename, mimeType, size }]
  notes            TEXT NOT NULL DEFAULT '[]',       -- JSON: what a size limit cut, or why the message could not be read
  raw_size         INTEGER NOT NULL,
  suggested_outcome TEXT,                            -- an OutcomeType, or NULL when the text is not clear enough
  suggested_date   TEXT,
  state            TEXT NOT NULL DEFAULT 'open',     -- 'open' | 'handled'
  handled_at       TEXT,
  handled_by       TEXT,                             -- the support account's email, or 'system' (a bounce applied)
  resolution       TEXT,                             -- 'accepted' | 'recorded' | 'handled' | 'bounce_applied' | NULL while open
  erased_at        TEXT
);

-- Support's triage list: open ones newest first; a request's replies beside its answers.
CREATE INDEX email_replies_state ON email_replies (state, received_at);
CREATE INDEX email_replies_request ON email_replies (request_id, received_at) WHERE request_id IS NOT NULL;
