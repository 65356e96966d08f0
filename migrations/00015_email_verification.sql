-- Proving ownership of an e-mail address, resetting a password by e-mail,
-- accepting invitations by their own link, and personal tokens with an
-- expiry and a scope.

-- +goose Up
-- An account proves it owns its address by following a link sent there (or a
-- password-reset link, which goes to the same address). Accounts that exist
-- before this migration are taken as verified: they were created under the
-- old rules, and locking them out of their contests would break running
-- contests.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
UPDATE users SET email_verified_at = created_at;

-- Single-use links sent by e-mail, stored by the SHA-256 of their secret.
-- email is the address the link was sent to: following it proves that
-- address, and only while it is still the account's.
CREATE TABLE email_tokens (
    token_hash bytea PRIMARY KEY,
    purpose    text NOT NULL CHECK (purpose IN ('verify', 'reset')),
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email      citext NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose);
CREATE INDEX email_tokens_expires_idx ON email_tokens (expires_at);

-- An invitation gets an id (to revoke it) and the hash of the secret of the
-- link e-mailed to the invited address (to accept it).
ALTER TABLE contest_invitations ADD COLUMN id bigserial UNIQUE, ADD COLUMN token_hash bytea UNIQUE,
    ADD COLUMN token_expires_at timestamptz;

-- Personal tokens expire and have a scope: 'read' allows GET and HEAD only.
-- Existing tokens keep full access and expire 90 days from now.
ALTER TABLE api_tokens ADD COLUMN scope text NOT NULL DEFAULT 'full' CHECK (scope IN ('read', 'full')),
    ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '90 days';
ALTER TABLE api_tokens ALTER expires_at SET NOT NULL;

-- Replicas cache tokens like sessions (store.sessionCache): a revoked token
-- tells them whose, on podium_sessions, like an ended session (migration
-- 00009's payload: user ids, or '*' when too many).
-- +goose StatementBegin
CREATE FUNCTION notify_token_users() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text := (SELECT string_agg(DISTINCT user_id::text, ',') FROM gone);
BEGIN
    IF ids IS NOT NULL THEN
        PERFORM pg_notify('podium_sessions', CASE WHEN length(ids) > 7000 THEN '*' ELSE ids END);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER api_tokens_ended AFTER DELETE ON api_tokens
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION notify_token_users();

-- +goose Down
DROP TRIGGER api_tokens_ended ON api_tokens;
DROP FUNCTION notify_token_users();
ALTER TABLE api_tokens DROP COLUMN expires_at, DROP COLUMN scope;
ALTER TABLE contest_invitations DROP COLUMN token_expires_at, DROP COLUMN token_hash, DROP COLUMN id;
DROP TABLE email_tokens;
ALTER TABLE users DROP COLUMN email_verified_at;
