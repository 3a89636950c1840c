-- The lifecycle: reminders, expiry and retention; delivery events from Resend; signed webhooks to apps.

-- When the email the provider is now asked to answer was accepted by the mail API (the first one, or a
-- re-send after a bounce): reminders and expiry count from it.
ALTER TABLE cancellation_requests ADD COLUMN waiting_since TEXT;
-- How many of the provider's reminder days have been used up (one reminder per lifecycle run at most).
ALTER TABLE cancellation_requests ADD COLUMN reminders_sent INTEGER NOT NULL DEFAULT 0;
-- When the scheduler should next look at a waiting request (a reminder or the expiry); NULL = never.
ALTER TABLE cancellation_requests ADD COLUMN lifecycle_due_at TEXT;
-- When retention erased the customer's identifiers, the free text and the notes.
ALTER TABLE cancellation_requests ADD COLUMN erased_at TEXT;

-- Requests already waiting when this shipped: their first send is in the history; look at them now.
UPDATE cancellation_requests
   SET waiting_since = (SELECT min(h.at) FROM request_history h
                         WHERE h.request_id = cancellation_requests.id AND h.event = 'email_sent')
 WHERE status = 'sent';
UPDATE cancellation_requests SET lifecycle_due_at = coalesce(waiting_since, updated_at) WHERE status = 'sent';

CREATE INDEX cancellation_requests_lifecycle_due ON cancellation_requests (lifecycle_due_at) WHERE lifecycle_due_at IS NOT NULL;
-- Retention: final requests by when they last changed, not yet erased.
CREATE INDEX cancellation_requests_retention ON cancellation_requests (updated_at) WHERE erased_at IS NULL;
-- Resend's delivery events name the email by the id Resend gave it.
CREATE INDEX outbox_provider_message ON outbox (provider_message_id) WHERE provider_message_id IS NOT NULL;

-- An app's webhook endpoint: the signing secret is shown once at creation and kept to sign with
-- (Standard Webhooks signs with HMAC, so it cannot be stored hashed); a 410 from the endpoint disables it.
ALTER TABLE api_clients ADD COLUMN webhook_secret TEXT;
ALTER TABLE api_clients ADD COLUMN webhook_disabled_at TEXT;

-- One message per status change an app subscribed to, written in the same atomic unit as the change,
-- with the request's app-visible state as it was right after it (so a late delivery still tells the
-- story in order). Delivered by its own outbox: claims with leases, retries with backoff.
CREATE TABLE webhook_messages (
  id               TEXT PRIMARY KEY,   -- the webhook-id header: the same on every attempt, apps dedupe by it
  client_id        TEXT NOT NULL REFERENCES api_clients (id),
  request_id       TEXT NOT NULL REFERENCES cancellation_requests (id),
  event            TEXT NOT NULL,
  status           TEXT NOT NULL,      -- the request's status right after the change
  outcome          TEXT,               -- its outcome (JSON, app-visible part), answered_at and updated_at then
  answered_at      TEXT,
  updated_at       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  lease_until      TEXT,
  claim_id         TEXT,
  last_error       TEXT,
  delivered_at     TEXT
);

CREATE INDEX webhook_messages_due ON webhook_messages (state, next_attempt_at);
CREATE INDEX webhook_messages_request ON webhook_messages (request_id);
