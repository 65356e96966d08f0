-- name: submission-by-team
SELECT id, team_id, contest_id, title, abstract, fields, current_version, updated_at
FROM submissions WHERE team_id = $1;

-- name: drafts-for-submit
-- For each (team, idempotency key) in ($1[i], $2[i]) (bigint[], text[]):
-- the team's draft at its revision, its stored files, and the version
-- already recorded under that key (NULL if none). Concurrent submits share
-- the query (see store.batcher). Arrays rather than JSON: the planner
-- reckons with a few keys (10) for unnest, with 100 for a JSON set.
SELECT k.team_id AS key_team_id, k.idempotency_key AS key_idempotency_key,
    s.id, s.team_id, s.contest_id, s.title, s.abstract, s.fields, s.current_version, s.updated_at, s.draft_revision,
    coalesce((SELECT json_agg(json_build_object('id', f.id, 'slot', f.slot, 'filename', f.filename, 'size', f.size,
            'sha256', f.sha256, 'status', f.status) ORDER BY f.slot, f.created_at)
        FROM submission_files f WHERE f.submission_id = s.id AND f.status = 'stored'), '[]') AS files,
    (SELECT json_build_object('version', v.version, 'submitted_at', v.submitted_at, 'title', v.title,
            'abstract', v.abstract, 'fields', v.fields, 'files', v.files, 'digest', v.digest)
        FROM submission_versions v WHERE v.submission_id = s.id AND v.idempotency_key = k.idempotency_key) AS existing
FROM unnest($1::bigint[], $2::text[]) AS k(team_id, idempotency_key)
JOIN submissions s ON s.team_id = k.team_id;

-- name: save-draft
UPDATE submissions SET title = $2, abstract = $3, fields = $4, updated_at = now(), draft_revision = draft_revision + 1
WHERE team_id = $1;

-- name: insert-file
-- Declares a file in the draft of the team team_id (its submission, found
-- here rather than by a query of its own). Inserts nothing when the team
-- has no submission.
INSERT INTO submission_files (id, submission_id, slot, filename, size, content_type, sha256, object_key,
    upload_kind, upload_id, status, created_by)
SELECT CAST(:id AS uuid), s.id, CAST(:slot AS text), CAST(:filename AS text), CAST(:size AS bigint),
    CAST(:content_type AS text), CAST(:sha256 AS text), CAST(:object_key AS text), CAST(:upload_kind AS text),
    CAST(:upload_id AS text), CAST(:status AS text), CAST(:created_by AS bigint)
FROM submissions s WHERE s.team_id = :team_id;

-- name: file-by-id
SELECT f.id, f.submission_id, f.slot, f.filename, f.size, f.content_type, f.sha256, f.object_key,
    f.upload_kind, f.upload_id, f.status, f.created_by, f.created_at, f.completed_at, s.team_id, s.contest_id
FROM submission_files f JOIN submissions s ON s.id = f.submission_id WHERE f.id = $1;

