-- name: insert-contest
INSERT INTO contests (slug, status, title, description, timezone, registration_opens_at, registration_closes_at,
    submission_opens_at, submission_deadline, max_team_size, form, files, feedback_enabled, created_by)
VALUES (:slug, :status, :title, :description, :timezone, :registration_opens_at, :registration_closes_at,
    :submission_opens_at, :submission_deadline, :max_team_size, :form, :files, :feedback_enabled, :created_by)
RETURNING id;

-- name: update-contest
UPDATE contests SET title = :title, description = :description, timezone = :timezone,
    registration_opens_at = :registration_opens_at, registration_closes_at = :registration_closes_at,
    submission_opens_at = :submission_opens_at, submission_deadline = :submission_deadline,
    max_team_size = :max_team_size, form = :form, files = :files, feedback_enabled = :feedback_enabled,
    updated_at = now()
WHERE id = :id;

-- name: upsert-track
INSERT INTO tracks (contest_id, slug, title, position) VALUES ($1, $2, $3, $4)
ON CONFLICT (contest_id, slug) DO UPDATE SET title = EXCLUDED.title, position = EXCLUDED.position;

-- name: delete-unused-tracks
DELETE FROM tracks t WHERE t.contest_id = $1 AND NOT (t.slug = ANY($2))
    AND NOT EXISTS (SELECT 1 FROM teams WHERE teams.track_id = t.id);

-- name: count-removed-tracks
SELECT count(*) FROM tracks WHERE contest_id = $1 AND NOT (slug = ANY($2));

-- name: contest-by-slug
SELECT * FROM contest_view WHERE slug = $1;

-- name: contest-by-id
SELECT * FROM contest_view WHERE id = $1;

-- name: list-contests
-- One page of the contests a viewer may see: the open ones, and drafts for
-- platform admins ($3) and for their organizers and track leads (user $4; 0
-- for visitors).
SELECT * FROM contest_view c WHERE c.id > $1
    AND (c.status = 'open' OR $3 OR EXISTS (SELECT 1 FROM contest_members m
        WHERE m.contest_id = c.id AND m.user_id = $4 AND m.role IN ('organizer', 'track_lead')))
ORDER BY c.id LIMIT $2;

-- name: open-contest
UPDATE contests SET status = 'open', updated_at = now() WHERE id = $1;

-- name: contest-with-roles
-- A contest (by its slug $1, or its id $3) with the roles user $2 holds in
-- it and, for a track lead, the tracks they organize: what most contest
-- and round requests read first, in one round trip.
SELECT c.*, ARRAY(SELECT m.role FROM contest_members m WHERE m.contest_id = c.id AND m.user_id = $2 ORDER BY m.role) AS roles,
    coalesce((SELECT m.tracks FROM contest_members m
        WHERE m.contest_id = c.id AND m.user_id = $2 AND m.role = 'track_lead'), '{}') AS lead_tracks
FROM contest_view c WHERE c.slug = $1 OR c.id = $3;

-- name: member-roles
SELECT role FROM contest_members WHERE contest_id = $1 AND user_id = $2;

-- name: lead-tracks
SELECT tracks FROM contest_members WHERE contest_id = $1 AND user_id = $2 AND role = 'track_lead';

-- name: add-member
-- Only an account that has verified the address gets the role at once.
INSERT INTO contest_members (contest_id, user_id, role, tracks, organization, scoped, prize)
SELECT $1, id, $3, $4, $5, $6, $7 FROM users WHERE email = $2 AND email_verified_at IS NOT NULL AND deleted_at IS NULL
ON CONFLICT (contest_id, user_id, role) DO UPDATE SET tracks = EXCLUDED.tracks, organization = EXCLUDED.organization,
    scoped = EXCLUDED.scoped, prize = EXCLUDED.prize;

-- name: add-invitation
-- Inviting again replaces the link (the older one stops working).
INSERT INTO contest_invitations (contest_id, email, role, tracks, organization, token_hash, token_expires_at, scoped, prize)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (contest_id, email, role) DO UPDATE SET tracks = EXCLUDED.tracks, organization = EXCLUDED.organization,
    token_hash = EXCLUDED.token_hash, token_expires_at = EXCLUDED.token_expires_at,
    scoped = EXCLUDED.scoped, prize = EXCLUDED.prize;

-- name: list-members
SELECT m.user_id, u.email::text AS email, u.name, m.role, m.tracks, m.organization, m.scoped, m.prize, false AS invited,
    0::bigint AS invitation_id, m.created_at
FROM contest_members m JOIN users u ON u.id = m.user_id
WHERE m.contest_id = $1 AND m.role <> 'participant'
UNION ALL
SELECT 0, i.email::text, '', i.role, i.tracks, i.organization, i.scoped, i.prize, true, i.id, i.created_at
FROM contest_invitations i WHERE i.contest_id = $1
ORDER BY role, email;

