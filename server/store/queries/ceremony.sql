-- The final ranking's settings, the jury's overrides and the ceremony.

-- name: final-settings
SELECT weights, missing, revision, frozen_at, frozen_by FROM contest_finals WHERE contest_id = $1;

-- name: ensure-final
INSERT INTO contest_finals (contest_id) VALUES ($1) ON CONFLICT (contest_id) DO NOTHING;

-- name: save-final-weights
-- Writes the weights only if the settings are still at revision $4;
-- answers the new revision, or no row on a stale one.
UPDATE contest_finals SET weights = $2, missing = $3, revision = revision + 1, updated_at = now()
WHERE contest_id = $1 AND revision = $4 RETURNING revision;

-- name: set-frozen
-- Freezes ($2 set) or unfreezes ($2 null) unless it already is.
UPDATE contest_finals SET frozen_at = $2, frozen_by = $3, updated_at = now()
WHERE contest_id = $1 AND (frozen_at IS NULL) = ($2::timestamptz IS NOT NULL) RETURNING contest_id;

-- name: add-override
INSERT INTO ranking_overrides (contest_id, kind, submission_id, other_id, position, award, reason, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id;

-- name: list-overrides
SELECT o.id, o.kind, o.submission_id, o.other_id, o.position, o.award, o.reason, o.created_at, o.revoked_at,
    coalesce(u.email::text, '') AS created_by
FROM ranking_overrides o LEFT JOIN users u ON u.id = o.created_by
WHERE o.contest_id = $1 ORDER BY o.id;

-- name: revoke-override
UPDATE ranking_overrides SET revoked_at = now(), revoked_by = $3
WHERE id = $1 AND contest_id = $2 AND revoked_at IS NULL RETURNING id;

-- name: ensure-ceremony
INSERT INTO ceremonies (contest_id, audience_token) VALUES ($1, $2) ON CONFLICT (contest_id) DO NOTHING;

-- name: ceremony
SELECT contest_id, reveal_order, revealed, state, rehearsal, audience_token, publish_at, revision
FROM ceremonies WHERE contest_id = $1;

-- name: ceremony-by-token
SELECT contest_id, reveal_order, revealed, state, rehearsal, audience_token, publish_at, revision
FROM ceremonies WHERE audience_token = $1;

-- name: update-ceremony
-- Writes the ceremony only if it is still at revision $8, and tells every
-- replica's audience streams (the progress channel, the contest's id
-- negated: round ids are positive).
WITH u AS (
    UPDATE ceremonies SET reveal_order = $2, revealed = $3, state = $4, rehearsal = $5, audience_token = $6,
        publish_at = $7, revision = revision + 1, updated_at = now()
    WHERE contest_id = $1 AND revision = $8 RETURNING contest_id, revision
)
SELECT u.revision, pg_notify('podium_progress', (-u.contest_id)::text) IS NULL AS notified FROM u;

-- name: due-publications
-- Contests whose results are due (a time set in advance) and not yet out.
SELECT c.id FROM ceremonies cm JOIN contests c ON c.id = cm.contest_id
WHERE cm.publish_at <= now() AND c.results_published_at IS NULL;

-- name: entry-photos
-- The first image (by slot) of each entry's current version.
SELECT DISTINCT ON (s.id) s.id AS submission_id, f.object_key, f.filename
FROM submissions s JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version
CROSS JOIN LATERAL jsonb_array_elements(v.files) AS vf
JOIN submission_files f ON f.id = (vf->>'file_id')::uuid
WHERE s.id = ANY($1) AND lower(f.filename) ~ '\.(png|jpe?g|webp)$'
ORDER BY s.id, f.slot;

-- name: add-system-audit
-- An audit line of the server itself (a scheduled job): no actor.
INSERT INTO audit_log (contest_id, actor_id, action, object_type, object_id, detail)
VALUES ($1, NULL, $2, $3, $4, $5);
