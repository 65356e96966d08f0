-- Live rounds: finalists pitch in rooms on a schedule, with a clock per
-- room that a moderator drives and a room display follows.
--
-- live_rounds makes a round live (its durations, start and breaks);
-- live_rooms are its rooms, each with its judges, an optional moderator
-- (one of its judges; organizers always moderate), the token of its
-- public display link, and its clock (domain.RoomClock: instants of the
-- server's clock, so every replica and every reloaded page computes the
-- same remaining time); live_slots is the schedule, one slot per entry.

-- +goose Up
CREATE TABLE live_rounds (
    round_id      bigint PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    pitch_seconds integer NOT NULL CHECK (pitch_seconds BETWEEN 30 AND 7200),
    qa_seconds    integer NOT NULL CHECK (qa_seconds BETWEEN 0 AND 7200),
    starts_at     timestamptz NOT NULL,
    breaks        jsonb NOT NULL DEFAULT '[]',
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE live_rooms (
    id            bigserial PRIMARY KEY,
    round_id      bigint NOT NULL REFERENCES live_rounds(round_id) ON DELETE CASCADE,
    position      integer NOT NULL,
    name          text NOT NULL,
    judges        bigint[] NOT NULL DEFAULT '{}',
    moderator_id  bigint REFERENCES users(id),
    display_token text NOT NULL UNIQUE,
    slot_id       bigint,
    started_at    timestamptz,
    paused_at     timestamptz,
    paused_ms     bigint NOT NULL DEFAULT 0,
    pitch_ms      bigint NOT NULL DEFAULT 0,
    qa_ms         bigint NOT NULL DEFAULT 0,
    revision      bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX live_rooms_name_idx ON live_rooms (round_id, lower(name));
CREATE INDEX live_rooms_judges_idx ON live_rooms USING gin (judges);

CREATE TABLE live_slots (
    id            bigserial PRIMARY KEY,
    round_id      bigint NOT NULL REFERENCES live_rounds(round_id) ON DELETE CASCADE,
    room_id       bigint NOT NULL REFERENCES live_rooms(id) ON DELETE CASCADE,
    submission_id bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    position      integer NOT NULL,
    starts_at     timestamptz NOT NULL,
    status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'absent', 'no_show')),
    status_by     bigint REFERENCES users(id),
    status_at     timestamptz,
    UNIQUE (round_id, submission_id)
);
CREATE INDEX live_slots_room_idx ON live_slots (room_id, position);
CREATE INDEX live_slots_submission_idx ON live_slots (submission_id);

-- +goose Down
DROP TABLE live_slots;
DROP TABLE live_rooms;
DROP TABLE live_rounds;
