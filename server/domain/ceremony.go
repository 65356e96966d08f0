package domain

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// The states of an award ceremony.
const (
	CeremonyIdle     = "idle"
	CeremonyRunning  = "running"
	CeremonyFinished = "finished"
)

// The ceremony's steps (StepCeremony).
const (
	CeremonyStart = "start"
	CeremonyNext  = "next"
	CeremonyStop  = "stop"
)

// Reveal is one award of the ceremony: an entry and the award it gets.
type Reveal struct {
	EntryID int64  `json:"entry_id"`
	Award   string `json:"award"`
}

// Ceremony is the stored state of a contest's award ceremony. Revealed
// counts the awards shown so far in Order; a rehearsal runs the same
// screens and publishes nothing. Revision counts its changes: every step
// names the revision it saw, so two presenters pressing "next" at once
// reveal one award, not two.
type Ceremony struct {
	ContestID     int64      `json:"-"`
	Order         []Reveal   `json:"order"`
	Revealed      int        `json:"revealed"`
	State         string     `json:"state"`
	Rehearsal     bool       `json:"rehearsal"`
	AudienceToken string     `json:"-"`
	PublishAt     *time.Time `json:"publish_at"`
	Revision      int        `json:"revision"`
}

// CeremonyStore keeps ceremonies. UpdateCeremony writes only if the stored
// revision is still c.Revision (else a conflict), publishes the contest's
// results in the same transaction when publish is set, and tells every
// replica's audience screens.
type CeremonyStore interface {
	Ceremony(ctx context.Context, contestID int64, newToken string) (Ceremony, error)
	CeremonyByToken(ctx context.Context, token string) (Ceremony, error)
	UpdateCeremony(ctx context.Context, c Ceremony, publish bool, audit AuditEntry) (int, error)
	EntryPhotos(ctx context.Context, entryIDs []int64) (map[int64]PhotoFile, error)
	DuePublications(ctx context.Context) ([]int64, error)
	PublishScheduled(ctx context.Context, contestID int64, audit AuditEntry) error
}

// PhotoFile is the image of an entry shown at the ceremony.
type PhotoFile struct {
	ObjectKey string `db:"object_key"`
	Filename  string `db:"filename"`
}

// DefaultRevealOrder is the usual order of a ceremony: from the last
// place upwards, overall (the reverse of the results' order) or per track
// (tracks in the contest's order, each from its last award up). Withheld
// awards are left out.
func DefaultRevealOrder(awards []Award, tracks []Track, byTrack bool, withheld []string) []Reveal {
	out := []Reveal{}
	add := func(list []Award) {
		for i := len(list) - 1; i >= 0; i-- {
			if !slices.Contains(withheld, list[i].Award) {
				out = append(out, Reveal{EntryID: list[i].EntryID, Award: list[i].Award})
			}
		}
	}
	if !byTrack {
		add(awards)
		return out
	}
	for _, t := range tracks {
		var list []Award
		for _, a := range awards {
			if a.Track == t.Slug {
				list = append(list, a)
			}
		}
		add(list)
	}
	return out
}

// CheckRevealOrder validates an organizer's order: every item an award of
// the results (not withheld), none twice.
func CheckRevealOrder(order []Reveal, awards []Award, withheld []string) Fields {
	f := Fields{}
	seen := map[Reveal]bool{}
	for i, r := range order {
		field := fmt.Sprintf("order[%d]", i)
		switch {
		case !slices.ContainsFunc(awards, func(a Award) bool { return a.EntryID == r.EntryID && a.Award == r.Award }):
			f.Add(field, "is not an award of this contest's results")
		case slices.Contains(withheld, r.Award):
			f.Add(field, "is withheld by the jury")
		case seen[r]:
			f.Add(field, "is listed twice")
		}
		seen[r] = true
	}
	return f
}

// StepCeremony moves a ceremony one step: start (a run from the first
// award, real or rehearsal; not while one runs), next (reveal the next
// award; after the last one, end the run) or stop (abandon the run). It
// returns the new state and whether the results are to be published now
// (the end of a real run).
func StepCeremony(c Ceremony, step string, rehearsal bool) (Ceremony, bool, error) {
	switch step {
	case CeremonyStart:
		if c.State == CeremonyRunning {
			return c, false, Errorf(CodeConflict, "the ceremony is already running; stop it first")
		}
		if len(c.Order) == 0 {
			return c, false, Errorf(CodeConflict, "there are no awards to reveal: save the results' awards first")
		}
		c.State, c.Revealed, c.Rehearsal = CeremonyRunning, 0, rehearsal
	case CeremonyNext:
		if c.State != CeremonyRunning {
			return c, false, Errorf(CodeConflict, "the ceremony is not running")
		}
		if c.Revealed < len(c.Order) {
			c.Revealed++
			return c, false, nil
		}
		c.State = CeremonyFinished
		return c, !c.Rehearsal, nil
	case CeremonyStop:
		if c.State != CeremonyRunning {
			return c, false, Errorf(CodeConflict, "the ceremony is not running")
		}
		c.State, c.Revealed = CeremonyIdle, 0
	default:
		return c, false, Invalid(map[string]string{"step": "must be start, next or stop"})
	}
	return c, false, nil
}

