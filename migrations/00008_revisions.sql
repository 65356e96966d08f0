-- Revision counters for optimistic writes on the two hottest paths. Submit
-- and score saves read the row, decide in the app (the receipt; whether a
-- save changes anything or a final sheet is locked), then write with one
-- statement that succeeds only if the row is still at the revision read,
-- and read again otherwise. No transaction stays open across the decision,
-- and each write is one round trip.
--   submissions.draft_revision counts the changes of a draft (its answers
--   and its stored files).
--   scores.revision counts the writes of a score sheet.
-- Constant defaults: no table rewrite, safe on a live database.

-- +goose Up
ALTER TABLE submissions ADD COLUMN draft_revision bigint NOT NULL DEFAULT 0;
ALTER TABLE scores ADD COLUMN revision integer NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE scores DROP COLUMN revision;
ALTER TABLE submissions DROP COLUMN draft_revision;
