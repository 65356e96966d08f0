package store_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/podium-contests/podium/server/internal/testenv"
)

// largeTable is the row count above which a sequential scan fails the test.
const largeTable = 1000

// wholeTableQueries read every row of a contest, round or table by design
// (offline tools, maintenance, the assignment run, exports): a sequential
// scan is the right plan for them. Each entry says why it is not a hot path.
var wholeTableQueries = map[string]string{
	"count-users":              "IsEmpty: `podium seed --if-empty` only",
	"list-oidc-providers":      "sign-in and admin pages: a handful of providers",
	"all-file-records":         "`podium verify`: every file by design",
	"delete-expired-sessions":  "maintenance job, once an hour",
	"delete-expired-tokens":    "maintenance job, every 10 minutes",
	"latest-mail-to":           "tests and dev tools read links from the outbox",
	"delete-old-rate-limits":   "maintenance job, once an hour",
	"count-unsent-outbox":      "metrics gauge",
	"export-entries":           "export job: a whole contest",
	"entry-texts":              "near-duplicate search (organizers, on request): a whole contest",
	"fill-first-round":         "round set-up: a whole contest",
	"round-entry-members":      "assignment run: a whole round",
	"round-entries":            "assignment run and ranking: a whole round",
	"round-assignments":        "assignment run and organizer view: a whole round",
	"round-interests":          "assignment run: a whole round",
	"round-scores":             "ranking, computed once per scores_revision: a whole round",
	"ranking-scores":           "ranking, computed once per scores_revision: a whole round",
	"delete-round-assignments": "assignment run: a whole round",
	"clear-advanced":           "advancement: a whole round",
	"round-progress":           "organizer progress: a whole round (the round's assignments, by index)",
	"seed-file-checks":         "`podium seed --scale`: a whole contest",
	"certificate-recipients":   "certificate generation: every member and judge of a whole contest",
	"seed-round-entries":       "`podium seed --scale`: a whole contest",
	"seed-assignments":         "`podium seed --scale`: a whole round",
	"seed-scores":              "`podium seed --scale`: a whole round",
	"seed-audit":               "`podium seed --scale`: a whole contest",
	// A person's download of their data and the erasure of an account are
	// rare and one person's: the tables they scan by author (versions,
	// files, scores, audit log, outbox) carry no index for that.
	"personal-data":      "a person's data download, on request",
	"erasure-files":      "account erasure: files by their uploader",
	"erase-draft-scores": "account erasure: draft scores by judge",
	"erase-outbox":       "account erasure: e-mails to the address",
	"redact-outbox":      "account erasure: e-mails naming the person",
	"erase-rate-limits":  "account erasure: throttles keyed by the address",
	"redact-audit":       "account erasure: audit lines naming the address",
	"erase-invitations":  "account erasure: invitations to the address",
	"erase-interests":    "account erasure: a judge's interests in every round",
	"retention-due":      "retention job, every few hours: the contests with a period",
	"purge-files":        "retention purge and its dry run: a whole contest",
	"purge-exports":      "retention purge and its dry run: a whole contest",
	"purge-counts":       "retention purge and its dry run: a whole contest",
	"purge-contest":      "retention purge: a whole contest, once",
}

// utilityQueries are not plannable (EXPLAIN takes no utility statement).
var utilityQueries = map[string]string{
	"seed-analyze": "`podium seed --scale`: statistics after the bulk load",
}

