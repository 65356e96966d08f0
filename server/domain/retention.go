package domain

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Retention. An organizer sets how many days a contest keeps its files and
// the personal data of its people after it is over (its results'
// publication, or else its submission deadline). When the period is over,
// a job e-mails the organizers (once) to purge; they look at a dry run of
// what would go and confirm. A purge removes every submitted and draft file
// (objects, then records), the exports, and what ties people to the
// contest: team memberships and departures, judges' and track leads' roles,
// invitations and invitation links, declared conflicts and interests. It
// keeps what the contest's record needs: teams (by name), their versions'
// receipts (digests, file names and hashes), scores, rankings and results.
// Accounts themselves are the people's, not the contest's: they stay.

// Retention is a contest's retention setting and where it stands.
type Retention struct {
	Days       int        `json:"days" db:"days"` // 0: none set
	StartsAt   time.Time  `json:"starts_at" db:"-"`
	DueAt      *time.Time `json:"due_at" db:"-"`
	NotifiedAt *time.Time `json:"notified_at" db:"notified_at"`
	PurgedAt   *time.Time `json:"purged_at" db:"purged_at"`
	State      string     `json:"state" db:"-"`
}

// The states of a contest's retention.
const (
	RetentionNone    = "none"    // no period set
	RetentionRunning = "running" // the period is not over
	RetentionDue     = "due"     // over, the organizers not told yet
	RetentionAsked   = "asked"   // over, the organizers told
	RetentionPurged  = "purged"
)

// RetentionStart is when a contest's retention period starts: the
// publication of its results, or else its submission deadline.
func RetentionStart(c Contest) time.Time {
	if c.ResultsPublishedAt != nil {
		return *c.ResultsPublishedAt
	}
	return c.SubmissionDeadline
}

// DescribeRetention fills a retention's start, due time and state at now.
func DescribeRetention(c Contest, r Retention, now time.Time) Retention {
	r.StartsAt, r.DueAt = RetentionStart(c), nil
	if r.Days > 0 {
		due := r.StartsAt.AddDate(0, 0, r.Days)
		r.DueAt = &due
	}
	switch {
	case r.PurgedAt != nil:
		r.State = RetentionPurged
	case r.DueAt == nil:
		r.State = RetentionNone
	case now.Before(*r.DueAt):
		r.State = RetentionRunning
	case r.NotifiedAt == nil:
		r.State = RetentionDue
	default:
		r.State = RetentionAsked
	}
	return r
}

// PurgeFile is a file a purge removes.
type PurgeFile struct {
	ID         string `json:"file_id" db:"id"`
	TeamID     int64  `json:"team_id" db:"team_id"`
	Team       string `json:"team" db:"team"`
	Filename   string `json:"filename" db:"filename"`
	Size       int64  `json:"size" db:"size"`
	Status     string `json:"status" db:"status"`
	ObjectKey  string `json:"-" db:"object_key"`
	UploadKind string `json:"-" db:"upload_kind"`
	UploadID   string `json:"-" db:"upload_id"`
}

// PurgeExport is an export a purge removes.
type PurgeExport struct {
	ID        string `db:"id"`
	ObjectKey string `db:"object_key"`
	ContestID int64  `db:"contest_id"`
	Kind      string `db:"kind"`
}

// PurgeCounts are the rows tying people to the contest that a purge
// removes, by kind.
type PurgeCounts struct {
	TeamMembers       int `json:"team_members" db:"team_members"`
	TeamDepartures    int `json:"team_departures" db:"team_departures"`
	Judges            int `json:"judges" db:"judges"`
	TrackLeads        int `json:"track_leads" db:"track_leads"`
	Invitations       int `json:"invitations" db:"invitations"`
	InvitationLinks   int `json:"invitation_links" db:"invitation_links"`
	DeclaredConflicts int `json:"declared_conflicts" db:"declared_conflicts"`
	Interests         int `json:"interests" db:"interests"`
	Exports           int `json:"exports" db:"exports"`
}

// PurgePlan is a dry run: what a purge would remove now.
type PurgePlan struct {
	Retention Retention     `json:"retention"`
	Files     []PurgeFile   `json:"files"`
	Bytes     int64         `json:"bytes"`
	Counts    PurgeCounts   `json:"counts"`
	Exports   []PurgeExport `json:"-"`
	// Allowed says whether the purge may run now (the period is over).
	Allowed bool `json:"allowed"`
}

// PurgeAllowed decides whether a purge may run: only once the retention
// period is over, and once.
func PurgeAllowed(r Retention) error {
	switch r.State {
	case RetentionDue, RetentionAsked:
		return nil
	case RetentionPurged:
		return Errorf(CodeConflict, "this contest was purged already")
	case RetentionNone:
		return Errorf(CodeConflict, "set a retention period first")
	}
	return Errorf(CodeTooLate, "the retention period is not over: the purge is possible from %s", r.DueAt.UTC().Format(time.RFC3339))
}

// RetentionStore keeps retention settings and carries out purges.
type RetentionStore interface {
	Retention(ctx context.Context, contestID int64) (Retention, error)
	SetRetention(ctx context.Context, contestID int64, days int) error
	PurgeFiles(ctx context.Context, contestID int64) ([]PurgeFile, error)
	PurgeExports(ctx context.Context, contestID int64) ([]PurgeExport, error)
	PurgeCounts(ctx context.Context, contestID int64) (PurgeCounts, error)
	// Purge removes the records of the plan and marks the contest purged,
	// with its audit line.
	Purge(ctx context.Context, contestID int64, audit AuditEntry) error
	// RetentionDue lists the contests whose period is over and whose
	// organizers were not told, with the organizers' addresses.
	RetentionDue(ctx context.Context, now time.Time) ([]DueContest, error)
	MarkRetentionNotified(ctx context.Context, contestID int64) error
}

