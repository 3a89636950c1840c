-- Emails sent together through the mail API's batch endpoint, up to 100 per call under one
-- idempotency key. A batch, once formed, is only ever sent again as itself: the same emails, in the
-- same order, under the same key, so a batch the API accepted just before a crash is answered from the
-- key when it is sent again rather than delivered twice.
--   NULL  not in a batch yet
--   ''    to be sent on its own (its batch was refused as a whole, so nothing of it was sent)
--   else  the batch it belongs to; its key is 'batch/<batch_id>'
ALTER TABLE outbox ADD COLUMN batch_id TEXT;

-- The batches still to be sent (a crashed sender's, or one waiting for a retry): a handful of rows at
-- any time, found without walking every queued email (with 100,000 queued that walk was a quarter of
-- a second per batch). Queries name the same literal conditions, or SQLite cannot use it.
CREATE INDEX outbox_batches_queued ON outbox (status, next_attempt_at, batch_id)
  WHERE status = 'queued' AND batch_id IS NOT NULL AND batch_id <> '';
-- A batch's emails, by batch: what is taken again when its lease lapses.
CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;