-- name: store-file
-- Makes a verified pending upload its slot's file in the draft, in one
-- statement: the slot's earlier stored file becomes 'replaced', this one
-- 'stored', and the draft's revision moves on (so a submit that read the
-- draft before reads it again). Returns the file as file-by-id does, or no
-- row when it was no longer pending. With $2 true the file's SHA-256 is
-- cleared: its fingerprint is pending (the declared one is not verified
-- yet; the fingerprint job records the stored object's, record-file-digests).
WITH f AS (
    UPDATE submission_files SET status = 'stored', completed_at = now(),
        sha256 = CASE WHEN $2::boolean THEN '' ELSE sha256 END
    WHERE id = $1 AND status = 'pending'
    RETURNING id, submission_id, slot, filename, size, content_type, sha256, object_key,
        upload_kind, upload_id, status, created_by, created_at, completed_at
), replaced AS (
    UPDATE submission_files o SET status = 'replaced' FROM f
    WHERE o.submission_id = f.submission_id AND o.slot = f.slot AND o.status = 'stored' AND o.id <> f.id
), draft AS (
    UPDATE submissions s SET draft_revision = draft_revision + 1 FROM f WHERE s.id = f.submission_id
    RETURNING s.id, s.team_id, s.contest_id
)
SELECT f.id, f.submission_id, f.slot, f.filename, f.size, f.content_type, f.sha256, f.object_key,
    f.upload_kind, f.upload_id, f.status, f.created_by, f.created_at, f.completed_at, draft.team_id, draft.contest_id
FROM f JOIN draft ON draft.id = f.submission_id;

-- name: set-file-status
UPDATE submission_files SET status = $2 WHERE id = $1;

-- name: record-file-digests
-- Records the SHA-256 of a stored file whose fingerprint was pending
-- (see store-file), with the CRC-32 ($3) read in the same pass; a file
-- that already has a SHA-256 keeps both. Returns the SHA-256 the file has
-- afterwards (no row: no such file).
WITH r AS (
    UPDATE submission_files SET sha256 = $2, crc32 = $3 WHERE id = $1 AND sha256 = '' RETURNING sha256
)
SELECT sha256 FROM r UNION ALL SELECT sha256 FROM submission_files WHERE id = $1 AND NOT EXISTS (SELECT FROM r);

-- name: draft-files
SELECT f.id, f.submission_id, f.slot, f.filename, f.size, f.content_type, f.sha256, f.object_key,
    f.upload_kind, f.upload_id, f.status, f.created_by, f.created_at, f.completed_at, s.team_id, s.contest_id
FROM submission_files f JOIN submissions s ON s.id = f.submission_id
WHERE f.submission_id = $1 AND f.status IN ('stored', 'pending') ORDER BY f.slot, f.created_at;

-- name: insert-versions
-- Records a batch of versions ($1: a JSON array of store.versionWrite), each
-- only if its draft is still as its submitter read it (at draft_revision,
-- and at the version before), with its receipt e-mails. Returns the
-- submissions whose version was recorded (a missing one changed meanwhile:
-- read it again). The row lock of the UPDATE orders concurrent submits of a
-- team; the loser re-checks the condition and is not recorded.
WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(submission_id bigint, version integer, submitted_at timestamptz,
        submitted_by bigint, title text, abstract text, fields jsonb, files jsonb, digest text, idempotency_key text,
        draft_revision bigint, emails jsonb)
), s AS (
    UPDATE submissions sub SET current_version = i.version, current_submitted_at = i.submitted_at FROM input i
    WHERE sub.id = i.submission_id AND sub.current_version = i.version - 1 AND sub.draft_revision = i.draft_revision
    RETURNING sub.id, sub.contest_id
), v AS (
    INSERT INTO submission_versions (submission_id, contest_id, version, submitted_at, submitted_by, title, abstract,
        fields, files, digest, idempotency_key)
    SELECT i.submission_id, s.contest_id, i.version, i.submitted_at, i.submitted_by, i.title, i.abstract, i.fields,
        i.files, i.digest, nullif(i.idempotency_key, '')
    FROM input i JOIN s ON s.id = i.submission_id
    RETURNING submission_id
), o AS (
    INSERT INTO outbox (to_email, subject, body)
    SELECT e->>'To', e->>'Subject', e->>'Body' FROM input i JOIN v USING (submission_id), jsonb_array_elements(i.emails) e
)
SELECT submission_id FROM v;

-- name: insert-outbox
-- Queues e-mails ($1: a JSON array of domain.Email, as insert-versions
-- reads its receipts).
INSERT INTO outbox (to_email, subject, body)
SELECT e->>'To', e->>'Subject', e->>'Body' FROM jsonb_array_elements($1::jsonb) e;

-- name: list-versions
SELECT version, submitted_at, digest FROM submission_versions WHERE submission_id = $1 ORDER BY version;

-- name: version
SELECT version, submitted_at, title, abstract, fields, files, digest
FROM submission_versions WHERE submission_id = $1 AND version = $2;

