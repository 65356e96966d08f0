-- name: change-email
-- A new address is unverified until its link is followed.
UPDATE users SET email = $2, email_verified_at = NULL WHERE id = $1
RETURNING id, email, name, is_admin, organization, created_at, false AS email_verified, language;

-- name: contest-participant
SELECT u.id, u.email, u.name, u.is_admin, u.organization, u.created_at,
    u.email_verified_at IS NOT NULL AS email_verified, u.language
FROM team_members m JOIN teams t ON t.id = m.team_id JOIN users u ON u.id = m.user_id
WHERE t.contest_id = $1 AND m.user_id = $2;