-- name: list-members-page
-- One page of contest $1's organizers, track leads, judges and pending
-- invitations after sort key $2 ($3 rows), filtered by $4 (a role, the
-- accounts holding it; 'invited', the invitations; '' for all) and $5 (a
-- LIKE pattern on the name or e-mail; '' for none). The order is accounts
-- by role (organizers, track leads, judges), then invitations by role,
-- each group by id: sort_key is the group times 2^40 plus the account's or
-- invitation's id, the page's cursor. A contest's staff is some hundreds of
-- rows (the staff index), sorted whole; the page is chosen on them alone
-- and only its rows read their accounts (a search reads every account).
WITH page AS MATERIALIZED (
    SELECT m.user_id, m.role, m.tracks, m.organization, m.scoped, m.prize, m.created_at,
        ((CASE m.role WHEN 'organizer' THEN 1 WHEN 'track_lead' THEN 2 ELSE 3 END)::bigint << 40) | m.user_id AS sort_key
    FROM contest_members m
    WHERE m.contest_id = $1 AND m.role <> 'participant' AND ($4 = '' OR m.role = $4)
        AND ((CASE m.role WHEN 'organizer' THEN 1 WHEN 'track_lead' THEN 2 ELSE 3 END)::bigint << 40) | m.user_id > $2
        AND ($5 = '' OR EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id AND (u.email::text ILIKE $5 OR u.name ILIKE $5)))
    ORDER BY sort_key LIMIT $3
)
SELECT * FROM (
    SELECT p.user_id, u.email::text AS email, u.name, p.role, p.tracks, p.organization, p.scoped, p.prize, false AS invited,
        0::bigint AS invitation_id, p.created_at, p.sort_key
    FROM page p JOIN users u ON u.id = p.user_id
    UNION ALL
    SELECT 0, i.email::text, '', i.role, i.tracks, i.organization, i.scoped, i.prize, true, i.id, i.created_at,
        ((CASE i.role WHEN 'organizer' THEN 4 WHEN 'track_lead' THEN 5 ELSE 6 END)::bigint << 40) | i.id
    FROM contest_invitations i
    WHERE i.contest_id = $1 AND ($4 = '' OR $4 = 'invited') AND ($5 = '' OR i.email::text ILIKE $5)
        AND ((CASE i.role WHEN 'organizer' THEN 4 WHEN 'track_lead' THEN 5 ELSE 6 END)::bigint << 40) | i.id > $2
) staff
ORDER BY sort_key LIMIT $3;

-- name: claim-invitations
-- Run when account $1 proves its address $2 (a verification or reset link).
-- One role per contest: of several invitations to one contest the
-- organizer's wins, and none is claimed where the account already holds
-- another role or is (or was, after it submitted) in a team; the others
-- are dropped with the rest.
WITH claimed AS (
    DELETE FROM contest_invitations WHERE email = $2
    RETURNING contest_id, role, tracks, organization, scoped, prize
), chosen AS (
    SELECT DISTINCT ON (contest_id) contest_id, role, tracks, organization, scoped, prize FROM claimed
    ORDER BY contest_id, role = 'organizer' DESC, role = 'track_lead' DESC
)
INSERT INTO contest_members (contest_id, user_id, role, tracks, organization, scoped, prize)
SELECT c.contest_id, $1, c.role, c.tracks, c.organization, c.scoped, c.prize FROM chosen c
WHERE NOT EXISTS (SELECT 1 FROM contest_members m WHERE m.contest_id = c.contest_id AND m.user_id = $1 AND m.role <> c.role)
    AND NOT EXISTS (SELECT 1 FROM team_members tm WHERE tm.contest_id = c.contest_id AND tm.user_id = $1)
    AND NOT EXISTS (SELECT 1 FROM team_departures d WHERE d.contest_id = c.contest_id AND d.user_id = $1)
ON CONFLICT (contest_id, user_id, role) DO NOTHING;

-- name: accept-invitation
-- Uses an invitation's link once: its role goes to the account $2.
WITH inv AS (
    DELETE FROM contest_invitations WHERE token_hash = $1 AND token_expires_at > now()
    RETURNING id, contest_id, email, role, tracks, organization, scoped, prize
), ins AS (
    INSERT INTO contest_members (contest_id, user_id, role, tracks, organization, scoped, prize)
    SELECT contest_id, $2, role, tracks, organization, scoped, prize FROM inv
    ON CONFLICT (contest_id, user_id, role) DO NOTHING
)
SELECT inv.id, inv.contest_id, c.slug AS contest_slug, inv.email::text AS email, inv.role
FROM inv JOIN contests c ON c.id = inv.contest_id;

