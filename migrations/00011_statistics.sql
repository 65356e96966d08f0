-- No query filters, joins, groups or sorts on these columns: the receipts'
-- text and JSON, the e-mails' contents, the score history's before and
-- after. ANALYZE still sampled and sorted them, and autovacuum analyzes
-- these append-mostly tables every time a tenth of them is new, that is
-- over and over during a deadline rush: on a database after 20,000 submits
-- it took 1.3 s of a core for submission_versions, outbox and score_history
-- together, during which requests waited. Without statistics for these
-- columns it took 0.4-0.7 s. (submission_versions.files keeps its
-- statistics: judge-can-read-file filters on it.)

-- +goose Up
ALTER TABLE submission_versions ALTER title SET STATISTICS 0, ALTER abstract SET STATISTICS 0,
    ALTER fields SET STATISTICS 0, ALTER digest SET STATISTICS 0;
ALTER TABLE outbox ALTER to_email SET STATISTICS 0, ALTER subject SET STATISTICS 0,
    ALTER body SET STATISTICS 0, ALTER last_error SET STATISTICS 0;
ALTER TABLE score_history ALTER action SET STATISTICS 0, ALTER old SET STATISTICS 0,
    ALTER new SET STATISTICS 0;

-- +goose Down
ALTER TABLE submission_versions ALTER title SET STATISTICS -1, ALTER abstract SET STATISTICS -1,
    ALTER fields SET STATISTICS -1, ALTER digest SET STATISTICS -1;
ALTER TABLE outbox ALTER to_email SET STATISTICS -1, ALTER subject SET STATISTICS -1,
    ALTER body SET STATISTICS -1, ALTER last_error SET STATISTICS -1;
ALTER TABLE score_history ALTER action SET STATISTICS -1, ALTER old SET STATISTICS -1,
    ALTER new SET STATISTICS -1;
