package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// Hostile and malformed JSON bodies: whatever arrives, the answer is a 4xx
// (a 400 naming the field), never a 500 or a panic. The fuzz targets run
// their seeds (testdata/fuzz/Fuzz*) in every `go test`; `go test -fuzz
// FuzzRegister ./server/api` explores further.

// fuzzEnv is the application shared by the fuzz targets of this process,
// with a signed-in admin who organizes the target's own contest and a
// participant who captains a team in it (roles exclude each other).
type fuzzEnv struct {
	app     *fiber.App
	bearers map[fuzzCaller]string
	slug    string
	teamID  int64
}

// fuzzCaller is who sends a fuzz target's requests.
type fuzzCaller int

const (
	anonymousCaller fuzzCaller = iota
	organizerCaller
	captainCaller
)

// fuzzShared is created once per process: a database and bucket per fuzz
// target cost seconds each. Every target still gets its own contest, so
// what one target's inputs change cannot steer another's.
var fuzzShared struct {
	once    sync.Once
	deps    testDeps
	admin   domain.User
	captain domain.User
	bearers map[fuzzCaller]string
	app     *fiber.App
}

// processCleanups are run by TestMain once every test and fuzz target of
// the process has finished.
var processCleanups []func()

// processTB is tb whose cleanups wait for the end of the process.
type processTB struct{ testing.TB }

func (processTB) Cleanup(f func()) { processCleanups = append(processCleanups, f) }

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(processCleanups) - 1; i >= 0; i-- {
		processCleanups[i]()
	}
	os.Exit(code)
}

func newFuzzEnv(f *testing.F) *fuzzEnv {
	fuzzShared.once.Do(func() {
		d := newTestDeps(processTB{f})
		admin, err := d.Accounts.CreateAdmin(context.Background(), "root@example.org", "admin-password-1")
		if err != nil {
			f.Fatal(err)
		}
		captain, err := d.Accounts.CreateVerifiedUser(context.Background(), "captain@example.org", "captain-password-1", "Fuzz Captain")
		if err != nil {
			f.Fatal(err)
		}
		bearers := map[fuzzCaller]string{}
		for who, u := range map[fuzzCaller]domain.User{organizerCaller: admin, captainCaller: captain} {
			_, token, err := d.Accounts.CreateToken(context.Background(), u, domain.TokenInput{Name: "fuzz"})
			if err != nil {
				f.Fatal(err)
			}
			bearers[who] = token
		}
		fuzzShared.deps, fuzzShared.admin, fuzzShared.captain, fuzzShared.bearers, fuzzShared.app = d, admin, captain, bearers, New(d.Deps)
	})
	if fuzzShared.app == nil {
		f.Fatal("the shared fuzz server failed to start (see the first fuzz target)")
	}
	d, ctx := fuzzShared.deps, f.Context()
	slug := strings.ToLower(f.Name())
	var in domain.ContestInput
	raw, _ := json.Marshal(contestInput(slug))
	if err := json.Unmarshal(raw, &in); err != nil {
		f.Fatal(err)
	}
	if _, err := d.Contests.CreateContest(ctx, fuzzShared.admin, in); err != nil {
		f.Fatal(err)
	}
	team, err := d.Contests.CreateTeam(ctx, fuzzShared.captain, slug, domain.TeamInput{Name: "Fuzzers", Track: "energy"})
	if err != nil {
		f.Fatal(err)
	}
	return &fuzzEnv{app: fuzzShared.app, bearers: fuzzShared.bearers, slug: slug, teamID: team.ID}
}

// send posts body as who and returns status and body.
func (e *fuzzEnv) send(t testing.TB, method, path string, body []byte, who fuzzCaller) (int, []byte) {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", "192.0.2.77")
	if who != anonymousCaller {
		req.Header.Set("Authorization", "Bearer "+e.bearers[who])
	}
	resp, err := e.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// checkRefusal asserts the bad-input contract on one answer.
func checkRefusal(t testing.TB, what string, status int, body []byte) {
	t.Helper()
	if status >= 500 {
		t.Fatalf("%s: status %d: %s", what, status, body)
	}
	if status != http.StatusBadRequest {
		return
	}
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != domain.CodeInvalid || len(e.Error.Fields) == 0 {
		t.Fatalf("%s: a 400 must name the field: %s", what, body)
	}
}

// fuzzBody fuzzes one JSON endpoint.
func fuzzBody(f *testing.F, method string, path func(*fuzzEnv) string, who fuzzCaller) {
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		p := path(e)
		status, out := e.send(t, method, p, body, who)
		checkRefusal(t, fmt.Sprintf("%s %s %q", method, p, body), status, out)
	})
}

