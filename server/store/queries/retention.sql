-- A contest's retention period and its purge (see domain/retention.go).

-- name: contest-retention
SELECT days, notified_at, purged_at FROM contest_retention WHERE contest_id = $1;

-- name: set-contest-retention
-- Setting a period again asks the organizers again when it is over.
INSERT INTO contest_retention (contest_id, days) VALUES ($1, $2)
ON CONFLICT (contest_id) DO UPDATE SET days = EXCLUDED.days, notified_at = NULL, updated_at = now();

-- name: clear-contest-retention
DELETE FROM contest_retention WHERE contest_id = $1 AND purged_at IS NULL;

-- name: purge-files
SELECT f.id, s.team_id, t.name AS team, f.filename, f.size, f.status, f.object_key, f.upload_kind, f.upload_id
FROM submission_files f JOIN submissions s ON s.id = f.submission_id JOIN teams t ON t.id = s.team_id
WHERE s.contest_id = $1 ORDER BY t.name, f.created_at;

-- name: purge-exports
SELECT id, object_key, contest_id, kind FROM exports WHERE contest_id = $1;

-- name: purge-counts
SELECT
    (SELECT count(*) FROM team_members WHERE contest_id = $1) AS team_members,
    (SELECT count(*) FROM team_departures WHERE contest_id = $1) AS team_departures,
    (SELECT count(*) FROM contest_members WHERE contest_id = $1 AND role = 'judge') AS judges,
    (SELECT count(*) FROM contest_members WHERE contest_id = $1 AND role = 'track_lead') AS track_leads,
    (SELECT count(*) FROM contest_invitations WHERE contest_id = $1) AS invitations,
    (SELECT count(*) FROM role_links WHERE contest_id = $1) AS invitation_links,
    (SELECT count(*) FROM declared_conflicts WHERE contest_id = $1) AS declared_conflicts,
    (SELECT count(*) FROM judge_interests i JOIN rounds r ON r.id = i.round_id WHERE r.contest_id = $1) AS interests,
    (SELECT count(*) FROM exports WHERE contest_id = $1) AS exports;

-- name: purge-contest
-- Removes what ties people to contest $1 and its files' records; marks
-- the contest purged.
WITH f AS (DELETE FROM submission_files WHERE submission_id IN (SELECT id FROM submissions WHERE contest_id = $1)),
    m AS (DELETE FROM team_members WHERE contest_id = $1),
    d AS (DELETE FROM team_departures WHERE contest_id = $1),
    r AS (DELETE FROM contest_members WHERE contest_id = $1 AND role IN ('participant', 'judge', 'track_lead')),
    i AS (DELETE FROM contest_invitations WHERE contest_id = $1),
    l AS (DELETE FROM role_links WHERE contest_id = $1),
    c AS (DELETE FROM declared_conflicts WHERE contest_id = $1),
    n AS (DELETE FROM judge_interests WHERE round_id IN (SELECT id FROM rounds WHERE contest_id = $1)),
    e AS (DELETE FROM exports WHERE contest_id = $1)
UPDATE contest_retention SET purged_at = now() WHERE contest_id = $1;

-- name: retention-due
-- Contests whose retention period is over at $1 and whose organizers were
-- not told yet.
SELECT r.contest_id, c.slug, c.title, r.days,
    coalesce((SELECT array_agg(u.email::text ORDER BY u.id) FROM contest_members m JOIN users u ON u.id = m.user_id
        WHERE m.contest_id = c.id AND m.role = 'organizer'), '{}') AS organizers
FROM contest_retention r JOIN contests c ON c.id = r.contest_id
WHERE r.notified_at IS NULL AND r.purged_at IS NULL
    AND coalesce(c.results_published_at, c.submission_deadline) + make_interval(days => r.days) <= $1
ORDER BY r.contest_id LIMIT 100;

-- name: mark-retention-notified
UPDATE contest_retention SET notified_at = now() WHERE contest_id = $1;
