-- Uploads whose objects are gone. A file becomes 'deleted' once the cleanup
-- job has removed its object from the bucket and checked that it is gone:
-- an upload left pending too long (PODIUM_UPLOAD_ABANDON_AFTER), one given
-- up ('abandoned', e.g. superseded, at the team's limit of uploads in
-- progress, by a new upload of its uploader to the same slot), or a 'replaced' file that no submitted version includes.
-- The row stays (its name, size and SHA-256 are history).
--
-- The cleanup job looks for abandoned and replaced files through the new
-- partial index (pending ones through submission_files_pending_idx).

-- +goose Up
ALTER TABLE submission_files DROP CONSTRAINT submission_files_status_check;
ALTER TABLE submission_files ADD CONSTRAINT submission_files_status_check
    CHECK (status IN ('pending', 'stored', 'replaced', 'rejected', 'abandoned', 'deleted')) NOT VALID;
ALTER TABLE submission_files VALIDATE CONSTRAINT submission_files_status_check;
CREATE INDEX submission_files_cleanup_idx ON submission_files (created_at) WHERE status IN ('abandoned', 'replaced');

-- +goose Down
DROP INDEX submission_files_cleanup_idx;
UPDATE submission_files SET status = 'abandoned' WHERE status = 'deleted';
ALTER TABLE submission_files DROP CONSTRAINT submission_files_status_check;
ALTER TABLE submission_files ADD CONSTRAINT submission_files_status_check
    CHECK (status IN ('pending', 'stored', 'replaced', 'rejected', 'abandoned'));
