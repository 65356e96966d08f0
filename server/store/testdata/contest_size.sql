-- A platform at contest size, for the EXPLAIN test of the hot queries:
-- 10 contests, 20,000 users, 10,000 teams and submissions with 20,000
-- versions and files, 10 rounds with 30,000 assignments and 20,000 scores,
-- 20,000 sessions. Ids are predictable: user g, team g, submission g; the
-- contest of team g is 1 + (g - 1) % 10, and round r belongs to contest r.
INSERT INTO users (id, email, name, password_hash, organization)
SELECT g, 'u' || g || '@example.org', 'User ' || g, 'x', 'Org ' || (g % 500) FROM generate_series(1, 20000) g;
SELECT setval('users_id_seq', 20000);

INSERT INTO contests (id, slug, title, created_by, form, files)
SELECT g, 'c' || g, 'Contest ' || g, 20000, '[]', '[{"key":"deck","label":"Deck","required":true,"max_bytes":1048576,"types":[".pdf"]}]'
FROM generate_series(1, 10) g;
SELECT setval('contests_id_seq', 10);

INSERT INTO tracks (id, contest_id, slug, title, position)
SELECT g, 1 + (g - 1) / 2, 't' || g, 'Track ' || g, g % 2 FROM generate_series(1, 20) g;
SELECT setval('tracks_id_seq', 20);

INSERT INTO teams (id, contest_id, track_id, name, invite_code, captain_id)
SELECT g, 1 + (g - 1) % 10, 2 * ((g - 1) % 10) + 1 + (g / 10) % 2, 'Team ' || g, 'code' || g, g
FROM generate_series(1, 10000) g;
SELECT setval('teams_id_seq', 10000);

INSERT INTO team_members (team_id, contest_id, user_id) SELECT g, 1 + (g - 1) % 10, g FROM generate_series(1, 10000) g;

INSERT INTO contest_members (contest_id, user_id, role)
SELECT 1 + (g - 1) % 10, g, 'participant' FROM generate_series(1, 10000) g
UNION ALL SELECT 1 + (g - 10001) / 30, g, 'judge' FROM generate_series(10001, 10300) g
UNION ALL SELECT c, 20000, 'organizer' FROM generate_series(1, 10) c;

INSERT INTO contest_invitations (contest_id, email, role)
SELECT 1 + g % 10, 'invited' || g || '@example.org', 'judge' FROM generate_series(1, 2000) g;

INSERT INTO submissions (id, team_id, contest_id, title, current_version)
SELECT g, g, 1 + (g - 1) % 10, 'Entry ' || g, 2 FROM generate_series(1, 10000) g;
SELECT setval('submissions_id_seq', 10000);

INSERT INTO submission_files (id, submission_id, slot, filename, size, content_type, sha256, object_key, upload_kind, status, created_by, completed_at)
SELECT md5('f' || g)::uuid, 1 + (g - 1) / 2, 'deck', 'deck.pdf', 1048576, 'application/pdf', md5(g::text), 'k/' || g, 'post',
    CASE WHEN g % 2 = 0 THEN 'stored' ELSE 'replaced' END, 1 + (g - 1) / 2, now()
FROM generate_series(1, 20000) g;

INSERT INTO submission_versions (submission_id, version, submitted_at, submitted_by, title, abstract, fields, files, digest, idempotency_key)
SELECT s, v, now() - interval '1 day' + v * interval '1 hour', s, 'Entry ' || s, '', '{}',
    jsonb_build_array(jsonb_build_object('file_id', md5('f' || (2 * (s - 1) + v))::uuid::text)), md5(s || '-' || v), 'key-' || s || '-' || v
FROM generate_series(1, 10000) s, generate_series(1, 2) v;

INSERT INTO rounds (id, contest_id, position, name, rubric, judges_per_entry, method, closes_at, assigned_at)
SELECT g, g, 1, 'Preliminary', '[{"id":"x","label":"X","weight":1,"min":1,"max":10}]', 3, 'mean', now() + interval '1 day', now()
FROM generate_series(1, 10) g;
SELECT setval('rounds_id_seq', 10);

INSERT INTO round_entries (round_id, submission_id, version) SELECT 1 + (g - 1) % 10, g, 2 FROM generate_series(1, 10000) g;

-- Three distinct judges of the entry's contest per entry.
INSERT INTO assignments (id, round_id, submission_id, judge_id)
SELECT 3 * (g - 1) + k + 1, 1 + (g - 1) % 10, g, 10001 + 30 * ((g - 1) % 10) + (g * 7 + k) % 30
FROM generate_series(1, 10000) g, generate_series(0, 2) k;
SELECT setval('assignments_id_seq', 30000);

INSERT INTO scores (assignment_id, round_id, judge_id, submission_id, "values", final, submitted_at)
SELECT id, round_id, judge_id, submission_id, '{"x": 7}', id % 2 = 0, now() FROM assignments WHERE id % 3 <> 0;

INSERT INTO score_history (assignment_id, actor_id, action, new)
SELECT assignment_id, judge_id, 'save', "values" FROM scores;

INSERT INTO judge_interests (round_id, judge_id, submission_id, interest)
SELECT round_id, judge_id, submission_id, 0.5 FROM assignments WHERE id % 2 = 0;

INSERT INTO declared_conflicts (contest_id, judge_id, team_id, reason)
SELECT 1 + (g - 1) % 10, 10001 + g % 300, g * 7, 'former colleague' FROM generate_series(1, 1000) g;

INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
SELECT decode(md5('s' || g), 'hex'), g, md5('c' || g), now() + interval '1 day' FROM generate_series(1, 20000) g;

INSERT INTO api_tokens (user_id, name, token_hash, expires_at) SELECT g, 'script', decode(md5('t' || g), 'hex'), now() + interval '90 days' FROM generate_series(1, 2000) g;

INSERT INTO rate_limits (key, window_start, hits)
SELECT 'login:ip:10.0.' || (g / 250) || '.' || (g % 250), date_trunc('minute', now()), 1 FROM generate_series(1, 20000) g;

INSERT INTO outbox (to_email, subject, body, sent_at)
SELECT 'u' || g || '@example.org', 'Receipt', 'body', CASE WHEN g % 10 <> 0 THEN now() END FROM generate_series(1, 20000) g;

INSERT INTO audit_log (contest_id, actor_id, action, object_type, object_id)
SELECT 1 + g % 10, 20000, 'extension', 'team', g::text FROM generate_series(1, 10000) g;

INSERT INTO exports (id, contest_id, kind, status, created_by)
SELECT md5('e' || g)::uuid, 1 + g % 10, 'csv', 'done', 20000 FROM generate_series(1, 2000) g;

INSERT INTO awards (contest_id, submission_id, award, position) SELECT 1, g * 10 - 9, 'Prize', g FROM generate_series(1, 5) g;

INSERT INTO round_rankings (round_id, scores_revision, result) SELECT g, 0, '{}' FROM generate_series(1, 10) g;

ANALYZE;
