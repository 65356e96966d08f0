-- Views that read an object with its small child lists as JSON in one
-- query instead of one query per list (contest + tracks, team + members):
-- every team request loads both, so this halves the round trips of the
-- submit path.

-- +goose Up
-- A contest with its tracks, in their order.
CREATE VIEW contest_view AS
SELECT c.id, c.slug, c.title, c.description, c.timezone, c.registration_opens_at, c.registration_closes_at,
    c.submission_opens_at, c.submission_deadline, c.max_team_size, c.form, c.files, c.results_published_at,
    c.feedback_enabled, c.created_at, c.updated_at,
    coalesce((SELECT json_agg(json_build_object('id', tr.id, 'slug', tr.slug, 'title', tr.title) ORDER BY tr.position, tr.id)
        FROM tracks tr WHERE tr.contest_id = c.id), '[]') AS tracks
FROM contests c;

-- A team with its contest's and track's slugs and its members, in the
-- order they joined.
CREATE VIEW team_view AS
SELECT t.id, t.contest_id, c.slug AS contest_slug, t.track_id, tr.slug AS track, t.name, t.invite_code,
    t.captain_id, t.deadline_extension, t.created_at,
    coalesce((SELECT json_agg(json_build_object('user_id', m.user_id, 'name', u.name, 'email', u.email::text,
            'captain', t.captain_id = m.user_id, 'joined_at', m.joined_at) ORDER BY m.joined_at, m.user_id)
        FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '[]') AS members
FROM teams t JOIN contests c ON c.id = t.contest_id JOIN tracks tr ON tr.id = t.track_id;

-- +goose Down
DROP VIEW team_view;
DROP VIEW contest_view;
