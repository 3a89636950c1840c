-- Issue 16 §1, the provider inbox link and the digest email.
-- Every inbox link carries the generation it was signed in (in its `jti`); `providers inbox-link --revoke`
-- moves the provider to the next one, which ends all its earlier links at once.
ALTER TABLE providers ADD COLUMN inbox_link_generation INTEGER NOT NULL DEFAULT 0;
-- The providers file's `digest`: 'off', 'daily' or 'weekly'.
ALTER TABLE providers ADD COLUMN digest TEXT NOT NULL DEFAULT 'off';
-- The day (daily) or the week's Monday (weekly) the last digest was queued for: at most one per period.
ALTER TABLE providers ADD COLUMN digest_queued_for TEXT;

-- A provider's open requests, oldest first (the inbox page, its paging and the digest's count).
CREATE INDEX cancellation_requests_provider_status ON cancellation_requests (provider_id, status, created_at, id);