// RevealCard is one award as the screens show it. PhotoURL is a
// short-lived link to the entry's image in the object store (never our
// origin), when the entry has one.
type RevealCard struct {
	Position int    `json:"position"`
	Award    string `json:"award"`
	EntryID  int64  `json:"entry_id"`
	TeamName string `json:"team_name"`
	Title    string `json:"title"`
	Track    string `json:"track"`
	PhotoURL string `json:"photo_url,omitempty"`
}

// CeremonyView is what the audience screen shows: the awards revealed so
// far (the last one is the current reveal).
type CeremonyView struct {
	Contest   string       `json:"contest_slug"`
	Title     string       `json:"title"`
	State     string       `json:"state"`
	Rehearsal bool         `json:"rehearsal"`
	Revealed  int          `json:"revealed"`
	Total     int          `json:"total"`
	Shown     []RevealCard `json:"shown"`
	Revision  int          `json:"revision"`
}

// PresenterView is the organizer's view of the ceremony: the audience's
// view, the whole order, the audience link's token and the settings.
type PresenterView struct {
	CeremonyView
	Order         []RevealCard `json:"order"`
	AudienceToken string       `json:"audience_token"`
	PublishAt     *time.Time   `json:"publish_at"`
	Published     bool         `json:"published"`
	// Custom is true when the organizer saved an order; otherwise the
	// order is the default (from the last place up, overall).
	Custom bool `json:"custom"`
}

// CeremonyInput sets the reveal order (or, with Default "overall" or
// "by_track" and no Order, the usual order) and the time at which the
// results are published if the ceremony has not done it by then.
type CeremonyInput struct {
	Order     []Reveal `json:"order"`
	Default   string   `json:"default"`
	PublishAt string   `json:"publish_at"`
	Revision  int      `json:"revision"`
}

// CeremonyStepInput is a presenter's step and the revision it saw.
type CeremonyStepInput struct {
	Rehearsal bool `json:"rehearsal"`
	Revision  int  `json:"revision"`
}

// ceremonyOf loads a contest the caller organizes with its ceremony, its
// results' awards and the withheld award names.
func (j *Judging) ceremonyOf(ctx context.Context, u User, slug string) (Contest, Ceremony, Results, []string, error) {
	c, err := j.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return Contest{}, Ceremony{}, Results{}, nil, err
	}
	token, err := RandomToken(24)
	if err != nil {
		return Contest{}, Ceremony{}, Results{}, nil, err
	}
	cm, err := j.Final.Ceremony(ctx, c.ID, token)
	if err != nil {
		return Contest{}, Ceremony{}, Results{}, nil, err
	}
	res, err := j.results(ctx, c.Slug)
	if err != nil {
		return Contest{}, Ceremony{}, Results{}, nil, err
	}
	withheld, err := j.withheld(ctx, c.ID)
	return c, cm, res, withheld, err
}

// withheld lists the award names the jury withheld.
func (j *Judging) withheld(ctx context.Context, contestID int64) ([]string, error) {
	out := []string{}
	if j.Final == nil {
		return out, nil
	}
	list, err := j.Final.Overrides(ctx, contestID)
	if err != nil {
		return nil, err
	}
	for _, o := range list {
		if o.Kind == OverrideWithhold && o.RevokedAt == nil && !slices.Contains(out, o.Award) {
			out = append(out, o.Award)
		}
	}
	return out, nil
}

// CeremonyPresenter returns the presenter's view (organizers).
func (j *Judging) CeremonyPresenter(ctx context.Context, u User, slug string) (PresenterView, error) {
	c, cm, res, withheld, err := j.ceremonyOf(ctx, u, slug)
	if err != nil {
		return PresenterView{}, err
	}
	return j.presenterView(ctx, c, cm, res, withheld)
}

