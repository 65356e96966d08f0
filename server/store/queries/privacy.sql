-- A person's data: what a download gives them, and what erasing their
-- account removes or keeps (see docs/personal-data.md).

-- name: personal-data
-- Everything Podium holds about account $1, as one JSON document.
SELECT jsonb_build_object(
    'account', (SELECT jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name, 'organization', u.organization,
        'language', u.language, 'platform_admin', u.is_admin, 'created_at', u.created_at,
        'email_verified_at', u.email_verified_at, 'password_changed_at', u.password_changed_at)
        FROM users u WHERE u.id = $1),
    'sessions', coalesce((SELECT jsonb_agg(jsonb_build_object('created_at', s.created_at, 'last_seen_at', s.last_seen_at,
        'expires_at', s.expires_at) ORDER BY s.created_at) FROM sessions s WHERE s.user_id = $1), '[]'),
    'api_tokens', coalesce((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'scope', t.scope,
        'created_at', t.created_at, 'last_used_at', t.last_used_at, 'expires_at', t.expires_at) ORDER BY t.id)
        FROM api_tokens t WHERE t.user_id = $1), '[]'),
    'roles', coalesce((SELECT jsonb_agg(jsonb_build_object('contest', c.slug, 'role', m.role, 'tracks', m.tracks,
        'organization', m.organization, 'scoped', m.scoped, 'prize', m.prize, 'since', m.created_at) ORDER BY c.slug, m.role)
        FROM contest_members m JOIN contests c ON c.id = m.contest_id WHERE m.user_id = $1), '[]'),
    'sign_in_providers', coalesce((SELECT jsonb_agg(jsonb_build_object('provider', p.name, 'subject', i.subject,
        'email', i.email, 'linked_at', i.created_at) ORDER BY i.created_at, p.name)
        FROM user_identities i JOIN oidc_providers p ON p.id = i.provider_id WHERE i.user_id = $1), '[]'),
    'invitations', coalesce((SELECT jsonb_agg(jsonb_build_object('contest', c.slug, 'role', i.role, 'tracks', i.tracks,
        'created_at', i.created_at) ORDER BY i.created_at)
        FROM contest_invitations i JOIN contests c ON c.id = i.contest_id
        WHERE i.email = (SELECT email FROM users WHERE id = $1)), '[]'),
    'teams', coalesce((SELECT jsonb_agg(jsonb_build_object('team_id', t.id, 'contest', c.slug, 'name', t.name,
        'track', tr.slug, 'captain', t.captain_id = $1, 'joined_at', tm.joined_at) ORDER BY t.id)
        FROM team_members tm JOIN teams t ON t.id = tm.team_id JOIN contests c ON c.id = t.contest_id
        JOIN tracks tr ON tr.id = t.track_id WHERE tm.user_id = $1), '[]'),
    'teams_left', coalesce((SELECT jsonb_agg(jsonb_build_object('team_id', d.team_id, 'contest', c.slug,
        'left_at', d.left_at) ORDER BY d.left_at)
        FROM team_departures d JOIN contests c ON c.id = d.contest_id WHERE d.user_id = $1), '[]'),
    'submitted_versions', coalesce((SELECT jsonb_agg(jsonb_build_object('team_id', s.team_id, 'version', v.version,
        'submitted_at', v.submitted_at, 'title', v.title, 'abstract', v.abstract, 'fields', v.fields,
        'files', v.files, 'digest', v.digest) ORDER BY v.id)
        FROM submission_versions v JOIN submissions s ON s.id = v.submission_id WHERE v.submitted_by = $1), '[]'),
    'files', coalesce((SELECT jsonb_agg(jsonb_build_object('file_id', f.id, 'team_id', s.team_id, 'slot', f.slot,
        'filename', f.filename, 'size', f.size, 'content_type', f.content_type, 'sha256', f.sha256,
        'status', f.status, 'created_at', f.created_at) ORDER BY f.created_at)
        FROM submission_files f JOIN submissions s ON s.id = f.submission_id WHERE f.created_by = $1), '[]'),
    'assignments', coalesce((SELECT jsonb_agg(jsonb_build_object('assignment_id', a.id, 'round_id', a.round_id,
        'entry_id', a.submission_id, 'status', a.status, 'reason', a.reason, 'created_at', a.created_at) ORDER BY a.id)
        FROM assignments a WHERE a.judge_id = $1), '[]'),
    'scores', coalesce((SELECT jsonb_agg(jsonb_build_object('assignment_id', sc.assignment_id, 'round_id', sc.round_id,
        'entry_id', sc.submission_id, 'values', sc."values", 'comment', sc.comment, 'final', sc.final,
        'submitted_at', sc.submitted_at, 'updated_at', sc.updated_at) ORDER BY sc.assignment_id)
        FROM scores sc WHERE sc.judge_id = $1), '[]'),
    'declared_conflicts', coalesce((SELECT jsonb_agg(jsonb_build_object('contest', c.slug, 'team_id', d.team_id,
        'organization', d.organization, 'reason', d.reason) ORDER BY d.id)
        FROM declared_conflicts d JOIN contests c ON c.id = d.contest_id WHERE d.judge_id = $1), '[]'),
    'interests', coalesce((SELECT jsonb_agg(jsonb_build_object('round_id', i.round_id, 'entry_id', i.submission_id,
        'interest', i.interest) ORDER BY i.round_id, i.submission_id)
        FROM judge_interests i WHERE i.judge_id = $1), '[]'),
    'actions', coalesce((SELECT jsonb_agg(jsonb_build_object('contest_id', a.contest_id, 'action', a.action,
        'object_type', a.object_type, 'object_id', a.object_id, 'detail', a.detail, 'at', a.created_at) ORDER BY a.id)
        FROM audit_log a WHERE a.actor_id = $1), '[]'),
    'emails', coalesce((SELECT jsonb_agg(jsonb_build_object('subject', o.subject, 'body', o.body,
        'queued_at', o.created_at, 'sent_at', o.sent_at) ORDER BY o.id)
        FROM outbox o WHERE o.to_email = (SELECT email::text FROM users WHERE id = $1)), '[]')
) AS doc;

