-- Fair exports: at most one export of a contest runs at a time. A second
-- one stays queued (its job waits and tries again), so one contest that asks
-- for many exports holds one export worker, never all of them, and other
-- contests' exports go on. An export still running from before this
-- migration beyond the first of its contest is shown as queued again (it
-- still finishes).
-- Old exports are deleted by age (PODIUM_EXPORT_TTL): an index on it.

-- +goose Up
UPDATE exports SET status = 'queued'
WHERE status = 'running' AND id NOT IN (
    SELECT DISTINCT ON (contest_id) id FROM exports WHERE status = 'running' ORDER BY contest_id, created_at, id);
CREATE UNIQUE INDEX exports_one_running_per_contest ON exports (contest_id) WHERE status = 'running';
CREATE INDEX exports_created_idx ON exports (created_at);

-- +goose Down
DROP INDEX exports_created_idx;
DROP INDEX exports_one_running_per_contest;