-- name: revoke-invitation
DELETE FROM contest_invitations WHERE contest_id = $1 AND id = $2
RETURNING id, contest_id, '' AS contest_slug, email::text AS email, role;

-- name: remove-contest-member
-- A user's organizer, track lead and judge roles ($3 = '' for all) in a contest.
DELETE FROM contest_members
WHERE contest_id = $1 AND user_id = $2 AND role IN ('organizer', 'track_lead', 'judge') AND ($3::text = '' OR role = $3::text)
RETURNING role;

-- name: count-organizers
SELECT count(*) FROM contest_members WHERE contest_id = $1 AND role = 'organizer';
-- name: standing
-- What the person with address $2 (maybe without an account) already is in
-- contest $1: roles, team, team left after it submitted, invitations.
SELECT coalesce(u.is_admin, false) AS is_admin,
    coalesce((SELECT array_agg(m.role ORDER BY m.role) FROM contest_members m
        WHERE m.contest_id = $1 AND m.user_id = u.id AND m.role <> 'participant'), '{}') AS roles,
    coalesce((SELECT t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
        WHERE tm.contest_id = $1 AND tm.user_id = u.id), '') AS team,
    coalesce((SELECT t.name FROM team_departures d JOIN teams t ON t.id = d.team_id
        WHERE d.contest_id = $1 AND d.user_id = u.id), '') AS left_team,
    coalesce((SELECT array_agg(i.role ORDER BY i.role) FROM contest_invitations i
        WHERE i.contest_id = $1 AND i.email = $2), '{}') AS invited
FROM (SELECT 1) one LEFT JOIN users u ON u.email = $2;

-- name: add-audit
-- An actor of 0 is the system (a job): no account.
INSERT INTO audit_log (contest_id, actor_id, action, object_type, object_id, detail)
VALUES ($1, NULLIF($2::bigint, 0), $3, $4, $5, $6);

-- name: list-audit
-- Newest first: $2 is the id of the last entry of the previous page (the
-- store passes the largest id for the first page), so pages go to older
-- entries along audit_log_contest_idx, read backwards.
SELECT a.id, a.contest_id, coalesce(a.actor_id, 0) AS actor_id, coalesce(u.email::text, '') AS actor_email, a.action, a.object_type,
    a.object_id, a.detail, a.created_at
FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
WHERE a.contest_id = $1 AND a.id < $2 ORDER BY a.id DESC LIMIT $3;

-- name: add-member-by-id
INSERT INTO contest_members (contest_id, user_id, role) VALUES ($1, $2, $3)
ON CONFLICT (contest_id, user_id, role) DO NOTHING;

-- name: create-role-link
INSERT INTO role_links (contest_id, token_hash, role, tracks, scoped, prize, label, expires_at, max_uses, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING id, contest_id, role, tracks, scoped, prize, label, expires_at, max_uses, uses, revoked_at, created_at,
    '' AS contest_slug, '' AS contest_title;

-- name: role-links
SELECT id, contest_id, role, tracks, scoped, prize, label, expires_at, max_uses, uses, revoked_at, created_at,
    '' AS contest_slug, '' AS contest_title
FROM role_links WHERE contest_id = $1 ORDER BY id DESC LIMIT 200;

-- name: revoke-role-link
UPDATE role_links SET revoked_at = coalesce(revoked_at, now()) WHERE contest_id = $1 AND id = $2
RETURNING id, contest_id, role, tracks, scoped, prize, label, expires_at, max_uses, uses, revoked_at, created_at,
    '' AS contest_slug, '' AS contest_title;

-- name: role-link-by-hash
SELECT l.id, l.contest_id, l.role, l.tracks, l.scoped, l.prize, l.label, l.expires_at, l.max_uses, l.uses,
    l.revoked_at, l.created_at, c.slug AS contest_slug, c.title AS contest_title
FROM role_links l JOIN contests c ON c.id = l.contest_id WHERE l.token_hash = $1;

-- name: use-role-link
-- Counts one use of the link $1 if it is still active at $3, and gives its
-- role to account $2 (the one-role trigger refuses a second role).
WITH used AS (
    UPDATE role_links SET uses = uses + 1
    WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $3)
        AND (max_uses IS NULL OR uses < max_uses)
    RETURNING id, contest_id, role, tracks, scoped, prize, label, expires_at, max_uses, uses, revoked_at, created_at
), ins AS (
    INSERT INTO contest_members (contest_id, user_id, role, tracks, scoped, prize)
    SELECT contest_id, $2, role, tracks, scoped, prize FROM used
    ON CONFLICT (contest_id, user_id, role) DO UPDATE SET tracks = EXCLUDED.tracks, scoped = EXCLUDED.scoped,
        prize = EXCLUDED.prize
)
SELECT used.*, '' AS contest_slug, '' AS contest_title FROM used;
