-- A score sheet's seq: the judge's count of saves of the sheet when it was
-- written (0: the client did not count). A save whose seq is not above the
-- stored one was overtaken by a later save (an autosave arriving after the
-- submit) and changes nothing, so overlapping saves of a sheet settle
-- without refusals.

-- +goose Up
ALTER TABLE scores ADD COLUMN seq bigint NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE scores DROP COLUMN seq;