func at(p string) func(*fuzzEnv) string { return func(*fuzzEnv) string { return p } }

// inContest is a path under the target's own contest.
func inContest(suffix string) func(*fuzzEnv) string {
	return func(e *fuzzEnv) string { return "/api/v1/contests/" + e.slug + suffix }
}

func FuzzRegister(f *testing.F) { fuzzBody(f, "POST", at("/api/v1/auth/register"), anonymousCaller) }
func FuzzLogin(f *testing.F)    { fuzzBody(f, "POST", at("/api/v1/auth/login"), anonymousCaller) }
func FuzzContestCreate(f *testing.F) {
	fuzzBody(f, "POST", at("/api/v1/contests"), organizerCaller)
}
func FuzzContestPatch(f *testing.F) { fuzzBody(f, "PATCH", inContest(""), organizerCaller) }
func FuzzDraftSave(f *testing.F) {
	fuzzBody(f, "PUT", func(e *fuzzEnv) string { return fmt.Sprintf("/api/v1/teams/%d/submission", e.teamID) }, captainCaller)
}
func FuzzFileDeclare(f *testing.F) {
	fuzzBody(f, "POST", func(e *fuzzEnv) string { return fmt.Sprintf("/api/v1/teams/%d/submission/files", e.teamID) }, captainCaller)
}
func FuzzScoreSave(f *testing.F) {
	fuzzBody(f, "PUT", at("/api/v1/assignments/1/score"), organizerCaller)
}
func FuzzRoundCreate(f *testing.F) { fuzzBody(f, "POST", inContest("/rounds"), organizerCaller) }

// TestHostileBodies sends the classic malformed bodies to every JSON
// endpoint a team or organizer uses (oversized bodies: TestBodyLimit).
func TestHostileBodies(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	team := ts.signUp("hostile-captain@example.org").createTeam("green", "Hostiles", "energy")
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	deepObj := strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20000)
	bodies := map[string]string{
		"deep arrays":          deep,
		"deep objects":         deepObj,
		"invalid UTF-8":        "{\"title\": \"\xff\xfe\xfd\", \"name\": \"\xc3\x28\"}",
		"huge number":          `{"max_team_size": 1e400, "size": 1e400, "judges_per_entry": 1e400, "values": {"innovation": 1e400}}`,
		"negative huge":        `{"size": -99999999999999999999999, "max_team_size": -1}`,
		"wrong types":          `{"email": [], "password": {}, "title": 7, "fields": "x", "values": [1], "rubric": "r", "slot": true, "size": "big"}`,
		"null":                 `null`,
		"array":                `[]`,
		"string":               `"hello"`,
		"trailing garbage":     `{"title": "x"} {"title": "y"}`,
		"NUL bytes":            "{\"title\": \"a\\u0000b\", \"name\": \"\\u0000\"}",
		"lone surrogate":       `{"title": "\ud800", "name": "\udfff"}`,
		"very long string":     `{"title": "` + strings.Repeat("x", 500000) + `", "name": "` + strings.Repeat("y", 500000) + `"}`,
		"many keys":            `{` + strings.Repeat(`"k":1,`, 50000) + `"z":1}`,
		"not JSON":             `<xml/>`,
		"empty object":         `{}`,
		"duplicate keys":       `{"title": "a", "title": 5}`,
		"float for an integer": `{"max_team_size": 2.5, "size": 1.5, "judges_per_entry": 0.1}`,
	}
	ops := []struct{ method, path string }{
		{"POST", "/api/v1/auth/register"},
		{"POST", "/api/v1/auth/login"},
		{"POST", "/api/v1/contests"},
		{"PATCH", "/api/v1/contests/green"},
		{"POST", "/api/v1/contests/green/members"},
		{"POST", "/api/v1/contests/green/teams"},
		{"PUT", fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)},
		{"POST", fmt.Sprintf("/api/v1/teams/%d/submission/files", team.ID)},
		{"POST", fmt.Sprintf("/api/v1/teams/%d/extension", team.ID)},
		{"POST", "/api/v1/contests/green/rounds"},
		{"PUT", "/api/v1/assignments/1/score"},
		{"POST", "/api/v1/contests/green/results"},
		{"POST", "/api/v1/me/tokens"},
	}
	for name, body := range bodies {
		for _, op := range ops {
			r := admin.do(op.method, op.path, body)
			checkRefusal(t, fmt.Sprintf("%s to %s %s", name, op.method, op.path), r.Status, r.Body)
		}
	}
}