// DueContest is a contest whose organizers must be asked to purge.
type DueContest struct {
	ContestID  int64    `db:"contest_id"`
	Slug       string   `db:"slug"`
	Title      string   `db:"title"`
	Days       int      `db:"days"`
	Organizers []string `db:"-"`
}

// RetentionInput sets a contest's retention period (0 removes it).
type RetentionInput struct {
	Days int `json:"days"`
}

// ContestRetention reads a contest's retention (organizers).
func (s *Contests) ContestRetention(ctx context.Context, u User, slug string) (Retention, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return Retention{}, err
	}
	r, err := s.Retention.Retention(ctx, c.ID)
	return DescribeRetention(c, r, s.now()), err
}

// SetContestRetention sets a contest's retention period (organizers;
// audited).
func (s *Contests) SetContestRetention(ctx context.Context, u User, slug string, in RetentionInput) (Retention, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return Retention{}, err
	}
	if in.Days < 0 || in.Days > 3650 {
		return Retention{}, Invalid(map[string]string{"days": "must be between 1 and 3650, or 0 for none"})
	}
	if err := s.Retention.SetRetention(ctx, c.ID, in.Days); err != nil {
		return Retention{}, err
	}
	if err := s.Store.AddAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "retention.set",
		ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(in)}); err != nil {
		return Retention{}, err
	}
	return s.ContestRetention(ctx, u, slug)
}

// PurgeDryRun lists what a purge of the contest would remove now.
func (s *Contests) PurgeDryRun(ctx context.Context, u User, slug string) (PurgePlan, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return PurgePlan{}, err
	}
	return s.purgePlan(ctx, c)
}

func (s *Contests) purgePlan(ctx context.Context, c Contest) (PurgePlan, error) {
	r, err := s.Retention.Retention(ctx, c.ID)
	if err != nil {
		return PurgePlan{}, err
	}
	p := PurgePlan{Retention: DescribeRetention(c, r, s.now())}
	p.Allowed = PurgeAllowed(p.Retention) == nil
	if p.Files, err = s.Retention.PurgeFiles(ctx, c.ID); err != nil {
		return PurgePlan{}, err
	}
	for _, f := range p.Files {
		p.Bytes += f.Size
	}
	if p.Exports, err = s.Retention.PurgeExports(ctx, c.ID); err != nil {
		return PurgePlan{}, err
	}
	p.Counts, err = s.Retention.PurgeCounts(ctx, c.ID)
	return p, err
}

// PurgeInput confirms a purge: the contest's slug typed again.
type PurgeInput struct {
	Confirm string `json:"confirm"`
}

// Purge removes the contest's files and personal data once its retention
// period is over (organizers; audited with counts).
func (s *Contests) Purge(ctx context.Context, u User, slug string, in PurgeInput) (PurgePlan, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return PurgePlan{}, err
	}
	if strings.TrimSpace(in.Confirm) != c.Slug {
		return PurgePlan{}, Invalid(map[string]string{"confirm": "must be the contest's address (" + c.Slug + ")"})
	}
	p, err := s.purgePlan(ctx, c)
	if err != nil {
		return PurgePlan{}, err
	}
	if err := PurgeAllowed(p.Retention); err != nil {
		return PurgePlan{}, err
	}
	for _, f := range p.Files {
		if f.UploadKind == "multipart" && f.Status == FilePending && f.UploadID != "" {
			if err := s.Blob.AbortMultipart(ctx, f.ObjectKey, f.UploadID); err != nil && ErrorCode(err) != CodeNotFound {
				return PurgePlan{}, fmt.Errorf("purge: abort upload: %w", err)
			}
		}
		for _, key := range ObjectKeys(f.ObjectKey) {
			if err := s.Blob.Delete(ctx, key); err != nil {
				return PurgePlan{}, fmt.Errorf("purge: %w", err)
			}
		}
	}
	for _, e := range p.Exports {
		key := e.ObjectKey
		if key == "" {
			key = ExportKey(Export{ID: e.ID, ContestID: e.ContestID, Kind: e.Kind})
		}
		if err := s.Blob.Delete(ctx, key); err != nil {
			return PurgePlan{}, fmt.Errorf("purge: %w", err)
		}
	}
	detail := map[string]any{"files": len(p.Files), "bytes": p.Bytes, "counts": p.Counts}
	if err := s.Retention.Purge(ctx, c.ID, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "retention.purge",
		ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(detail)}); err != nil {
		return PurgePlan{}, err
	}
	return p, nil
}

// RemindRetention e-mails the organizers of every contest whose retention
// period is over (once per contest), through the outbox; the job calls it.
// It returns how many contests it told.
func (s *Contests) RemindRetention(ctx context.Context) (int, error) {
	due, err := s.Retention.RetentionDue(ctx, s.now())
	if err != nil {
		return 0, err
	}
	for i, d := range due {
		to := link(s.PublicURL, "/organize/"+url.PathEscape(d.Slug), url.Values{"tab": {"retention"}})
		if err := s.sendMail(ctx, d.Organizers, func(addr, lang string) Email {
			return localMail(lang, mailRetention, addr, d.Title, d.Days, "", "", to)
		}); err != nil {
			return i, err
		}
		if err := s.Retention.MarkRetentionNotified(ctx, d.ContestID); err != nil {
			return i, err
		}
		if err := s.Store.AddAudit(ctx, AuditEntry{ContestID: d.ContestID, Action: "retention.remind",
			ObjectType: "contest", ObjectID: d.Slug, Detail: mustJSON(map[string]any{"organizers": len(d.Organizers), "days": strconv.Itoa(d.Days)})}); err != nil {
			return i, err
		}
	}
	return len(due), nil
}
