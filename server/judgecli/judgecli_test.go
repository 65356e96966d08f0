package judgecli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// golden is where the judging package keeps the docs/architecture.md examples.
var golden = filepath.Join("..", "..", "judging", "testdata", "golden")

func readGolden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(golden, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func run(args []string, stdin string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const smallAssign = `{"k": 2, "entries": [{"id": "e1", "track": "ai"}, {"id": "e2", "track": "ai"}],
 "judges": [{"id": "j1", "max_load": 2, "tracks": ["ai"]}, {"id": "j2", "max_load": 2, "tracks": ["ai"]},
            {"id": "j3", "max_load": 2, "tracks": ["bio"]}],
 "conflicts": [["j1", "e2"]], "affinity": [["j1", "e1", 0.9], ["j2", "e2", 0.5]], "track_rule": "%s"}`

const smallRank = `{"method": "mean", "criteria": [{"id": "c", "weight": 1, "min": 1, "max": 10}],
 "scores": [{"judge": "j1", "entry": "e1", "values": {"c": %s}}]}`

const smallPlan = `{"method": "mean", "criteria": [{"id": "c", "weight": 1, "min": 1, "max": 10}],
 "scores": [{"judge": "j1", "entry": "e1", "values": {"c": 7}}, {"judge": "j2", "entry": "e1", "values": {"c": 5}},
            {"judge": "j1", "entry": "e2", "values": {"c": 6}}, {"judge": "j2", "entry": "e2", "values": {"c": 6}}],
 "cuts": [{"name": "win", "top": 1}], "budget": 1,
 "judges": [{"id": "j3", "capacity": 1}], "conflicts": []}`

func TestRunExitCodes(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string // substring of stdout
		stderr string // substring of the one-line stderr
	}{
		{"assign golden", []string{"assign"}, readGolden(t, "assign.input.json"), 0, `"objective":8.53`, ""},
		{"rank golden", []string{"rank"}, readGolden(t, "rank-mean.input.json"), 0, `"entry":"solar-roof","rank":1`, ""},
		{"combine", []string{"combine"}, `{"rounds": [{"id": "online", "weight": 30, "ranking": [{"entry": "a", "score": 80}, {"entry": "b", "score": 70}]},
 {"id": "final", "weight": 70, "ranking": [{"entry": "b", "score": 90}]}]}`, 0,
			`"ranking":[{"entry":"b","rank":1,"score":84`, ""},
		{"combine with a negative weight", []string{"combine"}, `{"rounds": [{"id": "x", "weight": -1, "ranking": []}]}`, 2, "",
			"podium judge combine: invalid input: rounds[0].weight: must be a number ≥ 0"},
		{"prefer uses an out-of-track judge", []string{"assign"}, strings.Replace(smallAssign, "%s", "prefer", 1), 0, `"out_of_track":1`, ""},
		{"require is infeasible", []string{"assign"}, strings.Replace(smallAssign, "%s", "require", 1), 3, "",
			`podium judge assign: infeasible: entry "e2" has only 1 non-conflicted judges in its track "ai" but needs 2`},
		{"syntax error", []string{"assign"}, `{"k": 3,`, 2, "", "podium judge assign: invalid input: invalid JSON at byte 8: unexpected end of JSON input"},
		{"empty input", []string{"rank"}, ``, 2, "", "invalid input: empty input"},
		{"wrong type", []string{"assign"}, `{"k": "three"}`, 2, "", "invalid input: k: expected int"},
		{"missing k", []string{"assign"}, `{"entries": []}`, 2, "", "invalid input: k: is required"},
		{"k above judges", []string{"assign"}, `{"k": 2, "entries": [{"id": "e"}], "judges": [{"id": "j", "max_load": 1}]}`, 2, "",
			"k: k (2) is larger than the number of judges (1)"},
		{"missing max_load", []string{"assign"}, `{"k": 1, "judges": [{"id": "j"}]}`, 2, "", "judges[0].max_load: is required"},
		{"min above max", []string{"assign"}, `{"k": 1, "judges": [{"id": "j", "min_load": 3, "max_load": 2}]}`, 2, "",
			`judges[0].max_load: judge "j": min_load (3) is greater than max_load (2)`},
		{"duplicate entry", []string{"assign"}, `{"k": 1, "entries": [{"id": "e"}, {"id": "e"}], "judges": [{"id": "j", "max_load": 1}]}`, 2, "",
			`entries[1].id: duplicate id "e" (also entries[0])`},
		{"unknown judge in conflict", []string{"assign"}, `{"k": 1, "entries": [{"id": "e"}], "judges": [{"id": "j", "max_load": 1}], "conflicts": [["x", "e"]]}`, 2, "",
			`conflicts[0]: unknown judge "x"`},
		{"unknown entry in affinity", []string{"assign"}, `{"k": 1, "entries": [{"id": "e"}], "judges": [{"id": "j", "max_load": 1}], "affinity": [["j", "x", 1]]}`, 2, "",
			`affinity[0]: unknown entry "x"`},
		{"malformed affinity", []string{"assign"}, `{"k": 1, "entries": [{"id": "e"}], "judges": [{"id": "j", "max_load": 1}], "affinity": [["j", "e"]]}`, 2, "",
			`affinity[0]: want [judge, entry, value]`},
		{"unknown track rule", []string{"assign"}, `{"k": 1, "judges": [{"id": "j", "max_load": 1}], "track_rule": "must"}`, 2, "",
			`track_rule: unknown rule "must"`},
		{"value above max", []string{"rank"}, strings.Replace(smallRank, "%s", "11", 1), 2, "", "scores[0].values.c: value 11 outside [1, 10]"},
		{"unknown criterion", []string{"rank"}, strings.Replace(smallRank, `"c": %s`, `"c": 5, "x": 1`, 1), 2, "", `scores[0].values: unknown criterion "x"`},
		{"unknown field", []string{"rank"}, `{"metod": "mean"}`, 2, "", `metod: unknown field`},
		{"unknown field in assign", []string{"assign"}, `{"k": 1, "judges": [{"id": "j", "max_load": 1}], "trackrule": "require"}`, 2, "",
			"podium judge assign: invalid input: trackrule: unknown field"},
		{"min_in_track is infeasible", []string{"assign"}, strings.Replace(strings.Replace(smallAssign, "%s", "prefer", 1), `"track_rule"`, `"min_in_track": 2, "track_rule"`, 1), 3, "",
			`podium judge assign: infeasible: entry "e2" has only 1 non-conflicted judges in its track "ai" but min_in_track needs 2`},
		{"min_in_track above k", []string{"assign"}, `{"k": 1, "judges": [{"id": "j", "max_load": 1}], "min_in_track": 2}`, 2, "",
			"invalid input: min_in_track: must be between 0 and k (1), got 2"},
		{"assign field names fold case", []string{"assign"}, `{"K": 1, "Judges": [{"id": "j", "max_load": 1}], "ENTRIES": [{"id": "e"}]}`, 0, `"judges":["j"]`, ""},
		{"assign syntax error after a semantic one", []string{"assign"}, `{"k": 1, "affinity": [["x", "y", 1]], "judges": [}`, 2, "",
			"invalid input: invalid JSON at byte 50: invalid character '}' looking for beginning of value"},
		{"unknown method", []string{"rank"}, strings.Replace(strings.Replace(smallRank, "%s", "5", 1), "mean", "best", 1), 2, "", `method: unknown method "best"`},
		{"no command", nil, "", 2, "", "podium judge: missing command"},
		{"unknown command", []string{"score"}, "", 2, "", `podium judge: unknown command "score"`},
		{"unknown flag", []string{"assign", "--fast"}, "", 2, "", "flag provided but not defined: -fast"},
		{"stray argument", []string{"rank", "x.json"}, "", 2, "", `unexpected argument "x.json"`},
		{"missing keep file", []string{"assign", "--keep", "/nonexistent/prev.json"}, readGolden(t, "assign.input.json"), 2, "", "--keep: open /nonexistent/prev.json"},
		{"help", []string{"help"}, "", 0, "usage: podium judge assign", ""},
		{"plan golden", []string{"plan-reviews"}, readGolden(t, "plan-reviews.input.json"), 0, `"planned":3`, ""},
		{"plan without budget", []string{"plan-reviews"}, strings.Replace(smallPlan, `"budget": 1,`, "", 1), 2, "",
			"podium judge plan-reviews: invalid input: budget: is required"},
		{"plan without cuts", []string{"plan-reviews"}, strings.Replace(smallPlan, `"cuts": [{"name": "win", "top": 1}],`, "", 1), 2, "",
			"invalid input: cuts: at least one cut is required to plan reviews"},
		{"plan negative budget", []string{"plan-reviews"}, strings.Replace(smallPlan, `"budget": 1`, `"budget": -1`, 1), 2, "",
			"invalid input: budget: must not be negative, got -1"},
		{"plan unknown judge in conflict", []string{"plan-reviews"}, strings.Replace(smallPlan, `"conflicts": []`, `"conflicts": [["zed", "e1"]]`, 1), 2, "",
			`invalid input: conflicts[0]: unknown judge "zed" (not in judges)`},
		{"plan malformed affinity", []string{"plan-reviews"}, strings.Replace(smallPlan, `"conflicts": []`, `"affinity": [["j3", "e1"]]`, 1), 2, "",
			"invalid input: affinity[0]: want [judge, entry, value]"},
		{"plan unknown field", []string{"plan-reviews"}, strings.Replace(smallPlan, `"budget"`, `"budgets"`, 1), 2, "", "invalid input: budgets: unknown field"},
		{"plan stray argument", []string{"plan-reviews", "x.json"}, smallPlan, 2, "", `unexpected argument "x.json"`},
		{"rank with bad cut", []string{"rank"}, strings.Replace(strings.Replace(smallRank, "%s", "5", 1), `"method": "mean",`, `"method": "mean", "cuts": [{"name": "win", "top": 0}],`, 1), 2, "",
			"podium judge rank: invalid input: cuts[0].top: must be at least 1, got 0"},
		{"rank samples without cuts", []string{"rank"}, strings.Replace(strings.Replace(smallRank, "%s", "5", 1), `"method": "mean",`, `"method": "mean", "samples": 10,`, 1), 2, "",
			"invalid input: samples: is only used with cuts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := run(c.args, c.stdin)
			if code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, c.code, stderr)
			}
			if !strings.Contains(stdout, c.stdout) {
				t.Fatalf("stdout %q does not contain %q", stdout, c.stdout)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Fatalf("stderr %q does not contain %q", stderr, c.stderr)
			}
			if code == 0 {
				if stderr != "" || !json.Valid([]byte(stdout)) && c.name != "help" {
					t.Fatalf("success with stderr %q or invalid JSON %q", stderr, stdout)
				}
			} else if stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
				t.Fatalf("failure must print exactly one stderr line and no stdout: stdout %q stderr %q", stdout, stderr)
			}
		})
	}
}

