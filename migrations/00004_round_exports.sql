-- +goose Up
-- An export may cover one round's entries (the versions that round judges),
-- for offline judging; without a round it covers every team's latest version.
ALTER TABLE exports ADD COLUMN round_id bigint REFERENCES rounds(id) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE exports DROP COLUMN round_id;
