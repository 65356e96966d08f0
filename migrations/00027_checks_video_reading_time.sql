-- Judge load by reading time: a round may balance its judges by the
-- entries' expected reading time (pages and minutes of video, from the
-- entry checks) instead of by their number. The round view gains the
-- column at its end (CREATE OR REPLACE VIEW may only append columns).

-- +goose Up
ALTER TABLE rounds ADD COLUMN balance text NOT NULL DEFAULT 'count' CHECK (balance IN ('count', 'time'));

CREATE OR REPLACE VIEW round_view AS
SELECT r.id, r.contest_id, c.slug AS contest_slug, r.position, r.name, r.rubric, r.judges_per_entry, r.max_load,
    r.blind, r.method, r.pool_tracks, r.pool_judges, r.closes_at, r.assigned_at, r.scores_revision, r.created_at,
    r.balance
FROM rounds r JOIN contests c ON c.id = r.contest_id;

-- The pages and media seconds of a version's files (its "files" column),
-- from their entry checks: what a judge has to read and watch.
-- +goose StatementBegin
CREATE FUNCTION version_reading(files jsonb, OUT pages integer, OUT media_seconds double precision) AS $$
SELECT coalesce(sum((fc.facts->>'pages')::integer), 0)::integer,
    coalesce(sum((fc.facts->'media'->>'duration_seconds')::double precision), 0)
FROM jsonb_array_elements(files) f JOIN file_checks fc ON fc.file_id = (f->>'file_id')::uuid
$$ LANGUAGE sql STABLE;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION version_reading(jsonb);
DROP VIEW round_view;
CREATE VIEW round_view AS
SELECT r.id, r.contest_id, c.slug AS contest_slug, r.position, r.name, r.rubric, r.judges_per_entry, r.max_load,
    r.blind, r.method, r.pool_tracks, r.pool_judges, r.closes_at, r.assigned_at, r.scores_revision, r.created_at
FROM rounds r JOIN contests c ON c.id = r.contest_id;
ALTER TABLE rounds DROP COLUMN balance;
