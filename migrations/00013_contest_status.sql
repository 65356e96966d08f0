-- A contest is a draft until its organizers open it: a draft is seen only
-- by its organizers and the platform admins, and takes no teams. Contests
-- that exist already were public, so they are open.

-- +goose Up
ALTER TABLE contests ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('draft', 'open'));
ALTER TABLE contests ALTER status SET DEFAULT 'draft';

-- contest_view gains the status (as its last column, so the view can be
-- replaced in place).
CREATE OR REPLACE VIEW contest_view AS
SELECT c.id, c.slug, c.title, c.description, c.timezone, c.registration_opens_at, c.registration_closes_at,
    c.submission_opens_at, c.submission_deadline, c.max_team_size, c.form, c.files, c.results_published_at,
    c.feedback_enabled, c.created_at, c.updated_at,
    coalesce((SELECT json_agg(json_build_object('id', tr.id, 'slug', tr.slug, 'title', tr.title) ORDER BY tr.position, tr.id)
        FROM tracks tr WHERE tr.contest_id = c.id), '[]') AS tracks,
    c.status
FROM contests c;

-- +goose Down
DROP VIEW contest_view;
CREATE VIEW contest_view AS
SELECT c.id, c.slug, c.title, c.description, c.timezone, c.registration_opens_at, c.registration_closes_at,
    c.submission_opens_at, c.submission_deadline, c.max_team_size, c.form, c.files, c.results_published_at,
    c.feedback_enabled, c.created_at, c.updated_at,
    coalesce((SELECT json_agg(json_build_object('id', tr.id, 'slug', tr.slug, 'title', tr.title) ORDER BY tr.position, tr.id)
        FROM tracks tr WHERE tr.contest_id = c.id), '[]') AS tracks
FROM contests c;
ALTER TABLE contests DROP COLUMN status;
