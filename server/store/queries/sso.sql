-- name: list-oidc-providers
SELECT id, slug, name, issuer, client_id, client_secret, allowed_domains, link_verified, enabled, created_at, updated_at
FROM oidc_providers ORDER BY name, id;

-- name: oidc-provider-by-slug
SELECT id, slug, name, issuer, client_id, client_secret, allowed_domains, link_verified, enabled, created_at, updated_at
FROM oidc_providers WHERE slug = $1;

-- name: oidc-provider-by-id
SELECT id, slug, name, issuer, client_id, client_secret, allowed_domains, link_verified, enabled, created_at, updated_at
FROM oidc_providers WHERE id = $1;

-- name: insert-oidc-provider
INSERT INTO oidc_providers (slug, name, issuer, client_id, client_secret, allowed_domains, link_verified, enabled)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id, slug, name, issuer, client_id, client_secret, allowed_domains, link_verified, enabled, created_at, updated_at;

-- name: update-oidc-provider
UPDATE oidc_providers SET slug = $2, name = $3, issuer = $4, client_id = $5, client_secret = $6,
    allowed_domains = $7, link_verified = $8, enabled = $9, updated_at = now()
WHERE id = $1
RETURNING id, slug, name, issuer, client_id, client_secret, allowed_domains, link_verified, enabled, created_at, updated_at;

-- name: delete-oidc-provider
DELETE FROM oidc_providers WHERE id = $1;

-- name: create-oidc-login
-- Also drops the logins that expired long ago (nobody comes back for them).
WITH old AS (DELETE FROM oidc_logins WHERE expires_at < now() - interval '1 day')
INSERT INTO oidc_logins (state_hash, provider_id, nonce, verifier, next, link_user_id, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: use-oidc-login
DELETE FROM oidc_logins WHERE state_hash = $1
RETURNING provider_id, nonce, verifier, next, link_user_id, expires_at;

-- name: identity-user
SELECT u.id, u.email, u.name, u.is_admin, u.organization, u.created_at,
    u.email_verified_at IS NOT NULL AS email_verified, u.language
FROM user_identities i JOIN users u ON u.id = i.user_id
WHERE i.provider_id = $1 AND i.subject = $2;

-- name: insert-identity
INSERT INTO user_identities (provider_id, subject, user_id, email) VALUES ($1, $2, $3, $4);

-- name: mark-verified-by-provider
-- A provider trusted for the address asserted it verified ($2 is that
-- address; nothing changes if it is no longer the account's).
UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1 AND email = $2;

-- name: user-by-id
SELECT id, email, name, is_admin, organization, created_at, email_verified_at IS NOT NULL AS email_verified, language
FROM users WHERE id = $1;

-- name: create-sso-user
-- An account made by a provider's sign-in: no password (an empty hash
-- matches none), verified when the provider asserted the address.
INSERT INTO users (email, name, password_hash, email_verified_at)
VALUES ($1, $2, '', CASE WHEN $3::boolean THEN now() END)
RETURNING id, email, name, is_admin, organization, created_at, email_verified_at IS NOT NULL AS email_verified, language;

-- name: erase-identities
-- An erased account keeps no provider identity (a later sign-in with it
-- makes a new account) and no sign-in under way.
WITH logins AS (DELETE FROM oidc_logins WHERE link_user_id = $1)
DELETE FROM user_identities WHERE user_id = $1;

-- name: sign-in-ways
-- How account $1 can sign in: whether it has a password, and the providers
-- linked to it, oldest first (one row with no provider when none is).
SELECT u.password_hash <> '' AS has_password, coalesce(p.slug, '') AS provider, coalesce(p.name, '') AS name,
    coalesce(i.subject, '') AS subject, coalesce(i.email::text, '') AS email, i.created_at AS linked_at
FROM users u LEFT JOIN user_identities i ON i.user_id = u.id LEFT JOIN oidc_providers p ON p.id = i.provider_id
WHERE u.id = $1 ORDER BY i.created_at, p.slug;

-- name: unlink-identity
-- Unlinks provider $2 (slug) from account $1, only while the account keeps
-- another way to sign in (a password or another provider).
DELETE FROM user_identities i USING oidc_providers p
WHERE p.id = i.provider_id AND i.user_id = $1 AND p.slug = $2
    AND (EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND u.password_hash <> '')
        OR EXISTS (SELECT 1 FROM user_identities o WHERE o.user_id = $1 AND o.provider_id <> i.provider_id));

