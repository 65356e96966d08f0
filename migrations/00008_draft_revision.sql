-- Counts the changes of a draft (its answers and its stored files). Submit
-- reads the draft, builds the receipt, and records the version with one
-- statement only if the draft is still at the revision it read (and retries
-- otherwise), so no transaction stays open while the receipt is built.
-- A constant default: no table rewrite, safe on a live database.

-- +goose Up
ALTER TABLE submissions ADD COLUMN draft_revision bigint NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE submissions DROP COLUMN draft_revision;
