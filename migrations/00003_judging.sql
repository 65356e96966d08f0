-- +goose Up
ALTER TABLE users ADD COLUMN organization text NOT NULL DEFAULT '';

-- A judging round. Round 1 judges every team's last submitted version; a
-- later round judges the entries advanced from the round before it.
CREATE TABLE rounds (
    id               bigserial PRIMARY KEY,
    contest_id       bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    position         integer NOT NULL,
    name             text NOT NULL,
    rubric           jsonb NOT NULL,
    judges_per_entry integer NOT NULL CHECK (judges_per_entry BETWEEN 1 AND 50),
    max_load         integer NOT NULL DEFAULT 0,
    blind            boolean NOT NULL DEFAULT false,
    method           text NOT NULL CHECK (method IN ('mean', 'zscore', 'calibrated')),
    pool_tracks      text[] NOT NULL DEFAULT '{}',
    pool_judges      bigint[] NOT NULL DEFAULT '{}',
    closes_at        timestamptz NOT NULL,
    assigned_at      timestamptz,
    -- bumped by every score change; the ranking cache is keyed by it
    scores_revision  bigint NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (contest_id, position)
);

-- The entries of a round: one submission version each.
CREATE TABLE round_entries (
    round_id      bigint NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    submission_id bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    version       integer NOT NULL,
    advanced      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (round_id, submission_id)
);

-- A judge's assignment to an entry. Only "active" rows are visible to the
-- judge; "conflict", "dropped" and "moved" rows stay for the record.
CREATE TABLE assignments (
    id            bigserial PRIMARY KEY,
    round_id      bigint NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    submission_id bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    judge_id      bigint NOT NULL REFERENCES users(id),
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'conflict', 'dropped', 'moved')),
    reason        text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX assignments_active_idx ON assignments (round_id, submission_id, judge_id) WHERE status = 'active';
CREATE INDEX assignments_judge_idx ON assignments (judge_id, round_id);
CREATE INDEX assignments_round_idx ON assignments (round_id, submission_id);

-- The judge's scores for an assignment (a draft until final).
CREATE TABLE scores (
    assignment_id bigint PRIMARY KEY REFERENCES assignments(id) ON DELETE CASCADE,
    round_id      bigint NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    judge_id      bigint NOT NULL REFERENCES users(id),
    submission_id bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    "values"      jsonb NOT NULL,
    comment       text NOT NULL DEFAULT '',
    final         boolean NOT NULL DEFAULT false,
    submitted_at  timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    idempotency_key text
);
CREATE INDEX scores_round_idx ON scores (round_id, judge_id);

-- Every score change: who, when, old, new.
CREATE TABLE score_history (
    id            bigserial PRIMARY KEY,
    assignment_id bigint NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    actor_id      bigint NOT NULL REFERENCES users(id),
    action        text NOT NULL,
    old           jsonb,
    new           jsonb,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX score_history_assignment_idx ON score_history (assignment_id, id);

-- Conflicts a judge declares in advance, by team or by organization.
CREATE TABLE declared_conflicts (
    id           bigserial PRIMARY KEY,
    contest_id   bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    judge_id     bigint NOT NULL REFERENCES users(id),
    team_id      bigint REFERENCES teams(id) ON DELETE CASCADE,
    organization text NOT NULL DEFAULT '',
    reason       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX declared_conflicts_idx ON declared_conflicts (contest_id, judge_id);

-- How much a judge wants an entry (0..1), declared before assignment.
CREATE TABLE judge_interests (
    round_id      bigint NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    judge_id      bigint NOT NULL REFERENCES users(id),
    submission_id bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    interest      double precision NOT NULL CHECK (interest BETWEEN 0 AND 1),
    PRIMARY KEY (round_id, judge_id, submission_id)
);

-- The ranking of a round, computed once per scores_revision.
CREATE TABLE round_rankings (
    round_id        bigint PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    scores_revision bigint NOT NULL,
    result          jsonb NOT NULL,
    computed_at     timestamptz NOT NULL DEFAULT now()
);

-- Awards announced on the public results page.
CREATE TABLE awards (
    contest_id    bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    submission_id bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    award         text NOT NULL,
    position      integer NOT NULL,
    PRIMARY KEY (contest_id, submission_id, award)
);

-- +goose Down
DROP TABLE awards;
DROP TABLE round_rankings;
DROP TABLE judge_interests;
DROP TABLE declared_conflicts;
DROP TABLE score_history;
DROP TABLE scores;
DROP TABLE assignments;
DROP TABLE round_entries;
DROP TABLE rounds;
ALTER TABLE users DROP COLUMN organization;
