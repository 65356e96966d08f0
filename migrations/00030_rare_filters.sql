-- The teams list's rare filters at national scale: teams with a deadline
-- extension and files whose entry check found something are a few in
-- thousands, so the list reads them from partial indexes instead of
-- walking the contest's teams until a page of them is found. Built
-- CONCURRENTLY, outside a transaction, so that adding them does not stop a
-- live contest.

-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY IF NOT EXISTS teams_extended_idx ON teams (contest_id, id) WHERE deadline_extension IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS file_checks_flagged_idx ON file_checks (file_id) WHERE warnings <> '[]'::jsonb;

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS file_checks_flagged_idx;
DROP INDEX CONCURRENTLY IF EXISTS teams_extended_idx;
