-- When each submission's current version was submitted, kept on the
-- submission by the statement that records the version (store query
-- insert-versions), so that the organizers' team list reads it with the
-- team (its "late" filter among 10,000 entries, and every page's
-- submitted_at) instead of looking up the version of each entry. NULL
-- while nothing is submitted. No index: the column changes at every
-- submit, and an index on it would cost the rush its heap-only updates.

-- +goose Up
ALTER TABLE submissions ADD COLUMN current_submitted_at timestamptz;
UPDATE submissions s SET current_submitted_at = v.submitted_at
FROM submission_versions v WHERE v.submission_id = s.id AND v.version = s.current_version;

-- +goose Down
ALTER TABLE submissions DROP COLUMN current_submitted_at;
