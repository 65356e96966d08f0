-- Background work: the outbox, exports, and the consistency check.

-- name: unsent-outbox
SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < $1 ORDER BY id LIMIT $2;

-- name: count-unsent-outbox
SELECT count(*) FROM outbox WHERE sent_at IS NULL;

-- name: lock-outbox
-- The unsent e-mails with attempts left (< $3) whose ids are in [$1, $2).
-- SKIP LOCKED: rows another replica is sending right now are left to it.
SELECT id, to_email, subject, body, attempts FROM outbox
WHERE id >= $1 AND id < $2 AND sent_at IS NULL AND attempts < $3 ORDER BY id FOR UPDATE SKIP LOCKED;

-- name: mark-outbox-sent
UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = '' WHERE id = ANY($1);

-- name: mark-outbox-failed
-- $3: the attempts to record, at least one more (all of them when no retry
-- can help).
UPDATE outbox SET attempts = greatest(attempts + 1, $3), last_error = $2 WHERE id = $1;

-- name: insert-export
INSERT INTO exports (id, contest_id, round_id, kind, bom, status, created_by, tracks)
VALUES (:id, :contest_id, :round_id, :kind, :bom, :status, :created_by, :tracks)
RETURNING created_at;

-- name: export-by-id
SELECT id, contest_id, round_id, kind, bom, status, done_items, total_items, object_key, error, created_by, created_at, finished_at,
    tracks
FROM exports WHERE id = $1;

-- name: list-exports
SELECT id, contest_id, round_id, kind, bom, status, done_items, total_items, object_key, error, created_by, created_at, finished_at,
    tracks
FROM exports WHERE contest_id = $1 ORDER BY created_at DESC, id LIMIT $2;

-- name: start-export
UPDATE exports SET status = 'running', total_items = $2, done_items = 0, error = ''
WHERE id = $1 AND status IN ('queued', 'running');

-- name: export-progress
UPDATE exports SET done_items = $2 WHERE id = $1;

-- name: finish-export
UPDATE exports SET status = 'done', done_items = total_items, object_key = $2, finished_at = now() WHERE id = $1;

-- name: fail-export
UPDATE exports SET status = 'failed', error = $2, finished_at = now() WHERE id = $1;

-- name: expired-exports
-- Exports requested before $1 (whatever their state: one still queued or
-- running then is stuck), oldest first.
SELECT id, contest_id, round_id, kind, status, done_items, total_items, object_key, error, created_by, created_at, finished_at
FROM exports WHERE created_at < $1 ORDER BY created_at, id LIMIT $2;

-- name: delete-export
DELETE FROM exports WHERE id = $1;

-- name: export-entries
-- The current (latest submitted) version of every team of a contest, or,
-- with a round ($2 > 0), the version each entry of that round is judged on.
SELECT s.id AS submission_id, t.id AS team_id, t.name AS team_name, tr.slug AS track, v.version, v.submitted_at, v.digest,
    v.title, v.abstract, v.fields, v.files,
    coalesce((SELECT array_agg(u.email::text ORDER BY u.email) FROM team_members m JOIN users u ON u.id = m.user_id
        WHERE m.team_id = t.id), '{}') AS emails
FROM submissions s
JOIN teams t ON t.id = s.team_id
JOIN tracks tr ON tr.id = t.track_id
LEFT JOIN round_entries re ON re.round_id = $2 AND re.submission_id = s.id
JOIN submission_versions v ON v.submission_id = s.id
    AND v.version = CASE WHEN $2 = 0 THEN s.current_version ELSE re.version END
WHERE s.contest_id = $1 AND s.current_version > 0 AND ($2 = 0 OR re.submission_id IS NOT NULL)
ORDER BY tr.position, tr.slug, t.id;

-- name: object-keys
-- Where files are stored and their recorded SHA-256 (also one computed
-- after the submit).
SELECT id, object_key, sha256 FROM submission_files WHERE id = ANY($1);

-- name: file-crc32s
SELECT id, crc32 FROM submission_files WHERE id = ANY($1) AND crc32 IS NOT NULL;

-- name: save-file-crc32
UPDATE submission_files f SET crc32 = x.crc
FROM unnest($1::uuid[], $2::bigint[]) AS x(id, crc) WHERE f.id = x.id;

-- name: all-file-records
-- Every file row, for `podium verify`: stored and replaced files must be in
-- the bucket as recorded; any key is known (not an orphan).
SELECT id, object_key, size, sha256, status FROM submission_files ORDER BY object_key;

-- name: latest-mail-to
-- The last e-mail queued for an address (tests and dev tools read links).
SELECT id, to_email, subject, body, attempts FROM outbox WHERE to_email = $1 ORDER BY id DESC LIMIT 1;
