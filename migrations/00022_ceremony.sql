-- The end of a contest: one final ranking that combines rounds with
-- weights, frozen while the jury deliberates; the jury's decisions as
-- additive override records (revoked, never deleted); and the award
-- ceremony's state (reveal order, current reveal, rehearsal, the audience
-- screen's link, the time set to publish the results).

-- +goose Up
CREATE TABLE contest_finals (
    contest_id bigint PRIMARY KEY REFERENCES contests(id) ON DELETE CASCADE,
    -- [{"round_id": 1, "weight": 30}, ...]
    weights    jsonb NOT NULL DEFAULT '[]',
    missing    text NOT NULL DEFAULT 'exclude' CHECK (missing IN ('exclude', 'renormalize')),
    revision   integer NOT NULL DEFAULT 0,
    frozen_at  timestamptz,
    frozen_by  bigint REFERENCES users(id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ranking_overrides (
    id            bigserial PRIMARY KEY,
    contest_id    bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('move', 'tie', 'withhold')),
    submission_id bigint REFERENCES submissions(id) ON DELETE CASCADE,
    other_id      bigint REFERENCES submissions(id) ON DELETE CASCADE,
    position      integer,
    award         text NOT NULL DEFAULT '',
    reason        text NOT NULL,
    created_by    bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    revoked_by    bigint REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX ranking_overrides_contest_idx ON ranking_overrides (contest_id, id);

CREATE TABLE ceremonies (
    contest_id     bigint PRIMARY KEY REFERENCES contests(id) ON DELETE CASCADE,
    -- the reveal order: [{"entry_id": 1, "award": "First prize"}, ...]
    reveal_order   jsonb NOT NULL DEFAULT '[]',
    -- the number of awards revealed so far; the state says whether a run
    -- is on (running), over (finished) or not started (idle)
    revealed       integer NOT NULL DEFAULT 0,
    state          text NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'running', 'finished')),
    rehearsal      boolean NOT NULL DEFAULT false,
    audience_token text NOT NULL,
    publish_at     timestamptz,
    revision       integer NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ceremonies_audience_token_idx ON ceremonies (audience_token);

-- +goose Down
DROP TABLE ceremonies;
DROP TABLE ranking_overrides;
DROP TABLE contest_finals;
