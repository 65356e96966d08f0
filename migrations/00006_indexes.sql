-- Indexes found missing by the EXPLAIN test of the hot queries
-- (server/store/explain_test.go) on a database of contest size.
-- CONCURRENTLY, outside a transaction: adding them to a live database
-- during judging does not block score writes.

-- +goose NO TRANSACTION

-- +goose Up
-- team-feedback reads a team's scores by submission; the FK cascade from
-- submissions uses it too.
CREATE INDEX CONCURRENTLY IF NOT EXISTS scores_submission_idx ON scores (submission_id);
-- judge-can-read-file (every judge download) finds an entry's rounds by
-- submission; the primary key starts with round_id.
CREATE INDEX CONCURRENTLY IF NOT EXISTS round_entries_submission_idx ON round_entries (submission_id);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS round_entries_submission_idx;
DROP INDEX CONCURRENTLY IF EXISTS scores_submission_idx;