// TestHotQueriesUseIndexes seeds a database of contest size and fails when
// the plan of a hot-path query scans a large table sequentially. Every named
// query must have parameters in queryParams (so a new query cannot skip the
// check); only those in wholeTableQueries may scan.
func TestHotQueriesUseIndexes(t *testing.T) {
	st := testenv.Store(t)
	db := st.DB()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	seed, err := os.ReadFile("testdata/contest_size.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, string(seed)); err != nil {
		t.Fatalf("seed: %v", err)
	}
	rows := map[string]float64{}
	var tables []struct {
		Name string  `db:"relname"`
		Rows float64 `db:"reltuples"`
	}
	if err := db.SelectContext(ctx, &tables, "SELECT relname, reltuples::float8 AS reltuples FROM pg_class WHERE relkind = 'r'"); err != nil {
		t.Fatal(err)
	}
	for _, r := range tables {
		rows[r.Name] = r.Rows
	}

	// The planner settings of a database on SSDs (every managed offering):
	// see docs/scaling.md.
	conn, err := db.Connx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Only named prepared statements are planned generically, so this
	// also leaves the custom plans of unprepared queries as they are.
	if _, err := conn.ExecContext(ctx, "SET random_page_cost = 1.1; SET plan_cache_mode = force_generic_plan"); err != nil {
		t.Fatal(err)
	}
	params := queryParams()
	queries := st.Queries()
	names := make([]string, 0, len(queries))
	for name := range queries {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		args, ok := params[name]
		if !ok {
			t.Errorf("query %s has no parameters in queryParams", name)
			continue
		}
		if _, ok := utilityQueries[name]; ok {
			continue
		}
		_, cold := wholeTableQueries[name]
		q, bound, err := bind(queries[name], args)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, mode := range []string{"custom", "generic"} {
			plan, err := explain(ctx, conn, mode, q, bound)
			if err != nil {
				t.Errorf("EXPLAIN %s (%s plan): %v", name, mode, err)
				continue
			}
			if cold {
				continue
			}
			for _, rel := range seqScans(t, plan) {
				if rows[rel] > largeTable {
					t.Errorf("query %s scans %s (%.0f rows) sequentially in its %s plan", name, rel, rows[rel], mode)
					t.Log(plan)
				}
			}
		}
	}
	for name := range params {
		if _, ok := queries[name]; !ok {
			t.Errorf("queryParams lists %s, which is not a named query", name)
		}
	}
}

// explain returns q's plan as JSON. A custom plan is made for the
// arguments, as for an unprepared query (PODIUM_DB_PREPARED=false); a
// generic one for any arguments, as the store's prepared queries run by
// default (see store.genericPlans): conn must plan its prepared statements
// with plan_cache_mode = force_generic_plan.
func explain(ctx context.Context, conn *sqlx.Conn, mode, q string, args []any) (string, error) {
	var plan string
	if mode == "custom" {
		err := conn.GetContext(ctx, &plan, "EXPLAIN (FORMAT JSON) "+q, args...)
		return plan, err
	}
	if _, err := conn.ExecContext(ctx, "PREPARE explained AS "+q); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "DEALLOCATE explained") //nolint:errcheck // the connection closes with the test
	// EXECUTE takes no bind parameters, and a generic plan is the same
	// for any arguments: NULLs of the statement's types do.
	execute := "EXPLAIN (FORMAT JSON) EXECUTE explained"
	if len(args) > 0 {
		execute += "(" + strings.TrimSuffix(strings.Repeat("NULL, ", len(args)), ", ") + ")"
	}
	err := conn.GetContext(ctx, &plan, execute)
	return plan, err
}

// bind turns a named query (:name) with a map argument into a positional
// one; positional queries keep their arguments.
func bind(q string, args []any) (string, []any, error) {
	if len(args) == 1 {
		if m, ok := args[0].(map[string]any); ok {
			nq, nargs, err := sqlx.Named(q, m)
			if err != nil {
				return "", nil, err
			}
			return sqlx.Rebind(sqlx.DOLLAR, nq), nargs, nil
		}
	}
	return q, args, nil
}