func (j *Judging) presenterView(ctx context.Context, c Contest, cm Ceremony, res Results, withheld []string) (PresenterView, error) {
	// A run stores the order it reveals: an order is the organizer's own
	// only when it differs from the default.
	overall := DefaultRevealOrder(res.Awards, c.Tracks, false, withheld)
	custom := len(cm.Order) > 0 && !slices.Equal(cm.Order, overall)
	if cm.State == CeremonyIdle && len(cm.Order) == 0 {
		cm.Order = overall
	}
	all, err := j.cards(ctx, res, cm.Order, len(cm.Order))
	if err != nil {
		return PresenterView{}, err
	}
	v, err := j.audienceView(ctx, c, cm, res)
	if err != nil {
		return PresenterView{}, err
	}
	return PresenterView{CeremonyView: v, Order: all, AudienceToken: cm.AudienceToken, PublishAt: cm.PublishAt,
		Published: c.ResultsPublishedAt != nil, Custom: custom}, nil
}

// cards turns the first n reveals of order into cards.
func (j *Judging) cards(ctx context.Context, res Results, order []Reveal, n int) ([]RevealCard, error) {
	out := []RevealCard{}
	ids := []int64{}
	for i, r := range order[:min(n, len(order))] {
		card := RevealCard{Position: i + 1, Award: r.Award, EntryID: r.EntryID}
		for _, a := range res.Awards {
			if a.EntryID == r.EntryID {
				card.TeamName, card.Title, card.Track = a.TeamName, a.Title, a.Track
			}
		}
		out = append(out, card)
		ids = append(ids, r.EntryID)
	}
	if len(ids) == 0 || j.Contests.Blob == nil {
		return out, nil
	}
	photos, err := j.Final.EntryPhotos(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		p, ok := photos[out[i].EntryID]
		if !ok {
			continue
		}
		ct, _ := InlineType(p.Filename)
		url, err := j.Contests.Blob.PresignInline(ctx, p.ObjectKey, ContentDisposition("inline", p.Filename), ct, time.Hour)
		if err != nil {
			return nil, fmt.Errorf("photo of entry %d: %w", out[i].EntryID, err)
		}
		out[i].PhotoURL = url
	}
	return out, nil
}

func (j *Judging) audienceView(ctx context.Context, c Contest, cm Ceremony, res Results) (CeremonyView, error) {
	v := CeremonyView{Contest: c.Slug, Title: c.Title, State: cm.State, Rehearsal: cm.Rehearsal, Revealed: cm.Revealed,
		Total: len(cm.Order), Revision: cm.Revision, Shown: []RevealCard{}}
	if cm.State == CeremonyIdle {
		v.Revealed = 0
		return v, nil
	}
	shown, err := j.cards(ctx, res, cm.Order, cm.Revealed)
	v.Shown = shown
	return v, err
}

// CeremonyAudience returns the audience screen's view for its link's
// token (no sign-in; a wrong or replaced token is not found), with the
// contest's id (the key of its live feed).
func (j *Judging) CeremonyAudience(ctx context.Context, token string) (CeremonyView, int64, error) {
	if token == "" {
		return CeremonyView{}, 0, NotFound("ceremony")
	}
	cm, err := j.Final.CeremonyByToken(ctx, token)
	if err != nil {
		return CeremonyView{}, 0, err
	}
	v, err := j.CeremonyAudienceOf(ctx, cm.ContestID)
	return v, cm.ContestID, err
}

// AudienceLinkAlive reports whether an audience link still stands (it
// has not been replaced).
func (j *Judging) AudienceLinkAlive(ctx context.Context, token string) (bool, error) {
	_, err := j.Final.CeremonyByToken(ctx, token)
	if ErrorCode(err) == CodeNotFound {
		return false, nil
	}
	return err == nil, err
}

// CeremonyAudienceOf is the audience view of a contest's ceremony, for the
// live feed of streams already admitted by their link.
func (j *Judging) CeremonyAudienceOf(ctx context.Context, contestID int64) (CeremonyView, error) {
	c, err := j.Contests.contestByID(ctx, contestID)
	if err != nil {
		return CeremonyView{}, err
	}
	cm, err := j.Final.Ceremony(ctx, contestID, "")
	if err != nil {
		return CeremonyView{}, err
	}
	res, err := j.results(ctx, c.Slug)
	if err != nil {
		return CeremonyView{}, err
	}
	return j.audienceView(ctx, c, cm, res)
}

// CeremonyFeed is the key of a contest's ceremony on the live-events
// channel: the contest's id negated (round ids are positive).
func CeremonyFeed(contestID int64) int64 { return -contestID }

