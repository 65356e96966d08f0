-- Bulk seeding of a contest at national scale (`podium seed --scale`): every
-- statement writes one table for the whole contest from generate_series, so
-- no row crosses the wire and each table costs one round trip. Ids of users,
-- teams and submissions are reserved first (reserve-ids) so that the rows of
-- the next table can be computed from them: participant k (1-based) is user
-- $first + k - 1 and belongs to team 1 + (k - 1) / members; team i has
-- submission i of the reserved submission range.

-- name: reserve-ids
-- Moves sequence $1 on by $2 ids and returns the last one reserved (the
-- first is the result - $2 + 1).
SELECT setval($1::text::regclass, nextval($1::text::regclass) + $2::bigint - 1);

-- name: seed-users
-- $3 accounts from id $1, e-mail $4 || k || $5, all with the password hash
-- $2 and verified (nobody reads the mailboxes of generated accounts).
INSERT INTO users (id, email, name, password_hash, organization, email_verified_at)
SELECT $1::bigint + k - 1, $4::text || k || $5::text, $6::text || ' ' || k, $2, 'Org ' || (k % 700), now()
FROM generate_series(1, $3::int) k;

-- name: seed-participants
-- The participant role of users $2 .. $3 in contest $1; in slices, since the
-- role trigger takes one lock per person until the transaction ends.
INSERT INTO contest_members (contest_id, user_id, role)
SELECT $1, u, 'participant' FROM generate_series($2::bigint, $3::bigint) u;

-- name: seed-judges
-- $3 judges from user $2 in contest $1; judge k judges track $4[1 + (k - 1)
-- % n] and sits in one of 50 organizations.
INSERT INTO contest_members (contest_id, user_id, role, tracks, organization)
SELECT $1, $2::bigint + k - 1, 'judge', ARRAY[($4::text[])[1 + (k - 1) % cardinality($4::text[])]], 'Jury ' || (k % 50)
FROM generate_series(1, $3::int) k;

-- name: seed-teams
-- $3 teams from id $2 in contest $1, round-robin over the track ids $4,
-- captained by the first of their $6 members (users from $5); every 97th
-- has an extension to $7.
INSERT INTO teams (id, contest_id, track_id, name, invite_code, captain_id, deadline_extension)
SELECT $2::bigint + i - 1, $1::bigint, ($4::bigint[])[1 + (i - 1) % cardinality($4::bigint[])], 'Team ' || i,
    md5($1::bigint || ':' || i), $5::bigint + (i - 1) * $6::int, CASE WHEN i % 97 = 0 THEN $7::timestamptz END
FROM generate_series(1, $3::int) i;

-- name: seed-team-members
-- Members $4 .. $5 (1-based) of the teams from id $2 in contest $1, $6 per
-- team, users from $3; in slices, as for seed-participants.
INSERT INTO team_members (team_id, contest_id, user_id)
SELECT $2::bigint + (k - 1) / $6::int, $1, $3::bigint + k - 1 FROM generate_series($4::bigint, $5::bigint) k;

-- name: seed-submissions
-- The submissions of the $3 teams from id $2 (contest $1), ids from $4.
-- The first 1/$5 of the teams (as many in every track) have submitted (version 1, by its captain, at $6 or after
-- its extended deadline $7 for the teams that have one) with one stored
-- file in slot $8; the others have an empty draft.
WITH s AS (
    INSERT INTO submissions (id, team_id, contest_id, title, abstract, fields, current_version, current_submitted_at)
    SELECT $4::bigint + i - 1, $2::bigint + i - 1, $1, 'Entry ' || i, 'Abstract of entry ' || i,
        '{}', CASE WHEN i <= $3::int / $5::int THEN 1 ELSE 0 END,
        CASE WHEN i > $3::int / $5::int THEN NULL
            WHEN (SELECT t.deadline_extension FROM teams t WHERE t.id = $2::bigint + i - 1) IS NOT NULL
            THEN $7::timestamptz - interval '1 hour' ELSE $6::timestamptz END
    FROM generate_series(1, $3::int) i
    RETURNING id, team_id, title, abstract, current_version, current_submitted_at
), f AS (
    INSERT INTO submission_files (id, submission_id, slot, filename, size, content_type, sha256, object_key,
        upload_kind, status, created_by, completed_at)
    SELECT md5('national:' || s.id)::uuid, s.id, $8, 'entry-' || s.id || '.pdf', 1048576 + (s.id % 4096) * 1024,
        'application/pdf', encode(sha256(('national:' || s.id)::bytea), 'hex'),
        'national/' || $1::bigint || '/' || s.id || '/' || $8 || '.pdf', 'post', 'stored', t.captain_id, $6::timestamptz
    FROM s JOIN teams t ON t.id = s.team_id WHERE s.current_version = 1
    RETURNING id, submission_id, slot, filename, size, sha256
)
INSERT INTO submission_versions (submission_id, version, submitted_at, submitted_by, title, abstract, fields, files, digest)
SELECT s.id, 1, s.current_submitted_at, t.captain_id, s.title, s.abstract, '{}',
    jsonb_build_array(jsonb_build_object('file_id', f.id::text, 'slot', f.slot, 'filename', f.filename, 'size', f.size, 'sha256', f.sha256)),
    encode(sha256(('digest:' || s.id)::bytea), 'hex')
FROM s JOIN f ON f.submission_id = s.id JOIN teams t ON t.id = s.team_id;

