-- Every email sent moves its request from queued to sent (status, updated_at, change_seq, waiting_since,
-- lifecycle_due_at), and SQLite rewrites the entry of every index holding one of those columns, or whose
-- WHERE names one. Two of them did that work for nothing (figures: docs/benchmarks.md, "Dispatch and the
-- indexes of a request"):

-- The same columns as cancellation_requests_provider_status (0011), made again by the CSV export (0012):
-- a second copy of every open request's entry, rewritten by every send, answer and close.
DROP INDEX cancellation_requests_provider_open;

-- Retention looks only for final requests (answered, expired, delivery_failed) with nothing more due and
-- their data still there (src/db/retention.ts). Holding every request, the index took a new entry at every
-- send and every scheduler look; holding only those the search can find, a queued or sent request is in
-- it neither before nor after its write, so a send evaluates the WHERE and touches no page of it.
DROP INDEX cancellation_requests_retention;
CREATE INDEX cancellation_requests_retention ON cancellation_requests (updated_at)
  WHERE erased_at IS NULL AND lifecycle_due_at IS NULL AND status IN ('answered', 'expired', 'delivery_failed');
