-- A stored file's CRC-32: computed by the fingerprint job with the SHA-256
-- of a multipart upload, else learned the first time a ZIP download reads
-- the whole file (NULL until then). A download that resumes in the middle of
-- an archive needs every earlier file's CRC-32 for the archive's central
-- directory; with it recorded, those files are not read again.

-- +goose Up
ALTER TABLE submission_files ADD COLUMN crc32 bigint CHECK (crc32 BETWEEN 0 AND 4294967295);

-- +goose Down
ALTER TABLE submission_files DROP COLUMN crc32;