// ConfigureCeremony sets the reveal order and the publication time
// (organizers, audited; not while the ceremony runs).
func (j *Judging) ConfigureCeremony(ctx context.Context, u User, slug string, in CeremonyInput) (PresenterView, error) {
	c, cm, res, withheld, err := j.ceremonyOf(ctx, u, slug)
	if err != nil {
		return PresenterView{}, err
	}
	if cm.State == CeremonyRunning {
		return PresenterView{}, Errorf(CodeConflict, "the ceremony is running; stop it before changing its order")
	}
	f := CheckRevealOrder(in.Order, res.Awards, withheld)
	switch in.Default {
	case "", "overall":
	case "by_track":
		if len(in.Order) == 0 {
			in.Order = DefaultRevealOrder(res.Awards, c.Tracks, true, withheld)
		}
	default:
		f.Add("default", "must be overall or by_track")
	}
	cm.PublishAt = nil
	if in.PublishAt != "" {
		t, err := time.Parse(time.RFC3339, in.PublishAt)
		if err != nil {
			f.Add("publish_at", "must be a date and time (RFC 3339)")
		} else if !t.After(j.now()) {
			f.Add("publish_at", "must be in the future")
		}
		cm.PublishAt = &t
	}
	if err := f.Err(); err != nil {
		return PresenterView{}, err
	}
	cm.Order, cm.Revision = in.Order, in.Revision
	if cm.Order == nil {
		cm.Order = []Reveal{}
	}
	if cm.State == CeremonyFinished {
		cm.State, cm.Revealed = CeremonyIdle, 0
	}
	return j.saveCeremony(ctx, u, c, cm, false, "ceremony.configure", in, res, withheld)
}

// StepCeremony runs one step of the ceremony for a presenter: start (real
// or rehearsal), next, or stop. The end of a real run publishes the
// results (audited).
func (j *Judging) StepCeremony(ctx context.Context, u User, slug, step string, in CeremonyStepInput) (PresenterView, error) {
	c, cm, res, withheld, err := j.ceremonyOf(ctx, u, slug)
	if err != nil {
		return PresenterView{}, err
	}
	if cm.Revision != in.Revision {
		return PresenterView{}, staleCeremony()
	}
	if step == CeremonyStart && len(cm.Order) == 0 {
		cm.Order = DefaultRevealOrder(res.Awards, c.Tracks, false, withheld)
	}
	next, publish, err := StepCeremony(cm, step, in.Rehearsal)
	if err != nil {
		return PresenterView{}, err
	}
	action := "ceremony." + step
	if next.Rehearsal {
		action += "_rehearsal"
	}
	if publish {
		action = "results.publish"
	}
	return j.saveCeremony(ctx, u, c, next, publish, action, in, res, withheld)
}

// NewAudienceLink replaces the audience screen's link: the old one stops
// working at once (organizers, audited).
func (j *Judging) NewAudienceLink(ctx context.Context, u User, slug string, in CeremonyStepInput) (PresenterView, error) {
	c, cm, res, withheld, err := j.ceremonyOf(ctx, u, slug)
	if err != nil {
		return PresenterView{}, err
	}
	if cm.AudienceToken, err = RandomToken(24); err != nil {
		return PresenterView{}, err
	}
	cm.Revision = in.Revision
	return j.saveCeremony(ctx, u, c, cm, false, "ceremony.audience_link", map[string]any{}, res, withheld)
}

func staleCeremony() error {
	return Errorf(CodeConflict, "the ceremony changed meanwhile (another presenter?); the view was reloaded, check it and try again")
}

func (j *Judging) saveCeremony(ctx context.Context, u User, c Contest, cm Ceremony, publish bool, action string, detail any,
	res Results, withheld []string) (PresenterView, error) {
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: action, ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(detail)}
	rev, err := j.Final.UpdateCeremony(ctx, cm, publish, audit)
	if err != nil {
		return PresenterView{}, err
	}
	cm.Revision = rev
	if publish {
		now := j.now()
		c.ResultsPublishedAt = &now
	}
	return j.presenterView(ctx, c, cm, res, withheld)
}

// PublishDue publishes the results of every contest whose publication
// time has come and whose ceremony has not published them: the job's
// work. It returns how many it published.
func (j *Judging) PublishDue(ctx context.Context) (int, error) {
	ids, err := j.Final.DuePublications(ctx)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		audit := AuditEntry{ContestID: id, Action: "results.publish", ObjectType: "contest", ObjectID: strconv.FormatInt(id, 10),
			Detail: mustJSON(map[string]any{"scheduled": true})}
		if err := j.Final.PublishScheduled(ctx, id, audit); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
