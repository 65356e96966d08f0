-- name: submission-by-team
SELECT id, team_id, contest_id, title, abstract, fields, current_version, updated_at
FROM submissions WHERE team_id = $1;

-- name: lock-submission
SELECT id, team_id, contest_id, title, abstract, fields, current_version, updated_at
FROM submissions WHERE id = $1 FOR UPDATE;

-- name: save-draft
UPDATE submissions SET title = $2, abstract = $3, fields = $4, updated_at = now() WHERE team_id = $1;

-- name: insert-file
INSERT INTO submission_files (id, submission_id, slot, filename, size, content_type, sha256, object_key,
    upload_kind, upload_id, status, created_by)
VALUES (:id, :submission_id, :slot, :filename, :size, :content_type, :sha256, :object_key,
    :upload_kind, :upload_id, :status, :created_by);

-- name: file-by-id
SELECT f.id, f.submission_id, f.slot, f.filename, f.size, f.content_type, f.sha256, f.object_key,
    f.upload_kind, f.upload_id, f.status, f.created_by, f.created_at, f.completed_at, s.team_id, s.contest_id
FROM submission_files f JOIN submissions s ON s.id = f.submission_id WHERE f.id = $1;

-- name: replace-slot-files
UPDATE submission_files SET status = 'replaced'
WHERE submission_id = (SELECT submission_id FROM submission_files WHERE id = $1)
    AND slot = (SELECT slot FROM submission_files WHERE id = $1)
    AND status = 'stored' AND id <> $1;

-- name: mark-file-stored
UPDATE submission_files SET status = 'stored', completed_at = now() WHERE id = $1 AND status = 'pending';

-- name: set-file-status
UPDATE submission_files SET status = $2 WHERE id = $1;

-- name: draft-files
SELECT f.id, f.submission_id, f.slot, f.filename, f.size, f.content_type, f.sha256, f.object_key,
    f.upload_kind, f.upload_id, f.status, f.created_by, f.created_at, f.completed_at, s.team_id, s.contest_id
FROM submission_files f JOIN submissions s ON s.id = f.submission_id
WHERE f.submission_id = $1 AND f.status IN ('stored', 'pending') ORDER BY f.slot, f.created_at;

-- name: version-by-key
SELECT version, submitted_at, title, abstract, fields, files, digest
FROM submission_versions WHERE submission_id = $1 AND idempotency_key = $2;

-- name: insert-version
INSERT INTO submission_versions (submission_id, version, submitted_at, submitted_by, title, abstract, fields,
    files, digest, idempotency_key)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, nullif($10, ''));

-- name: set-current-version
UPDATE submissions SET current_version = $2 WHERE id = $1;

-- name: insert-outbox
INSERT INTO outbox (to_email, subject, body) VALUES ($1, $2, $3);

-- name: list-versions
SELECT version, submitted_at, digest FROM submission_versions WHERE submission_id = $1 ORDER BY version;

-- name: version
SELECT version, submitted_at, title, abstract, fields, files, digest
FROM submission_versions WHERE submission_id = $1 AND version = $2;

-- name: stale-uploads
SELECT f.id, f.submission_id, f.slot, f.filename, f.size, f.content_type, f.sha256, f.object_key,
    f.upload_kind, f.upload_id, f.status, f.created_by, f.created_at, f.completed_at, s.team_id, s.contest_id
FROM submission_files f JOIN submissions s ON s.id = f.submission_id
WHERE f.status = 'pending' AND f.created_at < $1 ORDER BY f.created_at LIMIT $2;

-- name: submission-by-id
SELECT id, team_id, contest_id, title, abstract, fields, current_version, updated_at
FROM submissions WHERE id = $1;
