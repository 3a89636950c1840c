-- Issue 17, link activity. Every fetch of a reply link (and later of an inbox link) is kept as a row,
-- classified as a mail scanner, a browser or unknown, so support can tell "a scanner fetched it" from
-- "a person opened it". Recording never changes the request's status, history or updated_at.
CREATE TABLE link_activity (
  id          INTEGER PRIMARY KEY,
  request_id  TEXT NOT NULL REFERENCES cancellation_requests (id),
  link_kind   TEXT NOT NULL,   -- 'reply' (the provider's form); 'inbox' once that link exists
  at          TEXT NOT NULL,
  method      TEXT NOT NULL,   -- GET, HEAD or POST
  kind        TEXT NOT NULL,   -- scanner | browser | unknown
  reasons     TEXT NOT NULL,   -- JSON array of reason codes (src/link-activity/classify.ts)
  source_key  TEXT             -- HMAC of the fetcher's network (IPv4 /24, IPv6 /48): groups fetches, never the address
);

-- The per-request cap counts here, the console reads here, retention deletes here.
CREATE INDEX link_activity_request ON link_activity (request_id, at);

-- When the provider first opened the request in a browser (or answered): app-visible as firstOpenedAt.
ALTER TABLE cancellation_requests ADD COLUMN first_opened_at TEXT;
-- A webhook message keeps the request's app-visible state as the change left it, firstOpenedAt included.
ALTER TABLE webhook_messages ADD COLUMN first_opened_at TEXT;
-- Support's filter "opened by a person, not answered".
CREATE INDEX cancellation_requests_opened ON cancellation_requests (first_opened_at) WHERE first_opened_at IS NOT NULL;
