-- name: create-user
INSERT INTO users (email, name, password_hash, is_admin, organization)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, email, name, is_admin, organization, created_at;

-- name: user-credentials
SELECT id, email, name, is_admin, organization, created_at, password_hash
FROM users WHERE email = $1;

-- name: set-password
UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1;

-- name: set-admin
UPDATE users SET password_hash = $2, is_admin = true, password_changed_at = now() WHERE id = $1;

-- name: create-session
INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: sessions-by-hash
-- Sessions with their users, by id hash ($1: bytea[]): every request needs
-- one, and concurrent requests share the query (see store.batcher).
SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
    u.id AS "user.id", u.email AS "user.email", u.name AS "user.name", u.is_admin AS "user.is_admin",
    u.organization AS "user.organization", u.created_at AS "user.created_at"
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ANY($1);

-- name: probe-sessions-channel
-- A notification to this replica's own session listener, which turns the
-- session cache on only once it hears it (see store.ListenSessions).
SELECT pg_notify('podium_sessions', $1);

-- name: touch-session
UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1;

-- name: delete-session
DELETE FROM sessions WHERE id_hash = $1;

-- name: delete-user-sessions
DELETE FROM sessions WHERE user_id = $1;

-- name: delete-expired-sessions
DELETE FROM sessions WHERE expires_at < now();

-- name: create-token
INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3)
RETURNING id, name, created_at, last_used_at;

-- name: user-by-token
UPDATE api_tokens t SET last_used_at = now()
FROM users u
WHERE t.token_hash = $1 AND u.id = t.user_id
RETURNING u.id, u.email, u.name, u.is_admin, u.organization, u.created_at;

-- name: list-tokens
SELECT id, name, created_at, last_used_at FROM api_tokens
WHERE user_id = $1 ORDER BY id;

-- name: delete-token
DELETE FROM api_tokens WHERE id = $2 AND user_id = $1;

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
