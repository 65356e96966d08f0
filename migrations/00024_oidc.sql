-- Single sign-on with OpenID Connect: the providers a platform admin
-- configures, the provider identities linked to accounts, and the logins
-- under way (state, nonce and PKCE verifier of each authorization request).

-- +goose Up
-- client_secret is write-only through the API (never returned or logged);
-- allowed_domains empty means any address; link_verified lets a verified
-- address asserted by the provider sign in to the existing account of that
-- address (otherwise its owner links the provider after signing in).
CREATE TABLE oidc_providers (
    id              bigserial PRIMARY KEY,
    slug            text NOT NULL UNIQUE,
    name            text NOT NULL,
    issuer          text NOT NULL,
    client_id       text NOT NULL,
    client_secret   text NOT NULL DEFAULT '',
    allowed_domains text[] NOT NULL DEFAULT '{}',
    link_verified   boolean NOT NULL DEFAULT false,
    enabled         boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One account per (provider, subject); an account may have several.
CREATE TABLE user_identities (
    provider_id bigint NOT NULL REFERENCES oidc_providers(id) ON DELETE CASCADE,
    subject     text NOT NULL,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email       citext NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX user_identities_user_idx ON user_identities (user_id);

-- An authorization request under way, by the SHA-256 of its state; used
-- once (deleted by the callback). link_user_id: the signed-in account that
-- asked to link the provider.
CREATE TABLE oidc_logins (
    state_hash   bytea PRIMARY KEY,
    provider_id  bigint NOT NULL REFERENCES oidc_providers(id) ON DELETE CASCADE,
    nonce        text NOT NULL,
    verifier     text NOT NULL,
    next         text NOT NULL DEFAULT '',
    link_user_id bigint REFERENCES users(id) ON DELETE CASCADE,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expires_idx ON oidc_logins (expires_at);

-- A team's members say whether they confirmed their address (organizers
-- see it and can resend the link).
CREATE OR REPLACE VIEW team_view AS
SELECT t.id, t.contest_id, c.slug AS contest_slug, t.track_id, tr.slug AS track, t.name, t.invite_code,
    t.captain_id, t.deadline_extension, t.created_at,
    coalesce((SELECT json_agg(json_build_object('user_id', m.user_id, 'name', u.name, 'email', u.email::text,
            'captain', t.captain_id = m.user_id, 'joined_at', m.joined_at,
            'email_verified', u.email_verified_at IS NOT NULL) ORDER BY m.joined_at, m.user_id)
        FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '[]') AS members
FROM teams t JOIN contests c ON c.id = t.contest_id JOIN tracks tr ON tr.id = t.track_id;

-- +goose Down
CREATE OR REPLACE VIEW team_view AS
SELECT t.id, t.contest_id, c.slug AS contest_slug, t.track_id, tr.slug AS track, t.name, t.invite_code,
    t.captain_id, t.deadline_extension, t.created_at,
    coalesce((SELECT json_agg(json_build_object('user_id', m.user_id, 'name', u.name, 'email', u.email::text,
            'captain', t.captain_id = m.user_id, 'joined_at', m.joined_at) ORDER BY m.joined_at, m.user_id)
        FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '[]') AS members
FROM teams t JOIN contests c ON c.id = t.contest_id JOIN tracks tr ON tr.id = t.track_id;
DROP TABLE oidc_logins;
DROP TABLE user_identities;
DROP TABLE oidc_providers;
