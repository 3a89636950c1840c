-- The list poll from a time (`updatedSince`): the first change number since then, read from this index
-- alone, then the client's changes in change order from there (cancellation_requests_client_changes).
-- Before, SQLite read every row changed since then and sorted them all for each page of 50.
-- It holds client_updated's columns first, so that index goes.
CREATE INDEX cancellation_requests_client_updated_changes ON cancellation_requests (client_id, updated_at, change_seq);
DROP INDEX cancellation_requests_client_updated;
