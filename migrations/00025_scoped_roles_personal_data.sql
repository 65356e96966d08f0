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

-- +goose Down
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
