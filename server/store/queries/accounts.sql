-- name: create-user
-- An account made by a trusted caller (the command line): its address
-- counts as verified.
INSERT INTO users (email, name, password_hash, is_admin, organization, email_verified_at)
VALUES ($1, $2, $3, $4, $5, now())
RETURNING id, email, name, is_admin, organization, created_at, true AS email_verified, language;

-- name: register-user
-- A new unverified account, or the owner of the taken address (created
-- false): one statement either way, so both take the same time. No row at
-- all when another registration took the address at the same instant.
WITH ins AS (
    INSERT INTO users (email, name, password_hash, organization, language) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (email) DO NOTHING
    RETURNING id, email, name, is_admin, organization, created_at, false AS email_verified, language, true AS created
)
SELECT * FROM ins
UNION ALL
SELECT id, email, name, is_admin, organization, created_at, email_verified_at IS NOT NULL, language, false
FROM users WHERE email = $1 AND NOT EXISTS (SELECT 1 FROM ins);

-- name: user-credentials
SELECT id, email, name, is_admin, organization, created_at, email_verified_at IS NOT NULL AS email_verified, language,
    password_hash
FROM users WHERE email = $1;

-- name: set-password
UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1;

-- name: set-admin
-- The command line is trusted: the address counts as verified.
UPDATE users SET password_hash = $2, is_admin = true, password_changed_at = now(),
    email_verified_at = coalesce(email_verified_at, now())
WHERE id = $1;

-- name: create-email-token
-- An e-mailed link's hash and its e-mail, together.
WITH t AS (
    INSERT INTO email_tokens (token_hash, purpose, user_id, email, expires_at) VALUES ($1, $2, $3, $4, $5)
)
INSERT INTO outbox (to_email, subject, body) VALUES ($6, $7, $8);

-- name: queue-account-mail
-- One e-mail, in one statement like create-email-token.
INSERT INTO outbox (to_email, subject, body) VALUES ($1, $2, $3);

-- name: use-email-token
-- Uses a link once: whoever deletes it first has it.
DELETE FROM email_tokens WHERE token_hash = $1 AND purpose = $2 AND expires_at > now()
RETURNING user_id, email::text AS email;

-- name: mark-verified
-- Verifies the account, if the link went to its current address.
UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1 AND email = $2
RETURNING id, email, name, is_admin, organization, created_at, true AS email_verified, language;

-- name: reset-password
-- A reset link went to the account's address: the password changes and
-- the address counts as verified.
UPDATE users SET password_hash = $3, password_changed_at = now(), email_verified_at = coalesce(email_verified_at, now())
WHERE id = $1 AND email = $2
RETURNING id, email, name, is_admin, organization, created_at, true AS email_verified, language;

-- name: delete-user-email-tokens
DELETE FROM email_tokens WHERE user_id = $1;

-- name: delete-expired-email-tokens
DELETE FROM email_tokens WHERE expires_at < now();

-- name: create-session
INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: sessions-by-hash
-- Sessions with their users, by id hash ($1: bytea[]): every request needs
-- one, and concurrent requests share the query (see store.batcher).
SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
    u.id AS "user.id", u.email AS "user.email", u.name AS "user.name", u.is_admin AS "user.is_admin",
    u.organization AS "user.organization", u.created_at AS "user.created_at",
    u.email_verified_at IS NOT NULL AS "user.email_verified", u.language AS "user.language"
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ANY($1);

-- name: probe-sessions-channel
-- A notification to this replica's own session listener, which turns the
-- session cache on only once it hears it (see store.ListenSessions).
SELECT pg_notify('podium_sessions', $1);

-- name: probe-progress-channel
-- The same for the progress listener and its cache (store.ListenProgress).
SELECT pg_notify('podium_progress', $1);

-- name: touch-session
UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1;

-- name: delete-session
DELETE FROM sessions WHERE id_hash = $1;

-- name: delete-user-sessions
DELETE FROM sessions WHERE user_id = $1;

-- name: delete-expired-sessions
DELETE FROM sessions WHERE expires_at < now();

-- name: create-token
INSERT INTO api_tokens (user_id, name, token_hash, scope, expires_at) VALUES ($1, $2, $3, $4, $5)
RETURNING id, name, scope, created_at, expires_at, last_used_at, user_id;

-- name: token-by-hash
-- A token with its user (cached like sessions, see store.sessionCache).
SELECT t.id, t.name, t.scope, t.created_at, t.expires_at, t.last_used_at, t.user_id,
    u.id AS "user.id", u.email AS "user.email", u.name AS "user.name", u.is_admin AS "user.is_admin",
    u.organization AS "user.organization", u.created_at AS "user.created_at",
    u.email_verified_at IS NOT NULL AS "user.email_verified", u.language AS "user.language"
FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1;

-- name: touch-token
UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1;

-- name: list-tokens
SELECT id, name, scope, created_at, expires_at, last_used_at, user_id FROM api_tokens
WHERE user_id = $1 ORDER BY id;

-- name: delete-token
DELETE FROM api_tokens WHERE id = $2 AND user_id = $1;

-- name: delete-user-tokens
DELETE FROM api_tokens WHERE user_id = $1;

-- name: delete-expired-tokens
DELETE FROM api_tokens WHERE expires_at < now();

-- name: user-roles
SELECT m.contest_id, c.slug AS contest_slug, m.role
FROM contest_members m JOIN contests c ON c.id = m.contest_id
WHERE m.user_id = $1
ORDER BY c.slug, m.role;

-- name: delete-old-rate-limits
-- Throttles keep their counters in memory now (server/internal/ratelimit);
-- this empties the table the earlier releases filled.
DELETE FROM rate_limits WHERE window_start < now() - interval '1 day';

-- name: count-users
SELECT count(*) FROM users;

-- name: set-user-language
UPDATE users SET language = $2 WHERE id = $1;

-- name: user-language
SELECT language FROM users WHERE id = $1;

-- name: languages-by-email
SELECT email::text AS email, language FROM users WHERE email = ANY($1::citext[]) AND language <> '';