func TestRankOutputMatchesGolden(t *testing.T) {
	for _, name := range []string{"rank-mean", "rank-zscore"} {
		code, stdout, stderr := run([]string{"rank"}, readGolden(t, name+".input.json"))
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		var got, want struct {
			Ranking []struct {
				Entry         string
				Rank, Judges  int
				Score, Spread float64
			}
		}
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(readGolden(t, name+".expected.json")), &want); err != nil {
			t.Fatal(err)
		}
		for i, w := range want.Ranking {
			g := got.Ranking[i]
			if g.Entry != w.Entry || g.Rank != w.Rank || g.Judges != w.Judges ||
				abs(g.Score-w.Score) > 1e-6 || abs(g.Spread-w.Spread) > 1e-6 {
				t.Errorf("%s line %d: got %+v, want %+v", name, i, g, w)
			}
		}
	}
}

// TestPlanReviewsGolden runs the documented plan-reviews example: the
// output must match testdata/golden/plan-reviews.expected.json byte for
// byte (the draws are seeded).
func TestPlanReviewsGolden(t *testing.T) {
	code, stdout, stderr := run([]string{"plan-reviews"}, readGolden(t, "plan-reviews.input.json"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := readGolden(t, "plan-reviews.expected.json"); stdout != want {
		t.Fatalf("output differs from the golden file:\n got %s\nwant %s", stdout, want)
	}
}

// TestRankWithoutCutsIsUnchanged checks that the confidence fields appear
// only when cuts are asked for.
func TestRankWithoutCutsIsUnchanged(t *testing.T) {
	input := readGolden(t, "rank-mean.input.json")
	_, plain, _ := run([]string{"rank"}, input)
	if strings.Contains(plain, "confidence") {
		t.Fatalf("confidence in a ranking without cuts: %s", plain)
	}
	withCuts := strings.Replace(input, `"method": "mean",`, `"method": "mean", "cuts": [{"name": "win", "top": 1}],`, 1)
	code, out, stderr := run([]string{"rank"}, withCuts)
	if code != 0 || !strings.Contains(out, `"confidence":{"sd":`) || !strings.Contains(out, `"draws":"bootstrap"`) {
		t.Fatalf("exit %d, stderr %q, output %s", code, stderr, out)
	}
}

func abs(x float64) float64 { return max(x, -x) }

func TestOutputIsDeterministic(t *testing.T) {
	for _, c := range []struct{ cmd, input string }{
		{"assign", readGolden(t, "assign.input.json")},
		{"rank", strings.Replace(readGolden(t, "rank-mean.input.json"), `"mean"`, `"calibrated"`, 1)},
	} {
		_, first, _ := run([]string{c.cmd}, c.input)
		for i := 0; i < 5; i++ {
			if _, again, _ := run([]string{c.cmd}, c.input); again != first {
				t.Fatalf("%s: output differs between runs", c.cmd)
			}
		}
	}
}

func TestAssignKeep(t *testing.T) {
	input := readGolden(t, "assign.input.json")
	code, first, stderr := run([]string{"assign"}, input)
	if code != 0 {
		t.Fatal(stderr)
	}
	prev := filepath.Join(t.TempDir(), "prev.json")
	if err := os.WriteFile(prev, []byte(first), 0o600); err != nil {
		t.Fatal(err)
	}
	// judge-d withdraws: its entries must be re-assigned, nothing else moves.
	var in map[string]any
	if err := json.Unmarshal([]byte(input), &in); err != nil {
		t.Fatal(err)
	}
	in["judges"] = in["judges"].([]any)[:3]
	var aff []any
	for _, a := range in["affinity"].([]any) {
		if a.([]any)[0] != "judge-d" {
			aff = append(aff, a)
		}
	}
	in["affinity"] = aff
	for _, j := range in["judges"].([]any) {
		j.(map[string]any)["max_load"] = 6
	}
	b, _ := json.Marshal(in)
	code, out, stderr := run([]string{"assign", "--keep", prev}, string(b))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var before, after struct {
		Assignments []struct {
			Entry  string
			Judges []string
		}
		Changed []string
	}
	_ = json.Unmarshal([]byte(first), &before)
	_ = json.Unmarshal([]byte(out), &after)
	var want []string
	for i, a := range before.Assignments {
		hadD := false
		for _, j := range a.Judges {
			if j == "judge-d" {
				hadD = true
				continue
			}
			if !strings.Contains(strings.Join(after.Assignments[i].Judges, ","), j) {
				t.Fatalf("%s lost %s", a.Entry, j)
			}
		}
		if hadD {
			want = append(want, a.Entry)
		}
	}
	if strings.Join(after.Changed, ",") != strings.Join(want, ",") || len(want) == 0 {
		t.Fatalf("changed %v, want %v", after.Changed, want)
	}
}
