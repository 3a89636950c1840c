-- Issue 17, provider performance at a glance. Three facts of a request's first answer, written by the
-- answer itself, so the stats read indexes instead of parsing JSON and joining answers per row:
--   first_answered_at  when the provider first answered (a correction or a follow-up's answer keeps it)
--   answer_seconds     from the email reaching the provider's mail (waiting_since) to that first answer
--   outcome_type       the latest answer's outcome, the type in `outcome`
ALTER TABLE cancellation_requests ADD COLUMN first_answered_at TEXT;
ALTER TABLE cancellation_requests ADD COLUMN answer_seconds INTEGER;
ALTER TABLE cancellation_requests ADD COLUMN outcome_type TEXT;

UPDATE cancellation_requests
   SET first_answered_at = (SELECT min(a.at) FROM request_answers a WHERE a.request_id = cancellation_requests.id),
       outcome_type = json_extract(outcome, '$.type')
 WHERE outcome IS NOT NULL;
UPDATE cancellation_requests
   SET answer_seconds = max(0, CAST(round((julianday(first_answered_at) - julianday(coalesce(
         (SELECT min(h.at) FROM request_history h WHERE h.request_id = cancellation_requests.id AND h.event = 'email_sent'),
         created_at))) * 86400) AS INTEGER))
 WHERE first_answered_at IS NOT NULL;

-- Per provider, in the order the counts group by: no sort, the window filtered inside the index.
CREATE INDEX cancellation_requests_provider_stats
  ON cancellation_requests (provider_id, status, outcome_type, created_at);
-- Waiting past the reply window: per provider, only the waiting requests, oldest first.
CREATE INDEX cancellation_requests_provider_waiting
  ON cancellation_requests (provider_id, waiting_since, created_at) WHERE status = 'sent';
-- Answer times in order, per provider and over all: a median is the row at half the count, read by
-- stepping along the index (no sort of every answered request).
CREATE INDEX cancellation_requests_provider_answer_times
  ON cancellation_requests (provider_id, answer_seconds, created_at) WHERE answer_seconds IS NOT NULL;
CREATE INDEX cancellation_requests_answer_times
  ON cancellation_requests (answer_seconds, created_at) WHERE answer_seconds IS NOT NULL;
-- Per week: requests by when they were made, answers by when they came.
CREATE INDEX cancellation_requests_created_provider ON cancellation_requests (created_at, provider_id);
CREATE INDEX cancellation_requests_first_answers
  ON cancellation_requests (first_answered_at, provider_id, created_at) WHERE first_answered_at IS NOT NULL;
