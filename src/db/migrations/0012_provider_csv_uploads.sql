-- Issue 16, CSV out and in: a provider's file of answers between its preview and its Confirm. The
-- preview stores what Confirm will record, so Confirm reads nothing the browser could alter; the same
-- file (by its SHA-256) is recorded once per provider, however often it is uploaded again.
CREATE TABLE provider_csv_uploads (
  id           TEXT PRIMARY KEY,                -- up_…
  provider_id  TEXT NOT NULL REFERENCES providers (id),
  file_hash    TEXT NOT NULL,                   -- SHA-256 (hex) of the uploaded bytes
  created_at   TEXT NOT NULL,
  -- JSON: [{ line, requestId, reference, linkId, answer: { outcome, date, message, note } }]; emptied
  -- once recorded, so the free text lives in the answers alone.
  answers      TEXT NOT NULL,
  recorded_at  TEXT                             -- NULL while waiting for Confirm
);
CREATE UNIQUE INDEX provider_csv_uploads_file ON provider_csv_uploads (provider_id, file_hash);

-- A provider's open requests, oldest first (the CSV export, the inbox page).
CREATE INDEX cancellation_requests_provider_open ON cancellation_requests (provider_id, status, created_at, id);
