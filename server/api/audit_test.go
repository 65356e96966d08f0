package api

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// TestAdministrativeActionsAreAudited performs every administrative action
// once and finds each in the audit log, then in its CSV export.
func TestAdministrativeActionsAreAudited(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 2, 3)
	admin := f.admin
	// A member whose address a spreadsheet would read as a formula.
	mustStatus(t, admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "=1+2@example.org", "role": "judge"}), 201)
	mustStatus(t, admin.do("PATCH", "/api/v1/contests/green", map[string]any{"title": "Greener"}), 200)
	var teamID int64
	for _, c := range f.teams {
		teamID = decode[[]domain.Team](t, c.do("GET", "/api/v1/me/teams", nil))[0].ID
	}
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/teams/%d/extension", teamID),
		map[string]string{"until": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "reason": "power cut"}), 200)

	f.createRound(t, 1, "mean", false)
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	list := f.assignments(t)
	if len(list) != 2 {
		t.Fatalf("assignments: %+v", list)
	}
	judgeOf := func(id int64) *client {
		for email, c := range f.judges {
			if f.ids[email] == id {
				return c
			}
		}
		t.Fatalf("no judge %d", id)
		return nil
	}
	// Score reopened.
	scored := list[0]
	mustStatus(t, judgeOf(scored.JudgeID).do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", scored.ID),
		map[string]any{"values": map[string]float64{"innovation": 7, "impact": 6}, "final": true}), 200)
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/assignments/%d/reopen", scored.ID), map[string]string{"reason": "typo"}), 200)
	// Manual reassignment: the first judge of the pool that may take it.
	moved := list[1]
	ok := false
	for _, id := range f.ids {
		if id == moved.JudgeID {
			continue
		}
		if r := admin.do("PATCH", fmt.Sprintf("/api/v1/assignments/%d", moved.ID), map[string]any{"judge_id": id, "reason": "balance"}); r.Status == 200 {
			ok = true
			break
		}
	}
	if !ok {
		t.Fatal("no judge could take the moved assignment")
	}
	// A judge drops out; an entry gets an extra judge.
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/judges/%d/drop", f.round.ID, scored.JudgeID), map[string]string{"reason": "ill"}), 200)
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/entries/%d/extra-judge", f.round.ID, moved.SubmissionID), map[string]any{}), 201)
	mustStatus(t, admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": []any{}, "publish": true}), 200)

	r := admin.do("GET", "/api/v1/contests/green/audit?limit=200", nil)
	mustStatus(t, r, 200)
	entries := decode[pageResult[domain.AuditEntry]](t, r).Items
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Action] = true
		if e.ActorID == 0 || e.ActorEmail != "root@example.org" {
			t.Errorf("audit entry without its actor: %+v", e)
		}
	}
	for _, want := range []string{"member.add", "contest.update", "team.extension", "score.reopen", "assignment.move",
		"round.drop_judge", "round.extra_judge", "results.publish"} {
		if !seen[want] {
			t.Errorf("%s is not in the audit log (have %v)", want, seen)
		}
	}

	// The CSV export: organizers only, an attachment, one row per entry,
	// formula cells defused.
	mustStatus(t, f.teams[moved.SubmissionID].do("GET", "/api/v1/contests/green/audit.csv", nil), 403)
	mustStatus(t, judgeOf(moved.JudgeID).do("GET", "/api/v1/contests/green/audit.csv", nil), 403)
	r = admin.do("GET", "/api/v1/contests/green/audit.csv", nil)
	mustStatus(t, r, 200)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("audit.csv headers: %v", r.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(domain.AuditCSVHeader, ",") || len(rows) != len(entries)+1 {
		t.Fatalf("audit.csv has %d rows for %d entries; header %v", len(rows), len(entries), rows[0])
	}
	formula := false
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("formula cell in audit.csv: %q", cell)
			}
			formula = formula || cell == "'=1+2@example.org"
		}
	}
	if !formula {
		t.Errorf("the formula-like address is not in audit.csv, defused: %s", r.Body)
	}
}

// TestAuditLogPagesNewestFirst: the console's first page of the log holds
// today's actions, and following next_after reaches the oldest entry with
// every entry once.
func TestAuditLogPagesNewestFirst(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	const edits = 7
	for i := 1; i <= edits; i++ {
		mustStatus(t, admin.do("PATCH", "/api/v1/contests/green", map[string]any{"title": fmt.Sprintf("Green %d", i)}), 200)
	}
	var total int
	if err := ts.store.DB().Get(&total, "SELECT count(*) FROM audit_log a JOIN contests c ON c.id = a.contest_id WHERE c.slug = 'green'"); err != nil || total < edits {
		t.Fatalf("audit entries: %d (%v)", total, err)
	}
	var ids []int64
	seen := map[int64]bool{}
	after, pages := int64(0), 0
	for {
		pages++
		if pages > total+1 {
			t.Fatalf("paging does not end: %v", ids)
		}
		r := admin.do("GET", fmt.Sprintf("/api/v1/contests/green/audit?limit=3&after=%d", after), nil)
		mustStatus(t, r, 200)
		page := decode[pageResult[domain.AuditEntry]](t, r)
		if pages == 1 {
			if len(page.Items) != 3 || page.Items[0].Action != "contest.update" || !strings.Contains(string(page.Items[0].Detail), fmt.Sprintf("Green %d", edits)) {
				t.Fatalf("the first page does not start with the latest edit: %+v", page.Items)
			}
		}
		for _, e := range page.Items {
			if seen[e.ID] {
				t.Fatalf("entry %d on two pages (%v)", e.ID, ids)
			}
			if len(ids) > 0 && e.ID >= ids[len(ids)-1] {
				t.Fatalf("entry %d after %d: not newest first", e.ID, ids[len(ids)-1])
			}
			seen[e.ID] = true
			ids = append(ids, e.ID)
		}
		if page.NextAfter == 0 {
			break
		}
		after = page.NextAfter
	}
	if len(ids) != total {
		t.Fatalf("paging read %d of the %d entries: %v", len(ids), total, ids)
	}
	// The export reads in the same order.
	r := admin.do("GET", "/api/v1/contests/green/audit.csv", nil)
	mustStatus(t, r, 200)
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var csvIDs []int64
	for _, row := range rows[1:] {
		id, _ := strconv.ParseInt(row[0], 10, 64)
		csvIDs = append(csvIDs, id)
	}
	if fmt.Sprint(csvIDs) != fmt.Sprint(ids) {
		t.Fatalf("audit.csv ids %v, want the console's order %v", csvIDs, ids)
	}
}

// TestAuditLogIsAppendOnly: the database itself refuses to change or drop
// audit entries, whoever asks.
func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	mustStatus(t, admin.do("PATCH", "/api/v1/contests/green", map[string]any{"title": "Greener"}), 200)
	db := ts.store.DB()
	for _, stmt := range []string{
		"UPDATE audit_log SET action = 'nothing.happened'",
		"DELETE FROM audit_log",
		"TRUNCATE audit_log",
	} {
		if _, err := db.Exec(stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err %v, want the append-only refusal", stmt, err)
		}
	}
	var n int
	if err := db.Get(&n, "SELECT count(*) FROM audit_log WHERE action = 'contest.update'"); err != nil || n != 1 {
		t.Fatalf("audit entries after the attempts: %d (%v)", n, err)
	}
}
