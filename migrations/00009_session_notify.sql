-- Replicas may keep sessions in memory for a few seconds (store.sessionCache);
-- these triggers tell them, on NOTIFY channel podium_sessions, whose sessions
-- ended or whose account changed, so that a logout, a password change or a
-- new admin right counts on every replica at once. The payload is the users'
-- ids, comma-separated, or '*' (forget every session) when there are too
-- many to list. Touching a session (its idle timer) notifies nobody: the
-- caches re-read sessions near their expiry. (Replicas also send themselves
-- 'probe:…' payloads on the channel, see store.ListenSessions.)

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION notify_session_users() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text;
BEGIN
    IF TG_TABLE_NAME = 'sessions' THEN
        SELECT string_agg(DISTINCT user_id::text, ',') INTO ids FROM gone;
    ELSE
        SELECT string_agg(DISTINCT id::text, ',') INTO ids FROM gone;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM pg_notify('podium_sessions', CASE WHEN length(ids) > 7000 THEN '*' ELSE ids END);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION notify_session_users();
CREATE TRIGGER users_changed AFTER UPDATE ON users
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION notify_session_users();
CREATE TRIGGER users_deleted AFTER DELETE ON users
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION notify_session_users();

-- +goose Down
DROP TRIGGER users_deleted ON users;
DROP TRIGGER users_changed ON users;
DROP TRIGGER sessions_ended ON sessions;
DROP FUNCTION notify_session_users();
