-- Certificates: the template, the issued certificates and generation runs.

-- name: certificate-template
SELECT contest_id, title, winner_text, participant_text, judge_text, signer, logo_key, signature_key, revision, updated_at
FROM certificate_templates WHERE contest_id = $1;

-- name: save-certificate-template
INSERT INTO certificate_templates (contest_id, title, winner_text, participant_text, judge_text, signer, logo_key, signature_key, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (contest_id) DO UPDATE SET title = EXCLUDED.title, winner_text = EXCLUDED.winner_text,
    participant_text = EXCLUDED.participant_text, judge_text = EXCLUDED.judge_text, signer = EXCLUDED.signer,
    logo_key = EXCLUDED.logo_key, signature_key = EXCLUDED.signature_key, updated_by = EXCLUDED.updated_by,
    revision = certificate_templates.revision + 1, updated_at = now()
RETURNING contest_id, title, winner_text, participant_text, judge_text, signer, logo_key, signature_key, revision, updated_at;

-- name: certificate-recipients
-- Winners: every member of a team whose entry won an award, once per
-- award; participants: every member of a team that submitted; judges:
-- the contest's judges.
SELECT m.user_id, t.id AS team_id, 'winner' AS kind, a.award, u.name, t.name AS team_name,
    coalesce(v.title, '') AS entry_title, tr.title AS track
FROM awards a
JOIN submissions s ON s.id = a.submission_id
JOIN teams t ON t.id = s.team_id
JOIN tracks tr ON tr.id = t.track_id
JOIN team_members m ON m.team_id = t.id
JOIN users u ON u.id = m.user_id
LEFT JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version
WHERE a.contest_id = $1
UNION ALL
SELECT m.user_id, t.id, 'participant', '', u.name, t.name, coalesce(v.title, ''), tr.title
FROM submissions s
JOIN teams t ON t.id = s.team_id
JOIN tracks tr ON tr.id = t.track_id
JOIN team_members m ON m.team_id = t.id
JOIN users u ON u.id = m.user_id
LEFT JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version
WHERE s.contest_id = $1 AND s.current_version > 0
UNION ALL
SELECT cm.user_id, NULL, 'judge', '', u.name, '', '', ''
FROM contest_members cm JOIN users u ON u.id = cm.user_id
WHERE cm.contest_id = $1 AND cm.role = 'judge';

-- name: issue-certificates
-- Creates or refreshes the certificates of the recipients (codes are kept),
-- and returns them; a revoked certificate stays revoked.
INSERT INTO certificates (code, contest_id, user_id, team_id, kind, award, name, team_name, entry_title, track)
SELECT r.code, $1, r.user_id, nullif(r.team_id, 0), r.kind, r.award, r.name, r.team_name, r.entry_title, r.track
FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
    AS r(code, user_id, team_id, kind, award, name, team_name, entry_title, track)
ON CONFLICT (contest_id, user_id, kind, award) DO UPDATE SET team_id = EXCLUDED.team_id, name = EXCLUDED.name,
    team_name = EXCLUDED.team_name, entry_title = EXCLUDED.entry_title, track = EXCLUDED.track
RETURNING id, code, contest_id, user_id, team_id, kind, award, name, team_name, entry_title, track, object_key, revision,
    issued_at, revoked_at, revoked_reason;

-- name: revoke-stale-certificates
-- Certificates whose holder is no longer a recipient (an award withdrawn,
-- a judge removed) are revoked, so that they no longer verify.
UPDATE certificates SET revoked_at = now(), revoked_reason = 'no longer issued by the contest'
WHERE contest_id = $1 AND revoked_at IS NULL AND NOT (id = ANY($2::bigint[]));

-- name: mark-certificates-rendered
UPDATE certificates c SET object_key = r.key, revision = $3
FROM unnest($1::bigint[], $2::text[]) AS r(id, key) WHERE c.id = r.id;

-- name: certificate-by-code
SELECT id, code, contest_id, user_id, team_id, kind, award, name, team_name, entry_title, track, object_key, revision,
    issued_at, revoked_at, revoked_reason
FROM certificates WHERE code = $1;

-- name: list-certificates
SELECT id, code, contest_id, user_id, team_id, kind, award, name, team_name, entry_title, track, object_key, revision,
    issued_at, revoked_at, revoked_reason
FROM certificates WHERE contest_id = $1 AND id > $2 ORDER BY id LIMIT $3;

-- name: count-certificates
SELECT kind, count(*) AS n FROM certificates WHERE contest_id = $1 AND revoked_at IS NULL GROUP BY kind;

-- name: team-certificates
SELECT id, code, contest_id, user_id, team_id, kind, award, name, team_name, entry_title, track, object_key, revision,
    issued_at, revoked_at, revoked_reason
FROM certificates WHERE team_id = $1 ORDER BY kind DESC, award, name, id;

-- name: user-certificates
SELECT x.id, x.code, x.contest_id, x.user_id, x.team_id, x.kind, x.award, x.name, x.team_name, x.entry_title, x.track,
    x.object_key, x.revision, x.issued_at, x.revoked_at, x.revoked_reason, c.slug AS contest_slug, c.title AS contest_title
FROM certificates x JOIN contests c ON c.id = x.contest_id
WHERE x.user_id = $1 ORDER BY x.issued_at DESC, x.id;

-- name: revoke-certificate
UPDATE certificates SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL;

-- name: insert-certificate-run
INSERT INTO certificate_runs (id, contest_id, status, created_by) VALUES ($1, $2, $3, $4)
RETURNING id, contest_id, status, done_items, total_items, error, coalesce(created_by, 0) AS created_by, created_at, finished_at;

-- name: certificate-run
SELECT id, contest_id, status, done_items, total_items, error, coalesce(created_by, 0) AS created_by, created_at, finished_at
FROM certificate_runs WHERE id = $1;

-- name: latest-certificate-run
SELECT id, contest_id, status, done_items, total_items, error, coalesce(created_by, 0) AS created_by, created_at, finished_at
FROM certificate_runs WHERE contest_id = $1 ORDER BY created_at DESC, id LIMIT 1;

-- name: start-certificate-run
UPDATE certificate_runs SET status = 'running', total_items = $2, done_items = 0, error = ''
WHERE id = $1 AND status IN ('queued', 'running');

-- name: certificate-run-progress
UPDATE certificate_runs SET done_items = $2 WHERE id = $1;

-- name: finish-certificate-run
UPDATE certificate_runs SET status = 'done', done_items = total_items, finished_at = now() WHERE id = $1;

-- name: fail-certificate-run
UPDATE certificate_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1;
