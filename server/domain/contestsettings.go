package domain

import (
	"fmt"
	"strings"
	"time"
)

// Track is a category of a contest; every team enters one.
type Track struct {
	ID    int64  `json:"id" db:"id"`
	Slug  string `json:"slug" db:"slug"`
	Title string `json:"title" db:"title"`
}

// Form field types a contest's submission form can use.
const (
	FieldText     = "text"
	FieldTextarea = "textarea"
	FieldURL      = "url"
	FieldSelect   = "select"
)

// FormField is one question of a contest's submission form.
type FormField struct {
	Key      string   `json:"key" rule:"key"`
	Label    string   `json:"label" rule:"title"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Options  []string `json:"options,omitempty"`
}

// maxSlotPages bounds a slot's page limit, maxSlotDuration its duration
// limit (seconds).
const (
	maxSlotPages    = 10000
	maxSlotDuration = 24 * 3600
	maxSlotPixels   = 100000
)

// FileSlot is one file a submission may (or must) carry.
type FileSlot struct {
	Key      string   `json:"key" rule:"key"`
	Label    string   `json:"label" rule:"title"`
	Required bool     `json:"required"`
	MaxBytes int64    `json:"max_bytes"`
	Types    []string `json:"types"`
	// MaxPages, when above 0, is the most pages a PDF in this slot may
	// have: the entry check flags a longer one (it is not refused).
	MaxPages int `json:"max_pages,omitempty"`
	// MaxDurationSeconds, when above 0, is the longest a video or
	// recording in this slot may last: the entry check flags a longer one.
	MaxDurationSeconds int `json:"max_duration_seconds,omitempty"`
	// MinWidth, MaxWidth, MinHeight and MaxHeight, when above 0, bound
	// the pixel size of an image (PNG, JPEG, GIF, WebP) in this slot: the
	// entry check flags one outside them.
	MinWidth  int `json:"min_width,omitempty"`
	MaxWidth  int `json:"max_width,omitempty"`
	MinHeight int `json:"min_height,omitempty"`
	MaxHeight int `json:"max_height,omitempty"`
	// PageSize, when set (a key of PageSizes: A3, A4, A5, Letter, Legal),
	// is the size every page of a PDF in this slot should have.
	PageSize string `json:"page_size,omitempty"`
}

// Contest states: a draft is seen only by its organizers (and platform
// admins) and takes no teams; an organizer opens it, for good.
const (
	ContestDraft = "draft"
	ContestOpen  = "open"
)

// Contest is a competition with its windows, form and file rules.
type Contest struct {
	ID                   int64       `json:"id"`
	Slug                 string      `json:"slug"`
	Status               string      `json:"status"` // draft or open
	Title                string      `json:"title"`
	Description          string      `json:"description"`
	Timezone             string      `json:"timezone"`
	RegistrationOpensAt  time.Time   `json:"registration_opens_at"`
	RegistrationClosesAt *time.Time  `json:"registration_closes_at"`
	SubmissionOpensAt    time.Time   `json:"submission_opens_at"`
	SubmissionDeadline   time.Time   `json:"submission_deadline"`
	MaxTeamSize          int         `json:"max_team_size"`
	Tracks               []Track     `json:"tracks"`
	Form                 []FormField `json:"form"`
	Files                []FileSlot  `json:"files"`
	ResultsPublishedAt   *time.Time  `json:"results_published_at"`
	FeedbackEnabled      bool        `json:"feedback_enabled"`
	CreatedAt            time.Time   `json:"created_at"`
	UpdatedAt            time.Time   `json:"updated_at"`
}

// Location is the contest's time zone (UTC if it cannot be loaded).
func (c Contest) Location() *time.Location {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// wallTime writes t for people: in the contest's time zone, named.
func (c Contest) wallTime(t time.Time) string {
	return t.In(c.Location()).Format("2006-01-02 15:04 MST") + " (" + c.Timezone + ")"
}

// RegistrationOpen reports whether teams may form or change at t.
func (c Contest) RegistrationOpen(t time.Time) bool {
	return !t.Before(c.RegistrationOpensAt) && t.Before(c.RegistrationCloses())
}

// RegistrationCloses is when teams stop forming and changing their members:
// the registration's own close, or else the submission deadline. A team's
// extension gives it more time to submit, not to change its members.
func (c Contest) RegistrationCloses() time.Time {
	if c.RegistrationClosesAt != nil {
		return *c.RegistrationClosesAt
	}
	return c.SubmissionDeadline
}

// TeamChangeRefusal says why the members of a team of c cannot change at
// now (nobody invited, joining, leaving or removed), or nil while they can.
// The web app hides those actions from the same close time.
func TeamChangeRefusal(c Contest, now time.Time) error {
	switch {
	case c.RegistrationOpen(now):
		return nil
	case now.Before(c.RegistrationOpensAt):
		return Errorf(CodeTooLate, "team registration opens at %s; teams cannot change before", c.wallTime(c.RegistrationOpensAt))
	default:
		return Errorf(CodeTooLate, "the team is locked: team registration closed at %s, so members can no longer be invited, join, leave or be removed", c.wallTime(c.RegistrationCloses()))
	}
}

// Slot returns the file slot with key.
func (c Contest) Slot(key string) (FileSlot, bool) {
	for _, s := range c.Files {
		if s.Key == key {
			return s, true
		}
	}
	return FileSlot{}, false
}

// TrackBySlug returns the track with slug.
func (c Contest) TrackBySlug(slug string) (Track, bool) {
	for _, t := range c.Tracks {
		if t.Slug == slug {
			return t, true
		}
	}
	return Track{}, false
}

// ContestInput is the body that creates or (merged over the current
// contest) edits one. Times are RFC 3339; a time without an offset is read
// in the contest's time zone.
type ContestInput struct {
	Slug string `json:"slug" rule:"slug"`
	// Status is draft (the default: only organizers see the contest until
	// they open it) or open; it is chosen at creation only.
	Status               string       `json:"status,omitempty"`
	Title                string       `json:"title" rule:"title"`
	Description          string       `json:"description" rule:"description"`
	Timezone             string       `json:"timezone"`
	RegistrationOpensAt  string       `json:"registration_opens_at"`
	RegistrationClosesAt string       `json:"registration_closes_at"`
	SubmissionOpensAt    string       `json:"submission_opens_at"`
	SubmissionDeadline   string       `json:"submission_deadline"`
	MaxTeamSize          int          `json:"max_team_size" rule:"max_team_size"`
	Tracks               []TrackInput `json:"tracks"`
	Form                 []FormField  `json:"form"`
	Files                []FileSlot   `json:"files"`
	FeedbackEnabled      bool         `json:"feedback_enabled"`
}

// TrackInput names a track.
type TrackInput struct {
	Slug  string `json:"slug" rule:"slug"`
	Title string `json:"title" rule:"title"`
}

// InputOf turns a contest back into the input that would create it, so an
// edit can be merged over it.
func InputOf(c Contest) ContestInput {
	in := ContestInput{
		Slug: c.Slug, Status: c.Status, Title: c.Title, Description: c.Description, Timezone: c.Timezone,
		RegistrationOpensAt: c.RegistrationOpensAt.Format(time.RFC3339),
		SubmissionOpensAt:   c.SubmissionOpensAt.Format(time.RFC3339),
		SubmissionDeadline:  c.SubmissionDeadline.Format(time.RFC3339),
		MaxTeamSize:         c.MaxTeamSize, Form: c.Form, Files: c.Files, FeedbackEnabled: c.FeedbackEnabled,
	}
	if c.RegistrationClosesAt != nil {
		in.RegistrationClosesAt = c.RegistrationClosesAt.Format(time.RFC3339)
	}
	for _, t := range c.Tracks {
		in.Tracks = append(in.Tracks, TrackInput{Slug: t.Slug, Title: t.Title})
	}
	return in
}

// Limits on what a contest definition may hold.
const (
	maxTracks       = 100
	maxFormFields   = 50
	maxFileSlots    = 20
	maxSelectOpts   = 100
	MaxFileBytes    = 50 << 30 // 50 GiB per file
	maxFieldAnswer  = 10000
	maxTitleRunes   = 200
	maxAbstractRune = 5000
)

// parseContestTime reads an RFC 3339 time, or a wall-clock time in loc.
func parseContestTime(f Fields, field, v string, loc *time.Location, required bool) *time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			f.Add(field, "is required")
		}
		return nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return &t
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return &t
		}
	}
	f.Problem(field, ProblemTime, nil)
	return nil
}

// Validate checks an input and builds the contest it describes.
func (in ContestInput) Validate() (Contest, error) {
	f := Fields{}
	c := Contest{Slug: strings.TrimSpace(in.Slug), MaxTeamSize: in.MaxTeamSize, FeedbackEnabled: in.FeedbackEnabled}
	checkRule(f, "slug", "slug", c.Slug)
	switch c.Status = strings.TrimSpace(in.Status); c.Status {
	case "":
		c.Status = ContestDraft
	case ContestDraft, ContestOpen:
	default:
		f.Problem("status", ProblemOption, nil)
	}
	c.Title = CheckText(f, "title", in.Title, maxTitleRunes)
	c.Description = strings.TrimSpace(in.Description)
	if n := Rules["description"].MaxLength; len([]rune(c.Description)) > n {
		f.Problem("description", ProblemTooLong, map[string]any{"max": n})
	}
	c.Timezone = strings.TrimSpace(in.Timezone)
	if c.Timezone == "" {
		c.Timezone = "UTC"
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "Local" {
		f.Problem("timezone", ProblemTimeZone, nil)
		loc = time.UTC
	}
	if t := parseContestTime(f, "registration_opens_at", in.RegistrationOpensAt, loc, true); t != nil {
		c.RegistrationOpensAt = *t
	}
	c.RegistrationClosesAt = parseContestTime(f, "registration_closes_at", in.RegistrationClosesAt, loc, false)
	if t := parseContestTime(f, "submission_opens_at", in.SubmissionOpensAt, loc, true); t != nil {
		c.SubmissionOpensAt = *t
	}
	if t := parseContestTime(f, "submission_deadline", in.SubmissionDeadline, loc, true); t != nil {
		c.SubmissionDeadline = *t
	}
	if !c.SubmissionDeadline.IsZero() && !c.SubmissionOpensAt.IsZero() && !c.SubmissionOpensAt.Before(c.SubmissionDeadline) {
		f.Problem("submission_deadline", ProblemAfter, map[string]any{"other": "submission_opens_at"})
	}
	if !c.SubmissionDeadline.IsZero() && c.RegistrationOpensAt.After(c.SubmissionDeadline) {
		f.Problem("registration_opens_at", ProblemBefore, map[string]any{"other": "submission_deadline"})
	}
	if c.RegistrationClosesAt != nil && c.RegistrationClosesAt.Before(c.RegistrationOpensAt) {
		f.Problem("registration_closes_at", ProblemAfter, map[string]any{"other": "registration_opens_at"})
	}
	Rules["max_team_size"].checkRange(f, "max_team_size", float64(c.MaxTeamSize))
	c.Tracks = validateTracks(f, in.Tracks)
	c.Form = validateForm(f, in.Form)
	c.Files = validateSlots(f, in.Files)
	return c, f.Err()
}

// GeneralTrack is the one track of a contest created without tracks: every
// team enters it, and nobody has to choose.
var GeneralTrack = Track{Slug: "general", Title: "General"}

func validateTracks(f Fields, in []TrackInput) []Track {
	if len(in) == 0 {
		return []Track{GeneralTrack}
	}
	if len(in) > maxTracks {
		f.Problem("tracks", ProblemTooMany, map[string]any{"max": maxTracks})
	}
	seen := map[string]bool{}
	out := make([]Track, 0, len(in))
	for i, t := range in {
		p := fmt.Sprintf("tracks[%d]", i)
		slug := strings.TrimSpace(t.Slug)
		if checkRule(f, p+".slug", "slug", slug) && seen[slug] {
			f.Problem(p+".slug", ProblemDuplicate, nil)
		}
		seen[slug] = true
		out = append(out, Track{Slug: slug, Title: CheckText(f, p+".title", t.Title, maxTitleRunes)})
	}
	return out
}

func validateForm(f Fields, in []FormField) []FormField {
	if len(in) > maxFormFields {
		f.Problem("form", ProblemTooMany, map[string]any{"max": maxFormFields})
	}
	seen := map[string]bool{}
	out := make([]FormField, 0, len(in))
	for i, ff := range in {
		p := fmt.Sprintf("form[%d]", i)
		ff.Key = strings.TrimSpace(ff.Key)
		if checkRule(f, p+".key", "key", ff.Key) && seen[ff.Key] {
			f.Problem(p+".key", ProblemDuplicate, nil)
		}
		seen[ff.Key] = true
		ff.Label = CheckText(f, p+".label", ff.Label, maxTitleRunes)
		switch ff.Type {
		case FieldText, FieldTextarea, FieldURL:
			ff.Options = nil
		case FieldSelect:
			if len(ff.Options) == 0 {
				f.Problem(p+".options", ProblemTooFew, map[string]any{"min": 1})
			} else if len(ff.Options) > maxSelectOpts {
				f.Problem(p+".options", ProblemTooMany, map[string]any{"max": maxSelectOpts})
			}
			for j, o := range ff.Options {
				ff.Options[j] = CheckText(f, fmt.Sprintf("%s.options[%d]", p, j), o, maxTitleRunes)
			}
		default:
			f.Problem(p+".type", ProblemOption, nil)
		}
		out = append(out, ff)
	}
	return out
}

func validateSlots(f Fields, in []FileSlot) []FileSlot {
	if len(in) > maxFileSlots {
		f.Problem("files", ProblemTooMany, map[string]any{"max": maxFileSlots})
	}
	seen := map[string]bool{}
	out := make([]FileSlot, 0, len(in))
	for i, s := range in {
		p := fmt.Sprintf("files[%d]", i)
		s.Key = strings.TrimSpace(s.Key)
		if checkRule(f, p+".key", "key", s.Key) && seen[s.Key] {
			f.Problem(p+".key", ProblemDuplicate, nil)
		}
		seen[s.Key] = true
		s.Label = CheckText(f, p+".label", s.Label, maxTitleRunes)
		if s.MaxBytes < 1 || s.MaxBytes > MaxFileBytes {
			f.Problem(p+".max_bytes", ProblemRange, map[string]any{"min": 1, "max": int64(MaxFileBytes)})
		}
		if s.MaxPages < 0 || s.MaxPages > maxSlotPages {
			f.Add(p+".max_pages", fmt.Sprintf("must be between 0 (no limit) and %d", maxSlotPages))
		}
		if s.MaxDurationSeconds < 0 || s.MaxDurationSeconds > maxSlotDuration {
			f.Add(p+".max_duration_seconds", fmt.Sprintf("must be between 0 (no limit) and %d seconds", maxSlotDuration))
		}
		checkImageBounds(f, p, s)
		if _, ok := PageSizes[s.PageSize]; s.PageSize != "" && !ok {
			f.Problem(p+".page_size", ProblemOption, nil)
		}
		if len(s.Types) == 0 {
			f.Problem(p+".types", ProblemTooFew, map[string]any{"min": 1})
		}
		for j, ext := range s.Types {
			ext = strings.ToLower(strings.TrimSpace(ext))
			s.Types[j] = ext
			if checkRule(f, fmt.Sprintf("%s.types[%d]", p, j), "extension", ext) && !KnownFileType(ext) {
				f.Problem(fmt.Sprintf("%s.types[%d]", p, j), ProblemFileType, map[string]any{"supported": strings.Join(SupportedFileTypes(), " ")})
			}
		}
		out = append(out, s)
	}
	return out
}

// checkImageBounds checks a slot's image size bounds: each between 0 (no
// bound) and maxSlotPixels, and a minimum no larger than its maximum.
func checkImageBounds(f Fields, p string, s FileSlot) {
	for _, b := range []struct {
		name string
		v    int
	}{{"min_width", s.MinWidth}, {"max_width", s.MaxWidth}, {"min_height", s.MinHeight}, {"max_height", s.MaxHeight}} {
		if b.v < 0 || b.v > maxSlotPixels {
			f.Add(p+"."+b.name, fmt.Sprintf("must be between 0 (no bound) and %d pixels", maxSlotPixels))
		}
	}
	if s.MinWidth > 0 && s.MaxWidth > 0 && s.MinWidth > s.MaxWidth {
		f.Add(p+".min_width", "must not be larger than the maximum width")
	}
	if s.MinHeight > 0 && s.MaxHeight > 0 && s.MinHeight > s.MaxHeight {
		f.Add(p+".min_height", "must not be larger than the maximum height")
	}
}
