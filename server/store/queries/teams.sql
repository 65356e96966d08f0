-- name: insert-team
INSERT INTO teams (contest_id, track_id, name, invite_code, captain_id)
VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- name: insert-team-member
INSERT INTO team_members (team_id, contest_id, user_id) VALUES ($1, $2, $3);

-- name: insert-submission
INSERT INTO submissions (team_id, contest_id) VALUES ($1, $2);

-- name: lock-team-by-code
SELECT id FROM teams WHERE contest_id = $1 AND invite_code = $2 FOR UPDATE;

-- name: team-by-id
SELECT * FROM team_view WHERE id = $1;

-- name: teams-and-contests
-- Teams with their contests (as row_to_json of contest_view): every team
-- request needs both ($1: bigint[]; see store.batcher).
SELECT t.*, row_to_json(c) AS contest FROM team_view t JOIN contest_view c ON c.id = t.contest_id WHERE t.id = ANY($1);

-- name: teams-of-user
-- A person's teams, with their contests' deadlines (for the teams' own).
SELECT t.*, c.submission_deadline AS contest_deadline
FROM team_members m JOIN team_view t ON t.id = m.team_id JOIN contests c ON c.id = t.contest_id
WHERE m.user_id = $1 ORDER BY t.id;

-- name: list-teams
-- The ids of one page of a contest's teams ($1) after id $2 ($3 rows), in
-- id order, filtered: track slug $4 ('' for all), $5 'submitted' or
-- 'not_submitted' ('' for both; 'late' goes to list-teams-among), tracks
-- $6 (a track lead's; empty for all).
-- listed-teams and members-of-teams then read the page's rows by id.
-- Prepared queries are planned once per connection (see store.Open), so
-- the filters that find few teams (a search, flagged files, extensions,
-- late teams) are not "$n = '' OR ..." here, where such a
-- plan would test them on every team of the contest: list-teams-among
-- finds their teams first.
SELECT tm.id
FROM teams tm JOIN submissions s ON s.team_id = tm.id
WHERE tm.contest_id = $1 AND tm.id > $2
    AND ($4 = '' OR tm.track_id = (SELECT tr.id FROM tracks tr WHERE tr.contest_id = $1 AND tr.slug = $4))
    AND ($5 = '' OR (s.current_version > 0) = ($5 = 'submitted'))
    AND (coalesce(cardinality($6::text[]), 0) = 0 OR tm.track_id IN (SELECT tr.id FROM tracks tr WHERE tr.contest_id = $1 AND tr.slug = ANY($6::text[])))
ORDER BY tm.id LIMIT $3;

-- name: list-teams-among
-- list-teams with a search, flagged files, extensions or late teams: $7 a
-- LIKE pattern ('' for none) on the team's name or a member's e-mail, $8
-- only teams with an extension, $9 only teams with flagged files, $5 also
-- 'late' (the latest version submitted after the contest's deadline). The
-- teams the first of them finds (the search's trigram indexes, else
-- file_checks_flagged_idx, else teams_extended_idx, else the versions
-- submitted after the deadline, submission_versions_contest_submitted_idx,
-- each looked up in its submission to keep the current ones: a join could
-- be planned as a scan of every submission, the plan being made once for
-- any deadline) are gathered once into an array (NULL for the versions no
-- longer current, which match no team) and paged through the teams'
-- primary key; the other filters are tested on those.
SELECT tm.id
FROM teams tm JOIN submissions s ON s.team_id = tm.id
WHERE tm.id = ANY (CASE
        WHEN $7 <> '' THEN ARRAY(SELECT n.id FROM teams n WHERE n.contest_id = $1 AND n.name ILIKE $7
            UNION ALL SELECT m.team_id FROM team_members m JOIN users u ON u.id = m.user_id
            WHERE m.contest_id = $1 AND u.email::text ILIKE $7)
        WHEN $9 THEN ARRAY(SELECT fs.team_id FROM file_checks fc
            JOIN submission_files f ON f.id = fc.file_id JOIN submissions fs ON fs.id = f.submission_id
            WHERE fc.warnings <> '[]'::jsonb AND f.status = 'stored' AND fs.contest_id = $1)
        WHEN $8 THEN ARRAY(SELECT x.id FROM teams x WHERE x.contest_id = $1 AND x.deadline_extension IS NOT NULL)
        ELSE ARRAY(SELECT (SELECT ls.team_id FROM submissions ls WHERE ls.id = lv.submission_id AND ls.current_version = lv.version)
            FROM submission_versions lv
            WHERE lv.contest_id = $1 AND lv.submitted_at > (SELECT lc.submission_deadline FROM contests lc WHERE lc.id = $1)) END)
    AND tm.id > $2 AND tm.contest_id = $1
    AND ($4 = '' OR tm.track_id = (SELECT tr.id FROM tracks tr WHERE tr.contest_id = $1 AND tr.slug = $4))
    AND ($5 = '' OR CASE WHEN $5 = 'late' THEN s.current_submitted_at > (SELECT c.submission_deadline FROM contests c WHERE c.id = $1)
        ELSE (s.current_version > 0) = ($5 = 'submitted') END)
    AND (coalesce(cardinality($6::text[]), 0) = 0 OR tm.track_id IN (SELECT tr.id FROM tracks tr WHERE tr.contest_id = $1 AND tr.slug = ANY($6::text[])))
    AND (NOT $8 OR tm.deadline_extension IS NOT NULL)
    AND (NOT $9 OR EXISTS (SELECT 1 FROM submission_files f JOIN file_checks fc ON fc.file_id = f.id
        WHERE f.submission_id = s.id AND f.status = 'stored' AND fc.warnings <> '[]'::jsonb))
ORDER BY tm.id LIMIT $3;

-- name: listed-teams
-- Teams $1 (bigint[]) as the teams list shows them,
-- without members (members-of-teams), with their latest version and
-- flagged_files: how many of the draft's files an entry check flagged.
SELECT t.id, t.contest_id, c.slug AS contest_slug, t.track_id, tr.slug AS track, t.name, t.invite_code,
    t.captain_id, t.deadline_extension, t.created_at, s.current_version AS version, s.current_submitted_at AS submitted_at,
    (SELECT count(*) FROM submission_files f JOIN file_checks fc ON fc.file_id = f.id
        WHERE f.submission_id = s.id AND f.status = 'stored' AND fc.warnings <> '[]'::jsonb) AS flagged_files
FROM teams t JOIN contests c ON c.id = t.contest_id JOIN tracks tr ON tr.id = t.track_id
JOIN submissions s ON s.team_id = t.id
WHERE t.id = ANY($1)
ORDER BY t.id;

-- name: members-of-teams
-- The members of teams $1 (bigint[]), in team_view's order; which of them
-- captains a team is read from listed-teams' captain_id.
SELECT m.team_id, m.user_id, u.name, u.email::text AS email, m.joined_at,
    u.email_verified_at IS NOT NULL AS email_verified
FROM team_members m JOIN users u ON u.id = m.user_id
WHERE m.team_id = ANY($1)
ORDER BY m.team_id, m.joined_at, m.user_id;

-- name: team-preview
-- What an invite link shows: the team with this invite code in contest $1.
SELECT t.name AS team, tr.slug AS track, u.name AS captain,
    (SELECT count(*) FROM team_members m WHERE m.team_id = t.id) AS members
FROM teams t JOIN tracks tr ON tr.id = t.track_id JOIN users u ON u.id = t.captain_id
WHERE t.contest_id = $1 AND t.invite_code = $2;

-- name: lock-team
SELECT contest_id FROM teams WHERE id = $1 FOR UPDATE;

-- name: lock-contest-person
-- The lock the role and team triggers take (migration 00016): a member
-- leaving takes it before the trigger of a concurrent join can check.
SELECT lock_contest_person($1, $2);

-- name: record-departure
INSERT INTO team_departures (contest_id, user_id, team_id) VALUES ($1, $2, $3)
ON CONFLICT (contest_id, user_id) DO UPDATE SET team_id = EXCLUDED.team_id, left_at = now();

-- name: team-size
-- A team's member count and its highest submitted version, read by a
-- statement of its own once lock-team or lock-team-by-code holds the team's
-- row: under READ COMMITTED a statement sees what was committed before it
-- started, so a count taken by the locking statement itself misses the
-- member that the transaction it waited for added.
SELECT (SELECT count(*) FROM team_members m WHERE m.team_id = $1) AS members,
    (SELECT coalesce(max(s.current_version), 0) FROM submissions s WHERE s.team_id = $1) AS versions;

-- name: delete-team-member
DELETE FROM team_members WHERE team_id = $1 AND user_id = $2 RETURNING contest_id;

-- name: delete-participant-role
DELETE FROM contest_members WHERE contest_id = $1 AND user_id = $2 AND role = 'participant';

-- name: add-participant-role
INSERT INTO contest_members (contest_id, user_id, role) VALUES ($1, $2, 'participant')
ON CONFLICT (contest_id, user_id, role) DO NOTHING;

-- name: delete-team
DELETE FROM teams WHERE id = $1;

-- name: set-captain
UPDATE teams SET captain_id = $2 WHERE id = $1
    AND EXISTS (SELECT 1 FROM team_members WHERE team_id = $1 AND user_id = $2);

-- name: set-extension
UPDATE teams SET deadline_extension = $2 WHERE id = $1;
