-- ANALYZE reads a sample of 300 rows per unit of the largest statistics
-- target among a table's columns: 30,000 rows at the default of 100.
-- Autovacuum analyzes these append-mostly tables every time a tenth of
-- them is new, over and over during a deadline rush, and on two cores the
-- analyze is CPU the requests wait for: after 30,000 submits, analyzing
-- submission_versions took 0.7 s of a core and score_history 0.3 s, and
-- the score saves' latency rose while it ran. Their remaining columns are
-- keys, counters and times reached through indexes, for which a sample
-- of 3,000 rows (target 10) estimates null fractions and distinct counts
-- well enough; the plans of the hot queries are checked by
-- TestHotQueriesUseIndexes.

-- +goose Up
ALTER TABLE submission_versions ALTER id SET STATISTICS 10, ALTER submission_id SET STATISTICS 10,
    ALTER version SET STATISTICS 10, ALTER submitted_at SET STATISTICS 10, ALTER submitted_by SET STATISTICS 10,
    ALTER files SET STATISTICS 10, ALTER idempotency_key SET STATISTICS 10;
ALTER TABLE score_history ALTER id SET STATISTICS 10, ALTER assignment_id SET STATISTICS 10,
    ALTER actor_id SET STATISTICS 10, ALTER created_at SET STATISTICS 10;
ALTER TABLE outbox ALTER id SET STATISTICS 10, ALTER created_at SET STATISTICS 10,
    ALTER sent_at SET STATISTICS 10, ALTER attempts SET STATISTICS 10;

-- +goose Down
ALTER TABLE submission_versions ALTER id SET STATISTICS -1, ALTER submission_id SET STATISTICS -1,
    ALTER version SET STATISTICS -1, ALTER submitted_at SET STATISTICS -1, ALTER submitted_by SET STATISTICS -1,
    ALTER files SET STATISTICS -1, ALTER idempotency_key SET STATISTICS -1;
ALTER TABLE score_history ALTER id SET STATISTICS -1, ALTER assignment_id SET STATISTICS -1,
    ALTER actor_id SET STATISTICS -1, ALTER created_at SET STATISTICS -1;
ALTER TABLE outbox ALTER id SET STATISTICS -1, ALTER created_at SET STATISTICS -1,
    ALTER sent_at SET STATISTICS -1, ALTER attempts SET STATISTICS -1;
