-- Certificates: one template per contest (texts with fields per kind, the
-- signer's line, a logo and a signature image stored in the bucket), the
-- certificates issued from it (one per person, kind and award; the code is
-- the public, unguessable verification key and survives regeneration) and
-- the generation runs with their progress.

-- +goose Up
CREATE TABLE certificate_templates (
    contest_id       bigint PRIMARY KEY REFERENCES contests(id) ON DELETE CASCADE,
    title            text NOT NULL,
    winner_text      text NOT NULL,
    participant_text text NOT NULL,
    judge_text       text NOT NULL,
    signer           text NOT NULL DEFAULT '',
    logo_key         text NOT NULL DEFAULT '',
    signature_key    text NOT NULL DEFAULT '',
    revision         integer NOT NULL DEFAULT 1,
    updated_by       bigint REFERENCES users(id),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE certificates (
    id             bigserial PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    contest_id     bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    user_id        bigint NOT NULL REFERENCES users(id),
    team_id        bigint REFERENCES teams(id) ON DELETE SET NULL,
    kind           text NOT NULL CHECK (kind IN ('winner', 'participant', 'judge')),
    award          text NOT NULL DEFAULT '',
    name           text NOT NULL,
    team_name      text NOT NULL DEFAULT '',
    entry_title    text NOT NULL DEFAULT '',
    track          text NOT NULL DEFAULT '',
    object_key     text NOT NULL DEFAULT '',
    revision       integer NOT NULL DEFAULT 0,
    issued_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz,
    revoked_reason text NOT NULL DEFAULT '',
    UNIQUE (contest_id, user_id, kind, award)
);
CREATE INDEX certificates_team_idx ON certificates (team_id) WHERE team_id IS NOT NULL;
CREATE INDEX certificates_user_idx ON certificates (user_id);

CREATE TABLE certificate_runs (
    id          uuid PRIMARY KEY,
    contest_id  bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    status      text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    done_items  integer NOT NULL DEFAULT 0,
    total_items integer NOT NULL DEFAULT 0,
    error       text NOT NULL DEFAULT '',
    created_by  bigint REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX certificate_runs_contest_idx ON certificate_runs (contest_id, created_at DESC);
-- A contest runs one generation at a time.
CREATE UNIQUE INDEX certificate_runs_one_running ON certificate_runs (contest_id) WHERE status = 'running';

-- +goose Down
DROP TABLE certificate_runs;
DROP TABLE certificates;
DROP TABLE certificate_templates;