// seqScans lists the relations a JSON plan reads with a Seq Scan.
func seqScans(t *testing.T, plan string) []string {
	var doc []struct {
		Plan map[string]any `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(plan), &doc); err != nil {
		t.Fatalf("decode plan: %v", err)
	}
	var out []string
	var walk func(n map[string]any)
	walk = func(n map[string]any) {
		if n["Node Type"] == "Seq Scan" {
			out = append(out, fmt.Sprint(n["Relation Name"]))
		}
		kids, _ := n["Plans"].([]any)
		for _, k := range kids {
			if m, ok := k.(map[string]any); ok {
				walk(m)
			}
		}
	}
	for _, d := range doc {
		walk(d.Plan)
	}
	return out
}

// md5hex is the seed's md5(s), for keys derived the same way.
func md5hex(s string) string {
	h := md5.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

func md5bytes(s string) []byte {
	h := md5.Sum([]byte(s))
	return h[:]
}

func uuidOf(s string) string {
	h := md5hex(s)
	return strings.Join([]string{h[:8], h[8:12], h[12:16], h[16:20], h[20:]}, "-")
}

// queryParams are plausible parameters for every named query, on the
// seeded data: user 1234 captains team 1234 (contest 4,
// submission 1234, round 4); judge 10119 has assignment 3700 on it.
func queryParams() map[string][]any {
	now := time.Now()
	const (
		user, team, sub, contest, round, judge, assignment = 1234, 1234, 1234, 4, 4, 10119, 3700
		organizer                                          = 20000
	)
	file := uuidOf("f2468") // the stored file of submission 1234's version 2
	session := md5bytes("s1234")
	deck := `[{"key":"deck","label":"Deck","required":true,"max_bytes":1048576,"types":[".pdf"]}]`
	contestRow := map[string]any{"id": contest, "slug": "new", "status": "open", "title": "T", "description": "", "timezone": "UTC",
		"registration_opens_at": now, "registration_closes_at": nil, "submission_opens_at": now, "submission_deadline": now,
		"max_team_size": 3, "form": "[]", "files": deck, "feedback_enabled": false, "created_by": organizer}
	return map[string][]any{
		// whole-table queries (see wholeTableQueries)
		"count-users":              {},
		"all-file-records":         {},
		"delete-expired-sessions":  {},
		"delete-old-rate-limits":   {},
		"count-unsent-outbox":      {},
		"export-entries":           {contest, 0},
		"fill-first-round":         {round, contest},
		"round-entry-members":      {round},
		"round-entries":            {round},
		"round-assignments":        {round, true},
		"round-interests":          {round},
		"round-scores":             {round, false},
		"ranking-scores":           {round},
		"delete-round-assignments": {round},
		"clear-advanced":           {round},
		"round-progress":           {round},
		"reserve-ids":              {"users_id_seq", 10},
		"round-assignments-page":   {round, 0, 50, []string{"t1"}},
		"seed-users":               {30001, "x", 10, "p", ".n@example.org", "Participant"},
		"seed-participants":        {contest, 30001, 30010},
		"seed-judges":              {contest, 30001, 10, []string{"t1"}},
		"seed-teams":               {contest, 20001, 10, []int64{1, 2}, 30001, 3, now},
		"seed-team-members":        {contest, 20001, 30001, 1, 30, 3},
		"seed-submissions":         {contest, 20001, 10, 20001, 2, now, now, "deck"},
		"seed-file-checks":         {contest, 50},
		"seed-round-entries":       {round, contest, 1, 10},
		"seed-assignments":         {round, contest, 3},
		"seed-scores":              {round, 100, 100, `[{"id":"x","min":1,"max":10}]`},
		"seed-audit":               {contest, organizer},
		"seed-analyze":             nil,
		// single sign-on and addresses
		"list-oidc-providers":       {},
		"oidc-provider-by-slug":     {"uni"},
		"oidc-provider-by-id":       {1},
		"insert-oidc-provider":      {"uni2", "Uni", "https://login.example.edu/", "c", "s", "{}", false, true},
		"update-oidc-provider":      {1, "uni", "Uni", "https://login.example.edu/", "c", "s", "{}", false, true},
		"delete-oidc-provider":      {1},
		"create-oidc-login":         {md5bytes("state"), 1, "nonce", "verifier", "/", nil, now},
		"use-oidc-login":            {md5bytes("state")},
		"identity-user":             {1, "subject"},
		"insert-identity":           {1, "subject", user, "a@example.org"},
		"mark-verified-by-provider": {user, "a@example.org"},
		"user-by-id":                {user},
		"create-sso-user":           {"sso@example.org", "S", true},
		"change-email":              {user, "changed@example.org"},
		"contest-participant":       {contest, user},
		"erase-identities":          {user},
		"sign-in-ways":              {user},
		"unlink-identity":           {user, "uni"},
		// accounts
		"create-user":                 {"new@example.org", "New", "x", false, ""},
		"user-credentials":            {"u1234@example.org"},
		"set-password":                {user, "x"},
		"set-admin":                   {user, "x"},
		"create-session":              {md5bytes("new"), user, "csrf", now, now, now},
		"sessions-by-hash":            {[][]byte{session}},
		"touch-session":               {session, now, now},
		"probe-sessions-channel":      {"probe:explain"},
		"probe-progress-channel":      {"probe:explain"},
		"delete-session":              {session},
		"delete-user-sessions":        {user},
		"create-token":                {user, "script", md5bytes("new"), "full", now},
		"token-by-hash":               {md5bytes("t1234")},
		"touch-token":                 {md5bytes("t1234"), now},
		"delete-user-tokens":          {user},
		"delete-expired-tokens":       {},
		"register-user":               {"new@example.org", "New", "x", "", ""},
		"create-email-token":          {md5bytes("e"), "verify", user, "u1234@example.org", now, "u1234@example.org", "s", "b"},
		"queue-account-mail":          {"u1234@example.org", "s", "b"},
		"use-email-token":             {md5bytes("e1"), "verify"},
		"mark-verified":               {user, "u1234@example.org"},
		"reset-password":              {user, "u1234@example.org", "x"},
		"delete-user-email-tokens":    {user},
		"delete-expired-email-tokens": {},
		"list-tokens":                 {user},
		"delete-token":                {user, 5},
		"user-roles":                  {user},
		// contests
		"insert-contest":          {contestRow},
		"update-contest":          {contestRow},
		"upsert-track":            {contest, "t7", "Track", 1},
		"delete-unused-tracks":    {contest, []string{"t7"}},
		"count-removed-tracks":    {contest, []string{"t7"}},
		"contest-by-slug":         {"c4"},
		"contest-with-roles":      {"c4", user, 0},
		"contest-by-id":           {contest},
		"list-contests":           {0, 50, false, user},
		"open-contest":            {contest},
		"member-roles":            {contest, user},
		"lead-tracks":             {contest, user},
		"contest-retention":       {contest},
		"set-contest-retention":   {contest, 30},
		"clear-contest-retention": {contest},
		"purge-files":             {contest},
		"purge-exports":           {contest},
		"purge-counts":            {contest},
		"purge-contest":           {contest},
		"retention-due":           {now},
		"mark-retention-notified": {contest},
		"create-role-link":        {contest, md5bytes("l"), "judge", []string{}, false, "", "", nil, nil, organizer},
		"role-links":              {contest},
		"revoke-role-link":        {contest, 1},
		"role-link-by-hash":       {md5bytes("l")},
		"use-role-link":           {md5bytes("l"), user, now},
		// certificates (queries/certificates.sql)
		"certificate-template":       {contest},
		"save-certificate-template":  {contest, "T", "w", "p", "j", "s", "", "", organizer},
		"certificate-recipients":     {contest},
		"issue-certificates":         {contest, []string{"C"}, []int64{user}, []int64{team}, []string{"participant"}, []string{""}, []string{"N"}, []string{"T"}, []string{"E"}, []string{"Tr"}},
		"revoke-stale-certificates":  {contest, []int64{1}},
		"mark-certificates-rendered": {[]int64{1}, []string{"k"}, 1},
		"certificate-by-code":        {"CODE"},
		"list-certificates":          {contest, 0, 200},
		"count-certificates":         {contest},
		"team-certificates":          {team},
		"user-certificates":          {user},
		"revoke-certificate":         {1, "reason"},
		"insert-certificate-run":     {"00000000-0000-0000-0000-000000000001", contest, "queued", organizer},
		"certificate-run":            {"00000000-0000-0000-0000-000000000001"},
		"latest-certificate-run":     {contest},
		"start-certificate-run":      {"00000000-0000-0000-0000-000000000001", 10},
		"certificate-run-progress":   {"00000000-0000-0000-0000-000000000001", 5},
		"finish-certificate-run":     {"00000000-0000-0000-0000-000000000001"},
		"fail-certificate-run":       {"00000000-0000-0000-0000-000000000001", "err"},
		// A person's data download and erasure.
		"personal-data":          {user},
		"erasure-teams":          {user},
		"erasure-files":          {user, []int64{team}},
		"last-organizer-of":      {user},
		"erase-sessions":         {user},
		"erase-tokens":           {user},
		"erase-email-tokens":     {user},
		"erase-invitations":      {"u1234@example.org"},
		"erase-roles":            {user},
		"erase-memberships":      {user},
		"erase-departures":       {user},
		"erase-set-captain":      {team, user},
		"erase-teams":            {[]int64{team}},
		"erase-files":            {[]string{file}},
		"erase-draft-scores":     {judge},
		"erase-open-assignments": {judge},
		"erase-conflicts":        {judge},
		"erase-interests":        {judge},
		"erase-outbox":           {"u1234@example.org"},
		"redact-outbox":          {`u1234@example\.org`, "deleted-1234@deleted.invalid", "Alice", "Deleted user 1234"},
		"erase-rate-limits":      {"u1234@example.org"},
		"redact-audit":           {`u1234@example\.org`, "deleted-1234@deleted.invalid"},
		"allow-audit-redaction":  {},
		"erase-user":             {user, "deleted-1234@deleted.invalid", "Deleted user 1234"},
		"add-member":             {contest, "u1234@example.org", "judge", []string{}, "", false, ""},
		"add-invitation":         {contest, "new@example.org", "judge", []string{}, "", md5bytes("i"), now, false, ""},
		"accept-invitation":      {md5bytes("i1"), user},
		"revoke-invitation":      {contest, 5},
		"remove-contest-member":  {contest, user, ""},
		"count-organizers":       {contest},
		"list-members":           {contest},
		"list-members-page":      {contest, 0, 50, "", ""},
		"claim-invitations":      {user, "invited14@example.org"},
		"add-audit":              {contest, organizer, "edit", "contest", "4", "{}"},
		"list-audit":             {contest, int64(math.MaxInt64), 50},
		"add-member-by-id":       {contest, user, "judge"},
		"standing":               {contest, "u1234@example.org"},
		// teams
		"insert-team":             {contest, 7, "New team", "newcode", user},
		"insert-team-member":      {team, contest, 15000},
		"insert-submission":       {team, contest},
		"lock-team-by-code":       {contest, "code1234"},
		"teams-and-contests":      {[]int64{team}},
		"team-by-id":              {team},
		"teams-of-user":           {user},
		"list-teams":              {contest, 0, 50, "", "", []string{}},
		"list-teams-among":        {contest, 0, 50, "", "", []string{}, "%team%", false, false},
		"listed-teams":            {[]int64{team}},
		"members-of-teams":        {[]int64{team}},
		"team-preview":            {contest, "code1234"},
		"lock-team":               {team},
		"team-size":               {team},
		"delete-team-member":      {team, user},
		"delete-participant-role": {contest, user},
		"add-participant-role":    {contest, user},
		"delete-team":             {team},
		"set-captain":             {team, user},
		"set-extension":           {team, now},
		"lock-contest-person":     {contest, user},
		"record-departure":        {contest, user, team},
		// submissions
		"submission-by-team":      {team},
		"drafts-for-submit":       {[]int64{team, team + 1}, []string{"key-1234-2", ""}},
		"save-draft":              {team, "Title", "Abstract", "{}"},
		"insert-file":             {map[string]any{"id": uuidOf("new"), "team_id": team, "slot": "deck", "filename": "d.pdf", "size": 1, "content_type": "application/pdf", "sha256": "x", "object_key": "k/new", "upload_kind": "post", "upload_id": "", "status": "pending", "created_by": user}},
		"file-by-id":              {file},
		"store-file":              {file, false},
		"set-file-status":         {file, "stored"},
		"record-file-digests":     {file, "0000000000000000000000000000000000000000000000000000000000000000", 12345},
		"draft-files":             {sub},
		"insert-versions":         {`[{"submission_id": 1234, "version": 3, "submitted_at": "2026-11-25T10:00:00Z", "submitted_by": 1234, "title": "T", "abstract": "A", "fields": {}, "files": [], "digest": "d", "idempotency_key": "k", "draft_revision": 0, "emails": [{"To": "a@example.org", "Subject": "Receipt", "Body": "b"}]}]`},
		"insert-outbox":           {`[{"To": "u1234@example.org", "Subject": "Receipt", "Body": "body"}]`},
		"list-versions":           {sub},
		"version":                 {sub, 2},
		"cleanup-files":           {now.Add(-12 * time.Hour), 100},
		"abandon-stale-upload":    {file},
		"upload-usage":            {team, now.Add(-time.Hour)},
		"abandon-superseded":      {team, "deck", user, file},
		"submission-by-id":        {sub},
		"save-file-check":         {file, `{"pages": 3}`, `[]`, now},
		"add-check-warning":       {file, `{"code": "duplicate"}`},
		"file-checks":             {[]string{file}},
		"duplicate-files":         {contest, team, strings.Repeat("ab", 32)},
		"contest-has-blind-round": {contest},
		"entry-texts":             {contest},
		// jobs
		"unsent-outbox":      {5, 100},
		"latest-mail-to":     {"u1@example.org"},
		"lock-outbox":        {50, 100, 10},
		"mark-outbox-sent":   {[]int64{10, 11}},
		"mark-outbox-failed": {10, "smtp down", 0},
		"insert-export":      {map[string]any{"id": uuidOf("newexport"), "contest_id": contest, "round_id": nil, "kind": "csv", "bom": false, "status": "queued", "created_by": organizer, "tracks": []string{}}},
		"export-by-id":       {uuidOf("e14")},
		"list-exports":       {contest, 20},
		"start-export":       {uuidOf("e14"), 100},
		"export-progress":    {uuidOf("e14"), 50},
		"finish-export":      {uuidOf("e14"), "exports/x.zip"},
		"fail-export":        {uuidOf("e14"), "boom"},
		"expired-exports":    {now.Add(-7 * 24 * time.Hour), 500},
		"delete-export":      {uuidOf("e14")},
		"object-keys":        {[]string{file}},
		"file-crc32s":        {[]string{file}},
		"save-file-crc32":    {[]string{file}, []int64{12345}},
		// judging
		"insert-round":                     {contest, "Final", "[]", 3, 0, false, "mean", []string{}, []int64{}, now, "count"},
		"round-by-id":                      {round},
		"list-rounds":                      {contest},
		"judge-ids-by-email":               {contest, []string{"u10119@example.org"}},
		"count-round-entries":              {round},
		"round-entry":                      {round, sub},
		"fill-later-round":                 {round, contest, 2},
		"contest-judges":                   {contest},
		"declared-conflicts":               {contest},
		"add-declared-conflict":            {contest, judge, team, "", "friend"},
		"delete-interests":                 {round, judge},
		"insert-interest":                  {round, judge, sub, 0.5},
		"count-round-scores":               {round},
		"insert-assignment":                {round, sub, 10100},
		"mark-assigned":                    {round},
		"retire-assignment":                {assignment, "dropped", "left"},
		"assignment-by-id":                 {assignment},
		"assignment-rounds":                {[]int64{assignment}},
		"judge-assignments":                {judge},
		"judge-assignments-with-conflicts": {judge},
		"scores-by-assignment":             {[]int64{assignment}},
		"write-scores":                     {`[{"assignment_id": 3700, "round_id": 4, "judge_id": 10119, "submission_id": 1234, "values": {"x": 8}, "comment": "", "final": false, "submitted_at": null, "updated_at": "2026-11-25T10:00:00Z", "revision": 1, "actor_id": 10119, "action": "score.draft", "old": null, "new": {"x": 8}, "bump": false}]`},
		"bump-scores-revision":             {round},
		"notify-progress":                  {[]int64{round}},
		"score-history":                    {assignment},
		"cached-ranking":                   {round, 0},
		"cache-ranking":                    {round, 1, "{}"},
		"set-advanced":                     {round, []int64{sub}},
		"delete-awards":                    {1},
		"insert-award":                     {1, 1, "Prize", 1},
		"publish-results":                  {1},
		"set-user-language":                {judge, "zh-CN"},
		"user-language":                    {judge},
		"languages-by-email":               {[]string{"u10119@example.org"}},
		"set-awards-order":                 {1, []string{"First prize", "Special mention"}},
		"awards-order":                     {1},
		"contest-awards":                   {1},
		"entry-version":                    {sub, 2},
		"judge-can-read-file":              {judge, sub, file},
		"team-feedback":                    {team},

		// live rounds (queries/live.sql)
		"live-settings":           {round},
		"upsert-live-settings":    {round, 360, 240, now, "[]"},
		"live-rooms":              {round},
		"live-room":               {1},
		"live-room-by-token":      {"display-token"},
		"delete-live-slots":       {round},
		"delete-other-live-rooms": {round, []string{"hall a"}},
		"upsert-live-room":        {round, 1, "Hall A", []int64{judge}, nil, "display-token"},
		"reset-live-clocks":       {round},
		"live-slots":              {round},
		"insert-live-slot":        {round, 1, sub, 1, now},
		"move-live-slot":          {round, sub, 1, 1, now},
		"save-room-clock":         {1, 0, nil, now, nil, 0, 360000, 240000, 1},
		"set-slot-status":         {1, "done", judge},
		"set-display-token":       {1, "display-token"},
		"judge-rooms":             {judge},
		"team-slots":              {team},
		"notify-live":             {round},

		// the final ranking and the ceremony
		"final-settings":     {contest},
		"ensure-final":       {contest},
		"save-final-weights": {contest, "[]", "exclude", 1},
		"set-frozen":         {contest, now, organizer},
		"add-override":       {contest, "move", sub, nil, 1, "", "jury", organizer},
		"list-overrides":     {contest},
		"revoke-override":    {5, contest, organizer},
		"ensure-ceremony":    {contest, "token"},
		"ceremony":           {contest},
		"ceremony-by-token":  {"token"},
		"update-ceremony":    {contest, "[]", 0, "idle", false, "token", nil, 0},
		"due-publications":   {},
		"entry-photos":       {[]int64{sub}},
		"add-system-audit":   {contest, "results.publish", "contest", "4", "{}"},
	}
}