-- name: seed-file-checks
-- An entry-check finding on every $2-th stored file of contest $1.
INSERT INTO file_checks (file_id, facts, warnings)
SELECT f.id, '{}', '[{"code": "identity", "message": "the file names a member of the team"}]'
FROM submission_files f JOIN submissions s ON s.id = f.submission_id
WHERE s.contest_id = $1 AND f.status = 'stored' AND s.id % $2::int = 0;

-- name: seed-round-entries
-- The entries of round $1: every submitted entry of contest $2 for the first
-- round ($3 = 1), else those advanced from round $3 - 1. Every $4-th entry
-- (by id) advances.
INSERT INTO round_entries (round_id, submission_id, version, advanced)
SELECT $1, e.id, e.version, (row_number() OVER (ORDER BY e.id)) % $4::int = 0
FROM (
    SELECT s.id, s.current_version AS version FROM submissions s
    WHERE $3::int = 1 AND s.contest_id = $2 AND s.current_version > 0
    UNION ALL
    SELECT re.submission_id, re.version FROM round_entries re JOIN rounds p ON p.id = re.round_id
    WHERE $3::int > 1 AND p.contest_id = $2 AND p.position = $3::int - 1 AND re.advanced
) e;

-- name: seed-assignments
-- $3 distinct judges of its track for every entry of round $1 (contest $2):
-- entry p of a track (0-based) goes to the track's judges (p * $3 + k) mod
-- n, k < $3, which spreads the load evenly; the round is then assigned.
-- Returns the number of assignments.
WITH e AS (
    SELECT re.submission_id, t.track_id, row_number() OVER (PARTITION BY t.track_id ORDER BY re.submission_id) - 1 AS pos
    FROM round_entries re JOIN submissions s ON s.id = re.submission_id JOIN teams t ON t.id = s.team_id
    WHERE re.round_id = $1
), j AS (
    SELECT cm.user_id AS judge_id, tr.id AS track_id,
        row_number() OVER (PARTITION BY tr.id ORDER BY cm.user_id) - 1 AS pos, count(*) OVER (PARTITION BY tr.id) AS n
    FROM contest_members cm JOIN tracks tr ON tr.contest_id = cm.contest_id AND tr.slug = ANY (cm.tracks)
    WHERE cm.contest_id = $2 AND cm.role = 'judge'
), a AS (
    INSERT INTO assignments (round_id, submission_id, judge_id)
    SELECT $1, e.submission_id, j.judge_id
    FROM e CROSS JOIN generate_series(0, $3::int - 1) k JOIN j ON j.track_id = e.track_id AND j.pos = (e.pos * $3::int + k) % j.n
    RETURNING 1
), r AS (
    UPDATE rounds SET assigned_at = now() WHERE id = $1
)
SELECT count(*) FROM a;

-- name: seed-scores
-- Score sheets of round $1's assignments: $2 % of them final, $3 % (at
-- least $2) saved at all. Each criterion of the rubric $4 (a JSON array of
-- {id, min, max}) gets the entry's quality plus the judge's bias plus noise,
-- clamped to the criterion's range; the final ones get their history line
-- and the round's scores revision moves on. Returns the number of sheets.
WITH sc AS (
    INSERT INTO scores (assignment_id, round_id, judge_id, submission_id, "values", final, submitted_at)
    SELECT a.id, a.round_id, a.judge_id, a.submission_id,
        (SELECT jsonb_object_agg(c->>'id', least((c->>'max')::float8, greatest((c->>'min')::float8,
            round((c->>'min')::float8 + ((c->>'max')::float8 - (c->>'min')::float8)
                * ((a.submission_id * 7919 % 61) / 60.0 * 0.7 + 0.15 + (a.judge_id % 5 - 2) * 0.05
                   + ((a.judge_id * 31 + a.submission_id * 17 + length(c->>'id')) % 7 - 3) * 0.02)))))
         FROM jsonb_array_elements($4::jsonb) c),
        a.id % 100 < $2::int, CASE WHEN a.id % 100 < $2::int THEN now() END
    FROM assignments a WHERE a.round_id = $1 AND a.status = 'active' AND a.id % 100 < greatest($2::int, $3::int)
    RETURNING assignment_id, judge_id, "values", final
), h AS (
    INSERT INTO score_history (assignment_id, actor_id, action, new)
    SELECT assignment_id, judge_id, CASE WHEN final THEN 'score.submit' ELSE 'score.draft' END, "values" FROM sc
), r AS (
    UPDATE rounds SET scores_revision = scores_revision + 1 WHERE id = $1
)
SELECT count(*) FROM sc;

-- name: seed-audit
-- The audit lines of what the seed did as organizer $2 in contest $1: the
-- judges added and the extensions granted.
INSERT INTO audit_log (contest_id, actor_id, action, object_type, object_id, detail)
SELECT $1::bigint, $2::bigint, 'member.add', 'user', cm.user_id::text, jsonb_build_object('role', cm.role)
FROM contest_members cm WHERE cm.contest_id = $1 AND cm.role = 'judge'
UNION ALL
SELECT $1::bigint, $2::bigint, 'team.extension', 'team', t.id::text, jsonb_build_object('until', t.deadline_extension)
FROM teams t WHERE t.contest_id = $1 AND t.deadline_extension IS NOT NULL;

-- name: seed-analyze
-- Fresh statistics for the planner after the bulk load.
ANALYZE users, contest_members, teams, team_members, submissions, submission_files, submission_versions,
    file_checks, round_entries, assignments, scores, score_history, audit_log;