-- name: cleanup-files
-- Files whose objects the cleanup job removes, oldest first: uploads
-- pending since before $1, abandoned ones, and replaced files that no
-- submitted version includes (a version's files stay for as long as it
-- exists; a replaced file can no longer enter a new version).
-- Two index scans (submission_files_pending_idx, submission_files_cleanup_idx).
(SELECT f.id, f.submission_id, f.slot, f.filename, f.size, f.content_type, f.sha256, f.object_key,
    f.upload_kind, f.upload_id, f.status, f.created_by, f.created_at, f.completed_at, s.team_id, s.contest_id
FROM submission_files f JOIN submissions s ON s.id = f.submission_id
WHERE f.status = 'pending' AND f.created_at < $1
ORDER BY f.created_at LIMIT $2)
UNION ALL
(SELECT f.id, f.submission_id, f.slot, f.filename, f.size, f.content_type, f.sha256, f.object_key,
    f.upload_kind, f.upload_id, f.status, f.created_by, f.created_at, f.completed_at, s.team_id, s.contest_id
FROM submission_files f JOIN submissions s ON s.id = f.submission_id
WHERE f.status IN ('abandoned', 'replaced')
  AND (f.status = 'abandoned' OR NOT EXISTS (
        SELECT 1 FROM submission_versions v
        WHERE v.submission_id = f.submission_id
          AND v.files @> jsonb_build_array(jsonb_build_object('file_id', f.id::text))))
ORDER BY f.created_at LIMIT $2)
ORDER BY created_at LIMIT $2;

-- name: abandon-stale-upload
-- Gives up a pending upload for the cleanup job; no row when it is no
-- longer pending (completed meanwhile).
UPDATE submission_files SET status = 'abandoned' WHERE id = $1 AND status = 'pending' RETURNING id;

-- name: upload-usage
-- What the upload quotas of team $1 count: every file whose object may be
-- in the bucket, and every file declared since $2.
SELECT f.id, f.slot, f.status, f.size, f.created_by, f.created_at
FROM submission_files f JOIN submissions s ON s.id = f.submission_id
WHERE s.team_id = $1 AND (f.status IN ('pending', 'stored', 'replaced', 'abandoned') OR f.created_at >= $2);

-- name: abandon-superseded
-- Gives up the pending uploads of user $3 to slot $2 of team $1's draft
-- other than file $4: a new upload to the slot supersedes them.
UPDATE submission_files f SET status = 'abandoned'
FROM submissions s
WHERE s.team_id = $1 AND f.submission_id = s.id AND f.slot = $2 AND f.created_by = $3
  AND f.status = 'pending' AND f.id <> $4;

-- name: submission-by-id
SELECT id, team_id, contest_id, title, abstract, fields, current_version, updated_at
FROM submissions WHERE id = $1;

-- name: save-file-check
INSERT INTO file_checks (file_id, facts, warnings, checked_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (file_id) DO UPDATE SET facts = EXCLUDED.facts, warnings = EXCLUDED.warnings, checked_at = EXCLUDED.checked_at;

-- name: add-check-warning
-- Appends one warning ($2, a JSON object) unless an equal one is there.
INSERT INTO file_checks (file_id, warnings) VALUES ($1, jsonb_build_array($2::jsonb))
ON CONFLICT (file_id) DO UPDATE SET warnings = file_checks.warnings || jsonb_build_array($2::jsonb)
WHERE NOT file_checks.warnings @> jsonb_build_array($2::jsonb);

-- name: file-checks
SELECT file_id, facts, warnings, checked_at FROM file_checks WHERE file_id = ANY($1::uuid[]);

-- name: duplicate-files
-- Stored files of other teams of the contest with the same bytes.
SELECT f.id, s.team_id, t.name AS team_name
FROM submission_files f JOIN submissions s ON s.id = f.submission_id JOIN teams t ON t.id = s.team_id
WHERE f.sha256 = $3 AND f.status IN ('stored', 'replaced') AND s.contest_id = $1 AND s.team_id <> $2
ORDER BY f.created_at, f.id;

-- name: contest-has-blind-round
SELECT EXISTS (SELECT 1 FROM rounds WHERE contest_id = $1 AND blind) AS blind;

-- name: entry-texts
-- The latest submitted version of every entry of contest $1: what the
-- near-duplicate search compares.
SELECT s.id AS submission_id, t.id AS team_id, t.name AS team_name, v.title, v.abstract, v.fields
FROM submissions s JOIN teams t ON t.id = s.team_id
JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version
WHERE t.contest_id = $1 ORDER BY s.id;
