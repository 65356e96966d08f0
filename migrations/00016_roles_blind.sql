-- Roles that exclude each other, one team per person per contest for the
-- contest's life, and team names that reveal nothing.
--
-- One role per person per contest (organizer, judge or participant): a
-- trigger refuses a second role, under a transaction-scoped advisory lock
-- on (contest, person) so that two concurrent grants serialise and the
-- second one sees the first. Roles already held twice before this
-- migration are left as they are (nothing is deleted); new grants follow
-- the rule.
--
-- A member who leaves a team after it submitted is recorded in
-- team_departures: they still count as a member of that team for
-- conflicts of interest, keep the participant role, and cannot join or
-- create another team of the contest (a trigger on team_members, under
-- the same lock). Leaving before any submission records nothing.
--
-- Team names are no longer unique per contest: a uniqueness check would
-- tell anyone creating a team whether a rival of that name exists.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION lock_contest_person(contest bigint, person bigint) RETURNS void AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('podium.contest_person:' || contest || ':' || person, 0));
END;
$$ LANGUAGE plpgsql VOLATILE;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION contest_members_one_role() RETURNS trigger AS $$
DECLARE
    held text;
BEGIN
    PERFORM lock_contest_person(NEW.contest_id, NEW.user_id);
    SELECT role INTO held FROM contest_members
    WHERE contest_id = NEW.contest_id AND user_id = NEW.user_id AND role <> NEW.role LIMIT 1;
    IF held IS NOT NULL THEN
        RAISE EXCEPTION 'user % already holds the role % in contest %', NEW.user_id, held, NEW.contest_id
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'contest_members_one_role', DETAIL = held;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql VOLATILE;
-- +goose StatementEnd

CREATE TRIGGER contest_members_one_role BEFORE INSERT OR UPDATE OF contest_id, user_id, role ON contest_members
    FOR EACH ROW EXECUTE FUNCTION contest_members_one_role();

CREATE TABLE team_departures (
    contest_id bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    team_id    bigint NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    left_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contest_id, user_id)
);
CREATE INDEX team_departures_team_idx ON team_departures (team_id);

-- +goose StatementBegin
CREATE FUNCTION team_members_one_team() RETURNS trigger AS $$
DECLARE
    left_team text;
BEGIN
    PERFORM lock_contest_person(NEW.contest_id, NEW.user_id);
    SELECT t.name INTO left_team FROM team_departures d JOIN teams t ON t.id = d.team_id
    WHERE d.contest_id = NEW.contest_id AND d.user_id = NEW.user_id AND d.team_id <> NEW.team_id;
    IF left_team IS NOT NULL THEN
        RAISE EXCEPTION 'user % left a team of contest % after it submitted', NEW.user_id, NEW.contest_id
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'team_members_one_team', DETAIL = left_team;
    END IF;
    -- Back in the team they left: a member again.
    DELETE FROM team_departures WHERE contest_id = NEW.contest_id AND user_id = NEW.user_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql VOLATILE;
-- +goose StatementEnd

CREATE TRIGGER team_members_one_team BEFORE INSERT ON team_members
    FOR EACH ROW EXECUTE FUNCTION team_members_one_team();

DROP INDEX teams_contest_name_idx;

-- +goose Down
CREATE UNIQUE INDEX teams_contest_name_idx ON teams (contest_id, lower(name));
DROP TRIGGER team_members_one_team ON team_members;
DROP FUNCTION team_members_one_team();
DROP TABLE team_departures;
DROP TRIGGER contest_members_one_role ON contest_members;
DROP FUNCTION contest_members_one_role();
DROP FUNCTION lock_contest_person(bigint, bigint);
