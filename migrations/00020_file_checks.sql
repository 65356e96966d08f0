-- Entry checks: what the check job learned from a stored file (a PDF's
-- page count, metadata, whether it has text) and the warnings it raised
-- (a slot's page limit, a team's identity in a blind contest's file, the
-- same file submitted by another team). One row per checked file; a new
-- check of the file replaces it. Files submitted by two teams are found
-- through the new index on (sha256) of stored files.

-- +goose Up
CREATE TABLE file_checks (
    file_id    uuid PRIMARY KEY REFERENCES submission_files(id) ON DELETE CASCADE,
    facts      jsonb,
    warnings   jsonb NOT NULL DEFAULT '[]',
    checked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submission_files_sha256_idx ON submission_files (sha256) WHERE status IN ('stored', 'replaced');

-- +goose Down
DROP INDEX submission_files_sha256_idx;
DROP TABLE file_checks;
