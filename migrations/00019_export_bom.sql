-- +goose Up
-- A CSV export may start with a UTF-8 byte order mark, for spreadsheets
-- (Excel reads a CSV without one in the machine's legacy code page).
ALTER TABLE exports ADD COLUMN bom boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE exports DROP COLUMN bom;
