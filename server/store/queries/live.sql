-- Live rounds (migration 00021): settings, rooms with their clocks, and
-- the schedule.

-- name: live-settings
SELECT round_id, pitch_seconds, qa_seconds, starts_at, breaks FROM live_rounds WHERE round_id = $1;

-- name: upsert-live-settings
INSERT INTO live_rounds (round_id, pitch_seconds, qa_seconds, starts_at, breaks)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (round_id) DO UPDATE SET pitch_seconds = excluded.pitch_seconds, qa_seconds = excluded.qa_seconds,
    starts_at = excluded.starts_at, breaks = excluded.breaks, updated_at = now();

-- name: live-rooms
SELECT id, round_id, position, name, judges, moderator_id, display_token, slot_id, started_at, paused_at,
    paused_ms, pitch_ms, qa_ms, revision
FROM live_rooms WHERE round_id = $1 ORDER BY position, id;

-- name: live-room
SELECT id, round_id, position, name, judges, moderator_id, display_token, slot_id, started_at, paused_at,
    paused_ms, pitch_ms, qa_ms, revision
FROM live_rooms WHERE id = $1;

-- name: live-room-by-token
SELECT id, round_id, position, name, judges, moderator_id, display_token, slot_id, started_at, paused_at,
    paused_ms, pitch_ms, qa_ms, revision
FROM live_rooms WHERE display_token = $1;

-- name: delete-live-slots
DELETE FROM live_slots WHERE round_id = $1;

-- name: delete-other-live-rooms
-- The rooms whose names are not in $2 (lower-cased) go.
DELETE FROM live_rooms WHERE round_id = $1 AND NOT (lower(name) = ANY($2::text[]));

-- name: upsert-live-room
-- A room keeps its id and display token by name.
INSERT INTO live_rooms (round_id, position, name, judges, moderator_id, display_token)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (round_id, lower(name)) DO UPDATE SET position = excluded.position, name = excluded.name,
    judges = excluded.judges, moderator_id = excluded.moderator_id;

-- name: reset-live-clocks
-- Every room that has not started waits at its first scheduled slot, with
-- the round's durations.
UPDATE live_rooms r SET slot_id = (SELECT s.id FROM live_slots s WHERE s.room_id = r.id AND s.status = 'scheduled'
        ORDER BY s.position LIMIT 1),
    started_at = NULL, paused_at = NULL, paused_ms = 0,
    pitch_ms = l.pitch_seconds * 1000::bigint, qa_ms = l.qa_seconds * 1000::bigint, revision = r.revision + 1
FROM live_rounds l
WHERE r.round_id = $1 AND l.round_id = r.round_id AND r.started_at IS NULL;

-- name: live-slots
SELECT s.id, s.room_id, s.submission_id, s.position, s.starts_at, s.status, t.id AS team_id, t.name AS team_name,
    coalesce(v.title, '') AS title, tr.slug AS track
FROM live_slots s
JOIN live_rooms r ON r.id = s.room_id
JOIN submissions sub ON sub.id = s.submission_id
JOIN teams t ON t.id = sub.team_id
JOIN tracks tr ON tr.id = t.track_id
LEFT JOIN round_entries e ON e.round_id = s.round_id AND e.submission_id = s.submission_id
LEFT JOIN submission_versions v ON v.submission_id = s.submission_id AND v.version = e.version
WHERE s.round_id = $1 ORDER BY r.position, r.id, s.position;

-- name: insert-live-slot
INSERT INTO live_slots (round_id, room_id, submission_id, position, starts_at) VALUES ($1, $2, $3, $4, $5);

-- name: move-live-slot
UPDATE live_slots SET room_id = $3, position = $4, starts_at = $5 WHERE round_id = $1 AND submission_id = $2;

-- name: save-room-clock
UPDATE live_rooms SET slot_id = $3, started_at = $4, paused_at = $5, paused_ms = $6, pitch_ms = $7, qa_ms = $8, revision = $9
WHERE id = $1 AND revision = $2;

-- name: set-slot-status
UPDATE live_slots SET status = $2, status_by = $3, status_at = now() WHERE id = $1;

-- name: set-display-token
UPDATE live_rooms SET display_token = $2 WHERE id = $1;

-- name: judge-rooms
SELECT r.id AS room_id, r.name AS room_name, r.round_id, rv.name AS round_name, rv.contest_slug,
    coalesce(r.moderator_id = $1, false) AS moderator
FROM live_rooms r JOIN round_view rv ON rv.id = r.round_id
WHERE r.judges @> ARRAY[$1::bigint] ORDER BY r.round_id, r.position;

-- name: team-slots
SELECT s.round_id, rd.name AS round_name, s.room_id, r.name AS room_name, s.position, s.starts_at, s.status
FROM submissions sub JOIN live_slots s ON s.submission_id = sub.id
JOIN live_rooms r ON r.id = s.room_id JOIN rounds rd ON rd.id = s.round_id
WHERE sub.team_id = $1 ORDER BY rd.position;

-- name: notify-live
-- A room's clock changed: its round's listeners hear at once (not through
-- the batching announcer: a moderator's tap must reach the room now).
SELECT pg_notify('podium_progress', $1::bigint::text);
