-- Console lists at national scale (20,000 teams, 60,000 accounts, rounds
-- of 30,000 assignments): the organizers' team list pages a contest's teams
-- in id order, a round's assignments page in id order, the members page
-- reads the organizers and judges without the participants, and the team search
-- matches part of a team's name or of a member's e-mail. Trigram indexes
-- (pg_trgm, a trusted extension: a database owner may create it) answer
-- `ILIKE '%…%'` without reading every team and account. Built CONCURRENTLY,
-- outside a transaction, so that adding them does not stop a live contest.

-- +goose NO TRANSACTION
-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX CONCURRENTLY IF NOT EXISTS teams_contest_idx ON teams (contest_id, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS contest_members_staff_idx ON contest_members (contest_id) WHERE role <> 'participant';
CREATE INDEX CONCURRENTLY IF NOT EXISTS assignments_round_id_idx ON assignments (round_id, id) WHERE status = 'active';
CREATE INDEX CONCURRENTLY IF NOT EXISTS teams_name_trgm_idx ON teams USING gin (name gin_trgm_ops);
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_trgm_idx ON users USING gin ((email::text) gin_trgm_ops);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS users_email_trgm_idx;
DROP INDEX CONCURRENTLY IF EXISTS teams_name_trgm_idx;
DROP INDEX CONCURRENTLY IF EXISTS assignments_round_id_idx;
DROP INDEX CONCURRENTLY IF EXISTS contest_members_staff_idx;
DROP INDEX CONCURRENTLY IF EXISTS teams_contest_idx;
