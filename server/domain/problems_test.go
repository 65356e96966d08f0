package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func validContestInput() ContestInput {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	return ContestInput{Slug: "demo", Title: "Demo", Timezone: "Asia/Shanghai", MaxTeamSize: 3,
		RegistrationOpensAt: now.Format(time.RFC3339), SubmissionOpensAt: now.Format(time.RFC3339),
		SubmissionDeadline: now.Add(48 * time.Hour).Format(time.RFC3339),
		Tracks:             []TrackInput{{Slug: "ai", Title: "AI"}},
		Form:               []FormField{{Key: "repo", Label: "Repository", Type: FieldURL}},
		Files:              []FileSlot{{Key: "deck", Label: "Deck", MaxBytes: 1 << 20, Types: []string{".pdf"}}}}
}

func TestContestInputProblems(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(*ContestInput)
		field  string
		code   string
		params map[string]any
	}{
		{"hyphen in a form key", func(in *ContestInput) { in.Form[0].Key = "demo-video" }, "form[0].key", ProblemPattern, map[string]any{"rule": "key"}},
		{"key starting with a digit", func(in *ContestInput) { in.Files[0].Key = "1deck" }, "files[0].key", ProblemPattern, map[string]any{"rule": "key"}},
		{"key of 41 characters", func(in *ContestInput) { in.Files[0].Key = "a1234567890123456789012345678901234567890" }, "files[0].key", ProblemPattern, map[string]any{"rule": "key"}},
		{"empty key", func(in *ContestInput) { in.Form[0].Key = "" }, "form[0].key", ProblemRequired, nil},
		{"duplicate key", func(in *ContestInput) {
			in.Form = append(in.Form, FormField{Key: "repo", Label: "Other", Type: FieldText})
		}, "form[1].key", ProblemDuplicate, nil},
		{"long title", func(in *ContestInput) { in.Title = strings.Repeat("题", 201) }, "title", ProblemTooLong, map[string]any{"max": 200}},
		{"NUL in a title", func(in *ContestInput) { in.Title = "a\x00b" }, "title", ProblemText, nil},
		{"team size", func(in *ContestInput) { in.MaxTeamSize = 0 }, "max_team_size", ProblemRange, map[string]any{"min": 1.0, "max": 100.0}},
		{"deadline order", func(in *ContestInput) { in.SubmissionDeadline = in.SubmissionOpensAt }, "submission_deadline", ProblemAfter, map[string]any{"other": "submission_opens_at"}},
		{"bad slug", func(in *ContestInput) { in.Slug = "Demo!" }, "slug", ProblemPattern, map[string]any{"rule": "slug"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := validContestInput()
			c.edit(&in)
			_, err := in.Validate()
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("no error: %v", err)
			}
			p, ok := e.Fields[c.field]
			if !ok || p.Code != c.code || p.Message == "" {
				t.Fatalf("fields %+v: want %s on %s", e.Fields, c.code, c.field)
			}
			for k, v := range c.params {
				if p.Params[k] != v {
					t.Fatalf("%s params %v, want %s=%v", c.field, p.Params, k, v)
				}
			}
		})
	}
}

func TestContestWithoutTracksHasTheGeneralTrack(t *testing.T) {
	in := validContestInput()
	in.Tracks = nil
	c, err := in.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Tracks) != 1 || c.Tracks[0].Slug != GeneralTrack.Slug || c.Tracks[0].Title != GeneralTrack.Title {
		t.Fatalf("tracks %+v, want the one general track", c.Tracks)
	}
}

func TestProblemOfMessage(t *testing.T) {
	cases := []struct {
		msg, code string
		params    map[string]any
	}{
		{"is required", ProblemRequired, nil},
		{"must be at most 200 characters", ProblemTooLong, map[string]any{"max": 200.0}},
		{"must be between 1 and 10", ProblemRange, map[string]any{"min": 1.0, "max": 10.0}},
		{"is not a track of this contest", ProblemUnknown, map[string]any{"what": "track"}},
		{"is not a criterion of this round", ProblemUnknown, map[string]any{"what": "criterion"}},
		{"something else entirely", ProblemInvalid, nil},
	}
	for _, c := range cases {
		p := problemOfMessage(c.msg)
		if p.Code != c.code || p.Message != c.msg {
			t.Errorf("%q: got %+v, want code %s", c.msg, p, c.code)
		}
		for k, v := range c.params {
			if p.Params[k] != v {
				t.Errorf("%q: params %v, want %s=%v", c.msg, p.Params, k, v)
			}
		}
	}
}

func TestNewProblemMessages(t *testing.T) {
	cases := []struct {
		p    Problem
		want string
	}{
		{NewProblem(ProblemTooShort, map[string]any{"min": 10}), "must be at least 10 characters"},
		{NewProblem(ProblemPattern, map[string]any{"rule": "key"}), Rules["key"].Hint},
		{NewProblem("no-such-code", nil), "is not valid"},
	}
	for _, c := range cases {
		if c.p.Message != c.want {
			t.Errorf("%s: message %q, want %q", c.p.Code, c.p.Message, c.want)
		}
	}
}

func TestRules(t *testing.T) {
	key := Rules["key"]
	for v, want := range map[string]bool{"demo_video": true, "field_1": true, "demo-video": false, "Demo": false, "_x": false, "": false} {
		if key.Match(v) != want {
			t.Errorf("key %q: match %v, want %v", v, !want, want)
		}
	}
	f := Fields{}
	checkPassword(f, "password", "123456789")
	if f["password"].Code != ProblemTooShort || f["password"].Params["min"] != Rules["password"].MinLength {
		t.Fatalf("password of 9: %+v", f)
	}
}
