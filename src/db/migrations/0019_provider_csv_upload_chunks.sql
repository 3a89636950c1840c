-- Issue 16, Confirm at volume: a 5,000-row upload is recorded in chunks of a few hundred answers, each
-- one atomic write (one D1 batch) rather than one write of 20,000 statements. One row per chunk
-- recorded, written in the chunk's own atomic write, so a crash between chunks leaves the chunks
-- before it recorded and marked here: Confirm again skips them, and an upload of the same file again
-- leaves out the lines they recorded (found by provider and file, as a new upload of the file gets a
-- new id). The rows stay with their upload, as small as it is.
CREATE TABLE provider_csv_upload_chunks (
  upload_id    TEXT NOT NULL,                   -- the upload's id when it was recorded (up_…)
  chunk        INTEGER NOT NULL,                -- 0, 1, …: the plan's rows in order, CONFIRM_CHUNK_ROWS a chunk
  provider_id  TEXT NOT NULL REFERENCES providers (id),
  file_hash    TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  -- JSON array of the file's lines (spreadsheet rows) whose answer this chunk recorded; a line of the
  -- chunk that is not here was refused by its request's own guard (closed, link replaced, answer cap).
  lines        TEXT NOT NULL,
  PRIMARY KEY (upload_id, chunk)
);
CREATE INDEX provider_csv_upload_chunks_file ON provider_csv_upload_chunks (provider_id, file_hash);

-- (0012's cancellation_requests_provider_open, a copy of 0011's provider_status index that each of a
-- Confirm's answers rewrote twice, is dropped by 0018.)
