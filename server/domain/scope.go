package domain

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Scoped roles. A contest-wide organizer (or a platform admin) organizes all
// of a contest. A track lead organizes some of its tracks: what hangs off a
// team of those tracks (the team, its submission and files, extensions, its
// entries' assignments and scores: reopening, moving, the history, an extra
// judge) and the rounds' views limited to those
// tracks (entries, assignments, progress, rankings, exports). Whatever
// belongs to another track is not_found for them, as it is for anyone who
// may not know it exists. The contest's own settings (editing and opening
// it, rounds, roles and invitations, the whole round's assignment,
// advancement, reminders, review plans, results and the audit log) stay
// with the contest-wide organizers: a track lead is refused them
// (forbidden: they know the contest).
//
// A judge may be limited to a panel: to their tracks ("scoped") or to a
// sponsor prize, the option a team chose in one of the contest's select
// fields ("prize": "field=option"). The assignment gives a limited judge
// only entries of their panel.

// RoleTrackLead organizes some tracks of a contest.
const RoleTrackLead Role = "track_lead"

// Scope is the part of a contest a person organizes: all of it, some
// tracks, or nothing.
type Scope struct {
	All    bool     // a contest-wide organizer or a platform admin
	Tracks []string // a track lead's tracks
}

// Organizes reports whether the scope is some part of the contest.
func (s Scope) Organizes() bool { return s.All || len(s.Tracks) > 0 }

// Covers reports whether the scope includes the track.
func (s Scope) Covers(track string) bool { return s.All || slices.Contains(s.Tracks, track) }

// Limited reports whether the scope is some tracks only (a track lead).
func (s Scope) Limited() bool { return !s.All && len(s.Tracks) > 0 }

// Action is the kind of organizer's act a scope is asked about.
type Action int

const (
	// ActContest changes or reads the contest as a whole: contest-wide
	// organizers only.
	ActContest Action = iota
	// ActTrack concerns one track's object (a team, an entry, a file).
	ActTrack
	// ActRound reads a round's view, which is then limited to the scope.
	ActRound
)

// errContestWide refuses a track lead what only contest-wide organizers do.
var errContestWide = Errorf(CodeForbidden, "only the contest's organizers may do this (a track lead organizes their tracks only)")

// Permit decides whether a person with scope s may do act on something of
// track (for ActTrack; what names it in a not_found answer). It refuses
// whoever organizes nothing with forbidden: callers that must hide an
// object from such people check Organizes first.
func Permit(s Scope, act Action, track, what string) error {
	switch {
	case s.All:
		return nil
	case !s.Organizes():
		return Errorf(CodeForbidden, "only the contest's organizers may do this")
	case act == ActContest:
		return errContestWide
	case act == ActTrack && !s.Covers(track):
		return NotFound(what)
	}
	return nil
}

// RankingTrack decides which track a ranking (or a round's CSV) shows to
// a person with scope s who asked for track ("" for the whole round): an
// organizer gets what they asked; a track lead gets their only track by
// default, must name one of several, and gets not_found for a track that
// is not theirs.
func RankingTrack(s Scope, track string) (string, error) {
	switch {
	case s.All:
		return track, nil
	case !s.Organizes():
		return "", Errorf(CodeForbidden, "only the contest's organizers may do this")
	case track == "" && len(s.Tracks) == 1:
		return s.Tracks[0], nil
	case track == "":
		return "", Invalid(map[string]string{"track": "is required: choose one of your tracks (" + strings.Join(s.Tracks, ", ") + ")"})
	case !s.Covers(track):
		return "", NotFound("ranking")
	}
	return track, nil
}

// Panel is a judge's limit: their tracks (Scoped) and a sponsor prize.
type Panel struct {
	Scoped bool
	Tracks []string
	Prize  string // "field=option", or ""
}

// Limited reports whether the judge sees only part of the entries.
func (p Panel) Limited() bool { return p.Scoped || p.Prize != "" }

// Admits reports whether an entry (its track and its submitted answers)
// is in the panel.
func (p Panel) Admits(track string, fields json.RawMessage) bool {
	if p.Scoped && !slices.Contains(p.Tracks, track) {
		return false
	}
	if p.Prize == "" {
		return true
	}
	key, option, _ := strings.Cut(p.Prize, "=")
	var answers map[string]any
	if json.Unmarshal(fields, &answers) != nil {
		return false
	}
	got, ok := answers[key].(string)
	return ok && got == option
}

// CheckPrize checks a sponsor prize against the contest: "field=option"
// where field is one of its select fields and option one of its options.
func CheckPrize(f Fields, name string, c Contest, prize string) string {
	prize = strings.TrimSpace(prize)
	if prize == "" {
		return ""
	}
	key, option, ok := strings.Cut(prize, "=")
	if !ok {
		f.Add(name, "must be field=option: a select field of the contest's form and one of its options")
		return ""
	}
	for _, ff := range c.Form {
		if ff.Key == key && ff.Type == "select" {
			if slices.Contains(ff.Options, option) {
				return prize
			}
			f.Add(name, fmt.Sprintf("%q is not an option of the field %s", option, key))
			return ""
		}
	}
	f.Add(name, fmt.Sprintf("%s is not a select field of the contest's form", key))
	return ""
}
