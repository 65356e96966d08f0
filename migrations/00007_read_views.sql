-- Views that read an object with what every request needs alongside it in
-- one query instead of several (contest + tracks, team + members as JSON;
-- round + contest slug; assignment + judge e-mail + score state), and give the queries one column list each.

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

-- A round with its contest's slug.
CREATE VIEW round_view AS
SELECT r.id, r.contest_id, c.slug AS contest_slug, r.position, r.name, r.rubric, r.judges_per_entry, r.max_load,
    r.blind, r.method, r.pool_tracks, r.pool_judges, r.closes_at, r.assigned_at, r.scores_revision, r.created_at
FROM rounds r JOIN contests c ON c.id = r.contest_id;

-- An assignment with its judge's e-mail and the state of its scores.
CREATE VIEW assignment_view AS
SELECT a.id, a.round_id, a.submission_id, a.judge_id, u.email::text AS judge_email, a.status, a.reason, a.created_at,
    CASE WHEN sc.final THEN 'final' WHEN sc.assignment_id IS NOT NULL THEN 'draft' ELSE 'none' END AS score_state
FROM assignments a JOIN users u ON u.id = a.judge_id LEFT JOIN scores sc ON sc.assignment_id = a.id;

-- +goose Down
DROP VIEW assignment_view;
DROP VIEW round_view;
DROP VIEW team_view;
DROP VIEW contest_view;