-- name: erasure-teams
-- The teams of account $1, with whether each submitted and its other
-- members in the order they joined.
SELECT t.id, t.captain_id = $1 AS captain, s.current_version > 0 AS submitted,
    coalesce((SELECT array_agg(o.user_id ORDER BY o.joined_at, o.user_id) FROM team_members o
        WHERE o.team_id = t.id AND o.user_id <> $1), '{}') AS others
FROM team_members tm JOIN teams t ON t.id = tm.team_id JOIN submissions s ON s.team_id = t.id
WHERE tm.user_id = $1 ORDER BY t.id;

-- name: erasure-files
-- The files account $1 uploaded, and every file of teams $2 (the teams
-- that go with the account), each with whether a submitted version holds it.
SELECT f.id, f.object_key, f.upload_kind, f.upload_id, f.status, s.team_id,
    EXISTS (SELECT 1 FROM submission_versions v, jsonb_array_elements(v.files) vf
        WHERE v.submission_id = f.submission_id AND vf->>'file_id' = f.id::text) AS in_version
FROM submission_files f JOIN submissions s ON s.id = f.submission_id
WHERE f.created_by = $1 OR s.team_id = ANY($2::bigint[]);

-- name: last-organizer-of
-- The contests of which account $1 is the only organizer.
SELECT c.slug FROM contest_members m JOIN contests c ON c.id = m.contest_id
WHERE m.user_id = $1 AND m.role = 'organizer'
    AND NOT EXISTS (SELECT 1 FROM contest_members o WHERE o.contest_id = m.contest_id
        AND o.role = 'organizer' AND o.user_id <> $1)
ORDER BY c.slug;

-- name: erase-sessions
DELETE FROM sessions WHERE user_id = $1;

-- name: erase-tokens
DELETE FROM api_tokens WHERE user_id = $1;

-- name: erase-email-tokens
DELETE FROM email_tokens WHERE user_id = $1;

-- name: erase-invitations
DELETE FROM contest_invitations WHERE email = $1;

-- name: erase-roles
DELETE FROM contest_members WHERE user_id = $1;

-- name: erase-memberships
DELETE FROM team_members WHERE user_id = $1;

-- name: erase-departures
DELETE FROM team_departures WHERE user_id = $1;

-- name: erase-set-captain
UPDATE teams SET captain_id = $2 WHERE id = $1;

-- name: erase-teams
DELETE FROM teams WHERE id = ANY($1::bigint[]);

-- name: erase-files
DELETE FROM submission_files WHERE id = ANY($1::uuid[]);

-- name: erase-draft-scores
DELETE FROM scores WHERE judge_id = $1 AND NOT final;

-- name: erase-open-assignments
-- Active assignments without a counted score go back to the organizers.
UPDATE assignments a SET status = 'dropped', reason = 'account deleted'
WHERE a.judge_id = $1 AND a.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.assignment_id = a.id AND s.final);

-- name: erase-conflicts
DELETE FROM declared_conflicts WHERE judge_id = $1;

-- name: erase-interests
DELETE FROM judge_interests WHERE judge_id = $1;

-- name: erase-outbox
-- E-mails to the address $1 go.
DELETE FROM outbox WHERE lower(to_email) = lower($1);

-- name: redact-outbox
-- E-mails to others that name the person: the address ($1, a
-- case-insensitive pattern) and the name ($3, a pattern; '' for none) are
-- replaced by $2 and $4.
UPDATE outbox SET
    body = CASE WHEN $3 = '' THEN regexp_replace(body, $1, $2, 'gi')
        ELSE regexp_replace(regexp_replace(body, $1, $2, 'gi'), $3, $4, 'g') END,
    subject = CASE WHEN $3 = '' THEN regexp_replace(subject, $1, $2, 'gi')
        ELSE regexp_replace(regexp_replace(subject, $1, $2, 'gi'), $3, $4, 'g') END
WHERE body ~* $1 OR subject ~* $1 OR ($3 <> '' AND (body ~ $3 OR subject ~ $3));

-- name: erase-rate-limits
DELETE FROM rate_limits WHERE position(lower($1) IN lower(key)) > 0;

-- name: redact-audit
-- The audit log is append-only; an erasure may replace the person's address
-- ($1, a case-insensitive pattern) by $2 in its lines (see migration 00025).
UPDATE audit_log SET object_id = regexp_replace(object_id, $1, $2, 'gi'),
    detail = regexp_replace(detail::text, $1, $2, 'gi')::jsonb
WHERE object_id ~* $1 OR detail::text ~* $1;

-- name: allow-audit-redaction
SELECT set_config('podium.erasure', 'on', true);

-- name: erase-user
UPDATE users SET email = $2, name = $3, password_hash = '', organization = '', language = '',
    email_verified_at = NULL, is_admin = false, deleted_at = now()
WHERE id = $1 AND deleted_at IS NULL;
