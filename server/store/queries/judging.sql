-- name: insert-round
INSERT INTO rounds (contest_id, position, name, rubric, judges_per_entry, max_load, blind, method,
    pool_tracks, pool_judges, closes_at, balance)
VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM rounds WHERE contest_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce(nullif($11, ''), 'count'))
RETURNING id;

-- name: round-by-id
SELECT * FROM round_view WHERE id = $1;

-- name: list-rounds
SELECT * FROM round_view WHERE contest_id = $1 ORDER BY position;

-- name: judge-ids-by-email
SELECT lower(u.email::text) AS email, u.id FROM contest_members m JOIN users u ON u.id = m.user_id
WHERE m.contest_id = $1 AND m.role = 'judge' AND u.email = ANY($2::citext[]);

-- name: count-round-entries
SELECT count(*) FROM round_entries WHERE round_id = $1;

-- name: fill-first-round
INSERT INTO round_entries (round_id, submission_id, version)
SELECT $1, s.id, s.current_version FROM submissions s
WHERE s.contest_id = $2 AND s.current_version > 0
ON CONFLICT DO NOTHING;

-- name: fill-later-round
INSERT INTO round_entries (round_id, submission_id, version)
SELECT $1, e.submission_id, e.version FROM round_entries e JOIN rounds p ON p.id = e.round_id
WHERE p.contest_id = $2 AND p.position = $3 - 1 AND e.advanced
ON CONFLICT DO NOTHING;

-- name: round-entries
-- The reading facts of all the round's versions are summed in one join
-- (the per-row version_reading call cost ~0.06 ms an entry: most of a
-- 10,000-entry round's cold ranking); the active assignments of each entry
-- are counted in the same statement (a ranking needs only how many judges
-- are planned, not 30,000 assignment rows).
WITH reading AS (
    SELECT e.submission_id,
        coalesce(sum((fc.facts->>'pages')::integer), 0)::integer AS pages,
        coalesce(sum((fc.facts->'media'->>'duration_seconds')::double precision), 0) AS media_seconds
    FROM round_entries e
    JOIN submission_versions v ON v.submission_id = e.submission_id AND v.version = e.version
    CROSS JOIN LATERAL jsonb_array_elements(v.files) f
    JOIN file_checks fc ON fc.file_id = (f->>'file_id')::uuid
    WHERE e.round_id = $1
    GROUP BY e.submission_id
), active AS (
    SELECT submission_id, count(*)::integer AS active FROM assignments
    WHERE round_id = $1 AND status = 'active' GROUP BY submission_id
)
SELECT e.submission_id, e.version, e.advanced, t.id AS team_id, t.name AS team_name, tr.slug AS track,
    coalesce(v.title, '') AS title, coalesce(v.fields, '{}') AS fields,
    coalesce(rt.pages, 0) AS pages, coalesce(rt.media_seconds, 0) AS media_seconds,
    coalesce(ac.active, 0) AS active
FROM round_entries e
JOIN submissions s ON s.id = e.submission_id
JOIN teams t ON t.id = s.team_id
JOIN tracks tr ON tr.id = t.track_id
LEFT JOIN submission_versions v ON v.submission_id = e.submission_id AND v.version = e.version
LEFT JOIN reading rt ON rt.submission_id = e.submission_id
LEFT JOIN active ac ON ac.submission_id = e.submission_id
WHERE e.round_id = $1 ORDER BY e.submission_id;

-- name: round-entry
-- One entry of a round ($1: round, $2: submission) as its judge's page needs
-- it: the version judged, the team and its track.
SELECT e.submission_id, e.version, e.advanced, s.team_id, tr.slug AS track
FROM round_entries e
JOIN submissions s ON s.id = e.submission_id
JOIN teams t ON t.id = s.team_id
JOIN tracks tr ON tr.id = t.track_id
WHERE e.round_id = $1 AND e.submission_id = $2;

-- name: round-entry-members
-- The people of each entry, for conflicts of interest: its team's members
-- and those who left the team after it submitted.
SELECT s.id AS submission_id, u.id AS user_id, u.email::text AS email, u.organization
FROM round_entries e JOIN submissions s ON s.id = e.submission_id
JOIN team_members m ON m.team_id = s.team_id JOIN users u ON u.id = m.user_id
WHERE e.round_id = $1
UNION ALL
SELECT s.id, u.id, u.email::text, u.organization
FROM round_entries e JOIN submissions s ON s.id = e.submission_id
JOIN team_departures d ON d.team_id = s.team_id JOIN users u ON u.id = d.user_id
WHERE e.round_id = $1;

-- name: contest-judges
SELECT m.user_id, u.email::text AS email, u.name, u.language,
    CASE WHEN m.organization <> '' THEN m.organization ELSE u.organization END AS organization, m.tracks,
    m.scoped, m.prize
FROM contest_members m JOIN users u ON u.id = m.user_id
WHERE m.contest_id = $1 AND m.role = 'judge' ORDER BY m.user_id;

-- name: declared-conflicts
SELECT contest_id, judge_id, team_id, organization, reason FROM declared_conflicts WHERE contest_id = $1 ORDER BY id;

-- name: add-declared-conflict
INSERT INTO declared_conflicts (contest_id, judge_id, team_id, organization, reason) VALUES ($1, $2, $3, $4, $5);

-- name: round-interests
SELECT judge_id, submission_id, interest FROM judge_interests WHERE round_id = $1;

-- name: delete-interests
DELETE FROM judge_interests WHERE round_id = $1 AND judge_id = $2;

-- name: insert-interest
INSERT INTO judge_interests (round_id, judge_id, submission_id, interest)
SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM round_entries WHERE round_id = $1 AND submission_id = $3);

