-- Issue 17 at scale: the provider stats from daily rollups. One row per provider and day its requests
-- were made (UTC), holding that cohort's figures as they stood at change number `as_of`; the scheduler
-- recomputes the cohorts of requests changed since its last pass (src/stats/rollups.ts). A report adds
-- the rows of cohorts unchanged since then to a live read of the few changed since (docs/stats.md).
CREATE TABLE provider_stats_days (
  provider_id       TEXT NOT NULL,
  day               TEXT NOT NULL, -- YYYY-MM-DD of created_at
  sent              INTEGER NOT NULL,
  answered          INTEGER NOT NULL,
  cancelled         INTEGER NOT NULL,
  already_cancelled INTEGER NOT NULL,
  binding_contract  INTEGER NOT NULL,
  not_found         INTEGER NOT NULL,
  other             INTEGER NOT NULL,
  open              INTEGER NOT NULL,
  expired           INTEGER NOT NULL,
  bounced           INTEGER NOT NULL,
  -- Answered requests per answer-time bucket (ROLLUP_TIME_BOUNDS in src/db/provider-stats-rollups.ts):
  -- a percentile is found in its bucket from these counts, then read exactly from the answer-time index.
  t0 INTEGER NOT NULL, t1 INTEGER NOT NULL, t2 INTEGER NOT NULL, t3 INTEGER NOT NULL, t4 INTEGER NOT NULL,
  t5 INTEGER NOT NULL, t6 INTEGER NOT NULL, t7 INTEGER NOT NULL, t8 INTEGER NOT NULL, t9 INTEGER NOT NULL,
  t10 INTEGER NOT NULL, t11 INTEGER NOT NULL, t12 INTEGER NOT NULL, t13 INTEGER NOT NULL, t14 INTEGER NOT NULL,
  t15 INTEGER NOT NULL, t16 INTEGER NOT NULL, t17 INTEGER NOT NULL, t18 INTEGER NOT NULL, t19 INTEGER NOT NULL,
  t20 INTEGER NOT NULL, t21 INTEGER NOT NULL, t22 INTEGER NOT NULL,
  -- First answers per week (Monday, UTC) they were given in: {"2026-11-30": 3, ...}
  answer_weeks      TEXT NOT NULL,
  -- The change number the cohort was computed up to: an older pass never overwrites a newer one.
  as_of             INTEGER NOT NULL,
  PRIMARY KEY (provider_id, day)
) WITHOUT ROWID;
-- The whole window, all providers: the days in order.
CREATE INDEX provider_stats_days_day ON provider_stats_days (day);

-- Every cohort holds every change up to this change number (0: none rolled up yet, the reports read live).
CREATE TABLE provider_stats_rollup (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  change_seq  INTEGER NOT NULL
);
INSERT INTO provider_stats_rollup (id, change_seq) VALUES (1, 0);

-- A cohort (provider, day made) is one range of this index, and every figure a cohort needs is in it:
-- the rollup pass and the live reads never touch the table. It takes the place of 0015's counting index
-- (the same columns change it: status, and an answer's outcome type with its times), so writes pay no more.
CREATE INDEX cancellation_requests_provider_cohorts
  ON cancellation_requests (provider_id, created_at, status, outcome_type, answer_seconds, first_answered_at);
DROP INDEX cancellation_requests_provider_stats;
-- Weeks now come from the rollups and the cohorts' index: these two only cost writes.
DROP INDEX cancellation_requests_created_provider;
DROP INDEX cancellation_requests_first_answers;
