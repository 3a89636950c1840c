-- Queued emails, by when they are due, holding everything a claim filters on. An outbox row carries its
-- ~10 KB of HTML and text, so most of it lies on overflow pages, and the lease, batch and status columns
-- come after the bodies: checking one row through outbox_due meant reading the whole row. Claiming a
-- batch walked past the emails already out in batches that way, 15 ms a claim with 100,000 queued.
-- Partial (queued rows only) and covering; the queries name `status = 'queued'` as a literal, or
-- SQLite cannot use it.
CREATE INDEX outbox_queued ON outbox (next_attempt_at, lease_until, batch_id, id) WHERE status = 'queued';
DROP INDEX outbox_due;