-- name: round-assignments
SELECT a.id, a.round_id, a.submission_id, a.judge_id, u.email::text AS judge_email, a.status, a.reason, a.created_at,
    CASE WHEN sc.final THEN 'final' WHEN sc.assignment_id IS NOT NULL THEN 'draft' ELSE 'none' END AS score_state
FROM assignments a JOIN users u ON u.id = a.judge_id LEFT JOIN scores sc ON sc.assignment_id = a.id
WHERE a.round_id = $1 AND (NOT $2 OR a.status = 'active') ORDER BY a.submission_id, a.id;

-- name: round-assignments-page
-- One page of round $1's active assignments after id $2 ($3 rows), in id
-- order, of the entries of tracks $4 (empty for all: a track lead reads
-- their tracks', each sheet's track looked up by primary key, which a
-- join or EXISTS would turn into a scan of the contest's teams), as
-- round-assignments gives them, each naming its judge and its
-- entry (the team and the title of the version judged; the domain decides
-- who may see a blind entry's team). The page's rows are read first, then
-- its entries once each (a page of 100 sheets holds ~35 entries) and each
-- sheet's score: as subqueries by primary key, since a join could be
-- planned as a scan of the round's entries or of every sheet after $2
-- (the plan is made once for any page).
WITH page AS (
    SELECT a.id, a.round_id, a.submission_id, a.judge_id, a.status, a.reason, a.created_at
    FROM assignments a WHERE a.round_id = $1 AND a.status = 'active' AND a.id > $2
        AND (coalesce(cardinality($4::text[]), 0) = 0 OR (SELECT tr.slug FROM submissions s
            JOIN teams t ON t.id = s.team_id JOIN tracks tr ON tr.id = t.track_id
            WHERE s.id = a.submission_id) = ANY($4::text[]))
    ORDER BY a.id LIMIT $3
), entries AS MATERIALIZED (
    SELECT p.submission_id,
        (SELECT t.name FROM submissions s JOIN teams t ON t.id = s.team_id WHERE s.id = p.submission_id) AS team_name,
        coalesce((SELECT v.title FROM round_entries e
            JOIN submission_versions v ON v.submission_id = e.submission_id AND v.version = e.version
            WHERE e.round_id = $1 AND e.submission_id = p.submission_id), '') AS title
    FROM (SELECT DISTINCT submission_id FROM page) p
)
SELECT a.id, a.round_id, a.submission_id, a.judge_id, u.email::text AS judge_email, u.name AS judge_name,
    a.status, a.reason, a.created_at,
    coalesce((SELECT CASE WHEN sc.final THEN 'final' ELSE 'draft' END FROM scores sc WHERE sc.assignment_id = a.id),
        'none') AS score_state,
    n.team_name, n.title
FROM page a JOIN users u ON u.id = a.judge_id JOIN entries n ON n.submission_id = a.submission_id
ORDER BY a.id;

-- name: count-round-scores
SELECT count(*) FROM scores WHERE round_id = $1;

-- name: delete-round-assignments
DELETE FROM assignments WHERE round_id = $1 AND status = 'active';

-- name: insert-assignment
INSERT INTO assignments (round_id, submission_id, judge_id) VALUES ($1, $2, $3);

-- name: mark-assigned
UPDATE rounds SET assigned_at = now() WHERE id = $1;

-- name: retire-assignment
UPDATE assignments SET status = $2, reason = $3 WHERE id = $1 AND status = 'active';

-- name: assignment-by-id
SELECT * FROM assignment_view WHERE id = $1;

-- name: assignment-rounds
-- Assignments' rounds, with each assignment (columns "a.*") and its score
-- sheet (columns "s.*", zero before the first save: has_score), the
-- sheet's revision and when the contest's final ranking was frozen: a judge's every action on an assignment needs them, a
-- score save all of them from one read ($1: bigint[]; see store.batcher).
-- Plain columns, not JSON objects: this read runs for every score save,
-- and decoding JSON cost the server more than scanning columns.
SELECT r.*, a.id AS "a.id", a.round_id AS "a.round_id", a.submission_id AS "a.submission_id", a.judge_id AS "a.judge_id",
    a.judge_email AS "a.judge_email", a.status AS "a.status", a.reason AS "a.reason", a.created_at AS "a.created_at",
    a.score_state AS "a.score_state", sc.assignment_id IS NOT NULL AS has_score,
    coalesce(sc.assignment_id, 0) AS "s.assignment_id", coalesce(sc.round_id, 0) AS "s.round_id",
    coalesce(sc.judge_id, 0) AS "s.judge_id", coalesce(sc.submission_id, 0) AS "s.submission_id",
    coalesce(sc."values", '{}') AS score_values, coalesce(sc.comment, '') AS "s.comment", coalesce(sc.final, false) AS "s.final",
    sc.submitted_at AS "s.submitted_at", coalesce(sc.updated_at, a.created_at) AS "s.updated_at",
    coalesce(sc.seq, 0) AS "s.seq", coalesce(sc.revision, 0) AS score_revision, cf.frozen_at
FROM assignment_view a JOIN round_view r ON r.id = a.round_id LEFT JOIN scores sc ON sc.assignment_id = a.id
LEFT JOIN contest_finals cf ON cf.contest_id = r.contest_id
WHERE a.id = ANY($1);

-- name: judge-assignments
-- With each entry's pages and media seconds (its expected reading time).
SELECT a.id, a.round_id, a.submission_id, a.judge_id, '' AS judge_email, a.status, a.reason, a.created_at,
    CASE WHEN sc.final THEN 'final' WHEN sc.assignment_id IS NOT NULL THEN 'draft' ELSE 'none' END AS score_state,
    coalesce(rt.pages, 0) AS pages, coalesce(rt.media_seconds, 0) AS media_seconds
FROM assignments a LEFT JOIN scores sc ON sc.assignment_id = a.id
LEFT JOIN round_entries e ON e.round_id = a.round_id AND e.submission_id = a.submission_id
LEFT JOIN submission_versions v ON v.submission_id = e.submission_id AND v.version = e.version
LEFT JOIN LATERAL version_reading(v.files) rt ON true
WHERE a.judge_id = $1 AND a.status = 'active' ORDER BY a.round_id, a.id;

-- name: judge-assignments-with-conflicts
-- A judge's active assignments and the ones they gave back with a conflict
-- (their progress counts those).
SELECT a.id, a.round_id, a.submission_id, a.judge_id, '' AS judge_email, a.status, a.reason, a.created_at,
    CASE WHEN sc.final THEN 'final' WHEN sc.assignment_id IS NOT NULL THEN 'draft' ELSE 'none' END AS score_state,
    coalesce(rt.pages, 0) AS pages, coalesce(rt.media_seconds, 0) AS media_seconds
FROM assignments a LEFT JOIN scores sc ON sc.assignment_id = a.id
LEFT JOIN round_entries e ON e.round_id = a.round_id AND e.submission_id = a.submission_id
LEFT JOIN submission_versions v ON v.submission_id = e.submission_id AND v.version = e.version
LEFT JOIN LATERAL version_reading(v.files) rt ON true
WHERE a.judge_id = $1 AND a.status IN ('active', 'conflict') ORDER BY a.round_id, a.id;

-- name: scores-by-assignment
-- Score sheets by assignment ($1: bigint[]; see store.batcher).
SELECT assignment_id, round_id, judge_id, submission_id, "values", comment, final, submitted_at, updated_at, seq, revision
FROM scores WHERE assignment_id = ANY($1);

-- name: write-scores
-- Writes a batch of score sheets ($1: a JSON array of store.scoreWrite),
-- each only if the stored sheet is still at the revision its writer read
-- (0: there is none yet), each with its history line; a written sheet with
-- bump also moves its round's scores revision. Returns the assignments
-- written (a missing one changed meanwhile: read it again). Rows go in
-- assignment order, so concurrent batches lock them in the same order, and
-- ON CONFLICT checks the revision on the latest row version.
WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(assignment_id bigint, round_id bigint, judge_id bigint,
        submission_id bigint, "values" jsonb, comment text, final boolean, submitted_at timestamptz,
        updated_at timestamptz, seq bigint, revision integer, actor_id bigint, action text, old jsonb, new jsonb, bump boolean)
), up AS (
    INSERT INTO scores AS sc (assignment_id, round_id, judge_id, submission_id, "values", comment, final, submitted_at, updated_at, seq)
    SELECT assignment_id, round_id, judge_id, submission_id, "values", comment, final, submitted_at, updated_at, seq
    FROM input ORDER BY assignment_id
    ON CONFLICT (assignment_id) DO UPDATE SET "values" = EXCLUDED."values", comment = EXCLUDED.comment,
        final = EXCLUDED.final, submitted_at = EXCLUDED.submitted_at, updated_at = EXCLUDED.updated_at,
        seq = EXCLUDED.seq, revision = sc.revision + 1
    WHERE sc.revision = (SELECT i.revision FROM input i WHERE i.assignment_id = EXCLUDED.assignment_id)
    RETURNING assignment_id
), h AS (
    INSERT INTO score_history (assignment_id, actor_id, action, old, new)
    SELECT i.assignment_id, i.actor_id, i.action, i.old, i.new FROM input i JOIN up USING (assignment_id)
), r AS (
    UPDATE rounds SET scores_revision = scores_revision + 1
    WHERE id IN (SELECT i.round_id FROM input i JOIN up USING (assignment_id) WHERE i.bump)
)
SELECT assignment_id FROM up;

-- name: bump-scores-revision
UPDATE rounds SET scores_revision = scores_revision + 1 WHERE id = $1;

-- name: notify-progress
-- One notification per changed round (ids: bigint[]), see store.announcer.
SELECT pg_notify('podium_progress', id::text) FROM unnest($1::bigint[]) AS id;

-- name: round-scores
SELECT sc.assignment_id, sc.round_id, sc.judge_id, sc.submission_id, sc."values", sc.comment, sc.final,
    sc.submitted_at, sc.updated_at
FROM scores sc JOIN assignments a ON a.id = sc.assignment_id
WHERE sc.round_id = $1 AND a.status = 'active' AND (NOT $2 OR sc.final) ORDER BY sc.submission_id, sc.judge_id;

-- name: ranking-scores
-- The final sheets of round $1's active assignments with only what a
-- ranking shows, in no order (the caller sorts: sorting here spilled 30,000
-- sheets to disk under the default work_mem).
SELECT sc.assignment_id, sc.judge_id, sc.submission_id, sc."values", sc.comment
FROM scores sc JOIN assignments a ON a.id = sc.assignment_id
WHERE sc.round_id = $1 AND a.status = 'active' AND sc.final;

-- name: score-history
SELECT h.id, h.actor_id, u.email::text AS actor_email, h.action, coalesce(h.old, 'null') AS old,
    coalesce(h.new, 'null') AS new, h.created_at
FROM score_history h JOIN users u ON u.id = h.actor_id WHERE h.assignment_id = $1 ORDER BY h.id;

-- name: cached-ranking
SELECT result FROM round_rankings WHERE round_id = $1 AND scores_revision = $2;

-- name: cache-ranking
INSERT INTO round_rankings (round_id, scores_revision, result) VALUES ($1, $2, $3)
ON CONFLICT (round_id) DO UPDATE SET scores_revision = EXCLUDED.scores_revision, result = EXCLUDED.result, computed_at = now()
WHERE round_rankings.scores_revision <= EXCLUDED.scores_revision;

-- name: clear-advanced
UPDATE round_entries SET advanced = false WHERE round_id = $1;

-- name: set-advanced
UPDATE round_entries SET advanced = true WHERE round_id = $1 AND submission_id = ANY($2);

-- name: delete-awards
DELETE FROM awards WHERE contest_id = $1;

-- name: insert-award
INSERT INTO awards (contest_id, submission_id, award, position)
SELECT $1, s.id, $3, $4 FROM submissions s WHERE s.id = $2 AND s.contest_id = $1 AND s.current_version > 0;

-- name: set-awards-order
UPDATE contests SET awards_order = $2 WHERE id = $1;

-- name: awards-order
SELECT awards_order FROM contests WHERE id = $1;

-- name: publish-results
UPDATE contests SET results_published_at = coalesce(results_published_at, now()) WHERE id = $1;

-- name: contest-awards
SELECT a.award, a.submission_id, t.name AS team_name, tr.slug AS track, coalesce(v.title, '') AS title, a.position
FROM awards a JOIN submissions s ON s.id = a.submission_id JOIN teams t ON t.id = s.team_id
JOIN tracks tr ON tr.id = t.track_id
LEFT JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version
WHERE a.contest_id = $1 ORDER BY a.position, a.submission_id;

-- name: entry-version
SELECT version, submitted_at, title, abstract, fields, files, digest
FROM submission_versions WHERE submission_id = $1 AND version = $2;

-- name: judge-can-read-file
-- Whether a judge holds an active assignment whose judged version has the
-- file, and whether one of those rounds is blind.
SELECT count(*) > 0 AS allowed, coalesce(bool_or(r.blind), false) AS blind
FROM assignments a
JOIN rounds r ON r.id = a.round_id
JOIN round_entries e ON e.round_id = a.round_id AND e.submission_id = a.submission_id
JOIN submission_versions v ON v.submission_id = e.submission_id AND v.version = e.version
WHERE a.judge_id = $1 AND a.status = 'active' AND a.submission_id = $2
  AND v.files @> jsonb_build_array(jsonb_build_object('file_id', $3::text));

-- name: team-feedback
SELECT r.name AS round, sc."values", sc.comment, r.rubric
FROM scores sc JOIN assignments a ON a.id = sc.assignment_id JOIN rounds r ON r.id = sc.round_id
JOIN submissions s ON s.id = sc.submission_id
WHERE s.team_id = $1 AND sc.final AND a.status = 'active' ORDER BY r.position, sc.assignment_id;

-- name: round-progress
-- Counted per judge first, then named: sorting the round's assignments by
-- a citext e-mail cost most of a national round's progress.
SELECT p.judge_id, u.email::text AS email, u.name, p.assigned, p.done, p.drafts, p.pending
FROM (
    SELECT a.judge_id, count(*) AS assigned,
        count(*) FILTER (WHERE sc.final) AS done,
        count(*) FILTER (WHERE sc.assignment_id IS NOT NULL AND NOT sc.final) AS drafts,
        count(*) FILTER (WHERE sc.final IS NOT TRUE) AS pending
    FROM assignments a LEFT JOIN scores sc ON sc.assignment_id = a.id AND sc.round_id = $1
    WHERE a.round_id = $1 AND a.status = 'active'
    GROUP BY a.judge_id
) p JOIN users u ON u.id = p.judge_id
ORDER BY u.email;
