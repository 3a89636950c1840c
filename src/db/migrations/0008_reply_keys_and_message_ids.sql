-- Issue 15, email replies made findable. A request's reply key is the random local part of its
-- `reply+<key>@INBOUND_DOMAIN` Reply-To (NULL without INBOUND_DOMAIN, and on requests made before);
-- a reply is matched by it, so it is unique. Re-issuing the link replaces it.
ALTER TABLE cancellation_requests ADD COLUMN reply_key TEXT;
CREATE UNIQUE INDEX cancellation_requests_reply_key ON cancellation_requests (reply_key) WHERE reply_key IS NOT NULL;

-- The Message-ID we set on an email (without brackets), so a reply's In-Reply-To/References finds it.
ALTER TABLE outbox ADD COLUMN message_id TEXT;
CREATE UNIQUE INDEX outbox_message_id ON outbox (message_id) WHERE message_id IS NOT NULL;
