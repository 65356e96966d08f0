-- Score sheets and submissions are updated over and over (a judge's
-- autosave, every draft save and submit) without touching an indexed
-- column, which PostgreSQL can do in place on the same page (a HOT update:
-- no new index entries, old versions pruned as the page is read) only when
-- the page has room. Packed full, as tables are by default, only 7 % of the
-- score saves under make bench were HOT: the rest added an entry to every
-- index of scores, the table and its indexes swelled between autovacuum
-- runs (48,000 dead versions for 600 sheets in 45 s), and lookups slowed as
-- the phase went on. Leaving room on each page keeps those updates HOT.
-- The setting applies to pages written from now on; an existing database
-- gets it for its old pages with VACUUM FULL (or pg_repack) of the two
-- tables, which is optional.

-- +goose Up
ALTER TABLE scores SET (fillfactor = 60);
ALTER TABLE submissions SET (fillfactor = 70);

-- +goose Down
ALTER TABLE scores RESET (fillfactor);
ALTER TABLE submissions RESET (fillfactor);
