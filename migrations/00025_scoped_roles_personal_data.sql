-- Scoped roles and personal data.
--
-- A track lead organizes some tracks of a contest (contest_members.tracks
-- holds them); a judge may be limited to their tracks or to a sponsor prize
-- (a panel: "scoped", "prize"). One role per person per contest still holds
-- (the trigger of migration 00016 compares role names, so a track lead is
-- neither an organizer nor a judge of the same contest).
--
-- An export may be limited to tracks (a track lead's), and an account may be
-- deleted: its row stays (submitted versions and counted scores point at
-- it) with the personal fields replaced, and deleted_at set.
-- docs/personal-data.md says what an erasure removes and keeps.

-- +goose Up
ALTER TABLE contest_members DROP CONSTRAINT contest_members_role_check;
ALTER TABLE contest_members ADD CONSTRAINT contest_members_role_check
    CHECK (role IN ('organizer', 'track_lead', 'judge', 'participant'));
ALTER TABLE contest_invitations DROP CONSTRAINT contest_invitations_role_check;
ALTER TABLE contest_invitations ADD CONSTRAINT contest_invitations_role_check
    CHECK (role IN ('organizer', 'track_lead', 'judge'));

ALTER TABLE contest_members
    ADD COLUMN scoped boolean NOT NULL DEFAULT false,
    ADD COLUMN prize  text NOT NULL DEFAULT '';
ALTER TABLE contest_invitations
    ADD COLUMN scoped boolean NOT NULL DEFAULT false,
    ADD COLUMN prize  text NOT NULL DEFAULT '';

ALTER TABLE exports ADD COLUMN tracks text[] NOT NULL DEFAULT '{}';

ALTER TABLE users ADD COLUMN deleted_at timestamptz;

-- The audit log stays append-only, except that erasing an account may
-- replace the person's address in its lines: only inside a transaction that
-- set podium.erasure (store.EraseUser), and only object_id and detail.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('podium.erasure', true) = 'on'
        AND NEW.id = OLD.id AND NEW.action = OLD.action AND NEW.object_type = OLD.object_type
        AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.contest_id IS NOT DISTINCT FROM OLD.contest_id
        AND NEW.created_at = OLD.created_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

-- Invitation links (and their QR codes) for judges signing up at the venue:
-- anyone holding the link's secret (only its hash is stored) may take the
-- judge role it offers with a verified account, until the organizers revoke
-- it, it expires, or it has been used max_uses times.
CREATE TABLE role_links (
    id           bigserial PRIMARY KEY,
    contest_id   bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE,
    role         text NOT NULL CHECK (role = 'judge'),
    tracks       text[] NOT NULL DEFAULT '{}',
    scoped       boolean NOT NULL DEFAULT false,
    prize        text NOT NULL DEFAULT '',
    label        text NOT NULL DEFAULT '',
    expires_at   timestamptz,
    max_uses     integer CHECK (max_uses > 0),
    uses         integer NOT NULL DEFAULT 0,
    revoked_at   timestamptz,
    created_by   bigint REFERENCES users(id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX role_links_contest_idx ON role_links (contest_id, id);

-- Per contest, how long files and personal data are kept after the contest
-- (its results' publication, or else its deadline); a job asks the
-- organizers to purge them once the period is over.
CREATE TABLE contest_retention (
    contest_id  bigint PRIMARY KEY REFERENCES contests(id) ON DELETE CASCADE,
    days        integer NOT NULL CHECK (days BETWEEN 1 AND 3650),
    notified_at timestamptz,
    purged_at   timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE contest_retention;
DROP TABLE role_links;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
ALTER TABLE users DROP COLUMN deleted_at;
ALTER TABLE exports DROP COLUMN tracks;
ALTER TABLE contest_invitations DROP COLUMN prize, DROP COLUMN scoped;
ALTER TABLE contest_members DROP COLUMN prize, DROP COLUMN scoped;
DELETE FROM contest_invitations WHERE role = 'track_lead';
DELETE FROM contest_members WHERE role = 'track_lead';
ALTER TABLE contest_invitations DROP CONSTRAINT contest_invitations_role_check;
ALTER TABLE contest_invitations ADD CONSTRAINT contest_invitations_role_check CHECK (role IN ('organizer', 'judge'));
ALTER TABLE contest_members DROP CONSTRAINT contest_members_role_check;
ALTER TABLE contest_members ADD CONSTRAINT contest_members_role_check CHECK (role IN ('organizer', 'judge', 'participant'));
