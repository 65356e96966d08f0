-- The audit log's row trigger stops UPDATE and DELETE; TRUNCATE skips row
-- triggers, so a statement trigger stops it too.

-- +goose Up
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TRIGGER audit_log_no_truncate ON audit_log;
