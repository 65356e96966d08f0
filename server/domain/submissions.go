package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Submission is a team's editable draft plus its submitted versions.
type Submission struct {
	ID             int64             `json:"id" db:"id"`
	TeamID         int64             `json:"team_id" db:"team_id"`
	ContestID      int64             `json:"contest_id" db:"contest_id"`
	Title          string            `json:"title" db:"title"`
	Abstract       string            `json:"abstract" db:"abstract"`
	Fields         map[string]string `json:"fields" db:"-"`
	CurrentVersion int               `json:"current_version" db:"current_version"`
	UpdatedAt      time.Time         `json:"updated_at" db:"updated_at"`
	Files          []SubmissionFile  `json:"files" db:"-"`
	Deadline       time.Time         `json:"deadline" db:"-"`
	Versions       []VersionSummary  `json:"versions" db:"-"`
}

// File states.
const (
	FilePending   = "pending"
	FileStored    = "stored"
	FileReplaced  = "replaced"
	FileRejected  = "rejected"
	FileAbandoned = "abandoned"
	// FileDeleted: the cleanup job removed the object (the file was
	// abandoned, left pending too long, or replaced and in no version).
	FileDeleted = "deleted"
)

// SubmissionFile is one uploaded (or uploading) file.
type SubmissionFile struct {
	ID           string `json:"id" db:"id"`
	SubmissionID int64  `json:"-" db:"submission_id"`
	Slot         string `json:"slot" db:"slot"`
	Filename     string `json:"filename" db:"filename"`
	Size         int64  `json:"size" db:"size"`
	ContentType  string `json:"content_type" db:"content_type"`
	// SHA256 is the declared SHA-256 while the upload is pending, then
	// the stored file's; empty while its fingerprint is pending (a
	// multipart upload, hashed by a background job after its completion).
	SHA256      string     `json:"sha256" db:"sha256"`
	ObjectKey   string     `json:"-" db:"object_key"`
	UploadKind  string     `json:"upload_kind" db:"upload_kind"`
	UploadID    string     `json:"-" db:"upload_id"`
	Status      string     `json:"status" db:"status"`
	CreatedBy   int64      `json:"-" db:"created_by"`
	CreatedAt   time.Time  `json:"created_at" db:"created_at"`
	CompletedAt *time.Time `json:"completed_at" db:"completed_at"`
	TeamID      int64      `json:"-" db:"team_id"`
	ContestID   int64      `json:"-" db:"contest_id"`
	// Check is the entry check of a draft's file once it has run (the
	// team's view of it).
	Check *FileCheck `json:"check,omitempty" db:"-"`
}

// ReceiptFile is a file as recorded in a version.
type ReceiptFile struct {
	FileID   string `json:"file_id"`
	Slot     string `json:"slot"`
	Filename string `json:"filename"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
	// SHA256Pending is true when the file's fingerprint was still being
	// computed at the submit: SHA256 is then empty, and the receipt's view
	// shows the fingerprint recorded since (ReceiptView.Fingerprints).
	// Left out otherwise, so that earlier receipts keep their digest.
	SHA256Pending bool `json:"sha256_pending,omitempty"`
	// Warnings are the entry check's findings the team saw when it
	// submitted ("code: message"); left out when there are none, so that
	// receipts recorded before checks existed keep their digest.
	Warnings []string `json:"warnings,omitempty"`
}

// Receipt is the proof of a final submission. Digest is the SHA-256 of the
// canonical JSON of every other field, so anyone can recompute it.
type Receipt struct {
	SubmissionID int64             `json:"submission_id"`
	TeamID       int64             `json:"team_id"`
	Version      int               `json:"version"`
	SubmittedAt  time.Time         `json:"submitted_at"`
	Title        string            `json:"title"`
	Abstract     string            `json:"abstract"`
	Fields       map[string]string `json:"fields"`
	Files        []ReceiptFile     `json:"files"`
	Digest       string            `json:"digest"`
}

// VersionSummary lists a version without its content.
type VersionSummary struct {
	Version     int       `json:"version" db:"version"`
	SubmittedAt time.Time `json:"submitted_at" db:"submitted_at"`
	Digest      string    `json:"digest" db:"digest"`
}

// ComputeDigest returns the receipt digest: SHA-256 over the canonical JSON
// (Go's encoding, map keys sorted) of the receipt with an empty digest.
func ComputeDigest(r Receipt) string {
	r.Digest = ""
	b, _ := json.Marshal(r)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// DraftInput is the editable part of a submission.
type DraftInput struct {
	Title    string            `json:"title"`
	Abstract string            `json:"abstract"`
	Fields   map[string]string `json:"fields"`
}

// SubmissionStore persists drafts, files and versions.
type SubmissionStore interface {
	SubmissionByTeam(ctx context.Context, teamID int64) (Submission, error)
	SaveDraft(ctx context.Context, teamID int64, in DraftInput) error
	// CreateFile records a declared file in the draft of f.TeamID (not
	// found when the team has no submission).
	CreateFile(ctx context.Context, f SubmissionFile) error
	FileByID(ctx context.Context, id string) (SubmissionFile, error)
	// StoreFile makes a pending file the slot's current one in the draft
	// and returns it; a file no longer pending is returned as it is.
	// With fingerprintPending the file's SHA-256 is cleared (see
	// RecordFileDigests).
	StoreFile(ctx context.Context, id string, fingerprintPending bool) (SubmissionFile, error)
	// RecordFileDigests records the SHA-256 of a stored file whose
	// fingerprint is pending (a file that has one keeps it), with the
	// CRC-32 read in the same pass (a ZIP download checks it), and returns
	// the SHA-256 the file has now.
	RecordFileDigests(ctx context.Context, id, sha256Hex string, crc uint32) (string, error)
	SetFileStatus(ctx context.Context, id, status string) error
	DraftFiles(ctx context.Context, submissionID int64) ([]SubmissionFile, error)
	// ReadDraft reads the team's draft for a submit, with its stored
	// files, its revision and the version already made with idemKey.
	ReadDraft(ctx context.Context, teamID int64, idemKey string) (DraftRead, error)
	// RecordVersionIf records w's version with its e-mails atomically, only
	// if the draft is still at w.DraftRevision and at the version before,
	// and reports whether it did.
	RecordVersionIf(ctx context.Context, w VersionWrite) (bool, error)
	Versions(ctx context.Context, submissionID int64) ([]VersionSummary, error)
	Version(ctx context.Context, submissionID int64, version int) (Receipt, error)
	// CleanupFiles lists, oldest first, the files whose objects the cleanup
	// job removes: pending since before stalePendingBefore, abandoned, and
	// replaced ones that no version includes.
	CleanupFiles(ctx context.Context, stalePendingBefore time.Time, limit int) ([]SubmissionFile, error)
	// AbandonStaleUpload marks a pending file abandoned; false when it is
	// no longer pending.
	AbandonStaleUpload(ctx context.Context, id string) (bool, error)
	// UploadUsage lists the team's files whose objects may be in the
	// bucket, and every file it declared since since.
	UploadUsage(ctx context.Context, teamID int64, since time.Time) ([]FileUsage, error)
	// AbandonSuperseded marks abandoned the pending uploads of userID to
	// the slot of the team's draft, other than keepID.
	AbandonSuperseded(ctx context.Context, teamID int64, slot string, userID int64, keepID string) error
}

// Email is a message for the outbox.
type Email struct {
	To      string
	Subject string
	Body    string
}

// Submission returns a team's draft with its files and versions.
func (s *Contests) Submission(ctx context.Context, u User, teamID int64) (Submission, error) {
	t, c, err := s.teamFor(ctx, u, teamID)
	if err != nil {
		return Submission{}, err
	}
	return s.loadSubmission(ctx, t, c)
}

func (s *Contests) loadSubmission(ctx context.Context, t Team, c Contest) (Submission, error) {
	sub, err := s.Subs.SubmissionByTeam(ctx, t.ID)
	if err != nil {
		return Submission{}, err
	}
	if sub.Files, err = s.Subs.DraftFiles(ctx, sub.ID); err != nil {
		return Submission{}, err
	}
	if sub.Versions, err = s.Subs.Versions(ctx, sub.ID); err != nil {
		return Submission{}, err
	}
	ids := make([]string, 0, len(sub.Files))
	for _, f := range sub.Files {
		ids = append(ids, f.ID)
	}
	checks, err := s.fileChecks(ctx, ids, false)
	if err != nil {
		return Submission{}, err
	}
	for i, f := range sub.Files {
		if ch, ok := checks[f.ID]; ok {
			sub.Files[i].Check = &ch
		}
	}
	sub.Deadline = effectiveDeadline(c, t)
	return sub, nil
}

// writableTeam loads a team u belongs to and checks the deadline: after the
// team's effective deadline every write is too_late and changes nothing.
func (s *Contests) writableTeam(ctx context.Context, u User, teamID int64) (Team, Contest, error) {
	t, c, err := s.teamFor(ctx, u, teamID)
	if err != nil {
		return Team{}, Contest{}, err
	}
	if !t.HasMember(u.ID) {
		return Team{}, Contest{}, Errorf(CodeForbidden, "only the team's members may edit its submission")
	}
	now := s.now()
	if now.Before(c.SubmissionOpensAt) {
		return Team{}, Contest{}, Errorf(CodeForbidden, "submissions open on %s", c.wallTime(c.SubmissionOpensAt))
	}
	if deadline := effectiveDeadline(c, t); !now.Before(deadline) {
		return Team{}, Contest{}, Errorf(CodeTooLate, "the deadline (%s) has passed; the last version submitted before it is the one judged", c.wallTime(deadline))
	}
	return t, c, nil
}

var urlPattern = regexp.MustCompile(`^https?://`)

// checkAnswers validates form answers against the contest's form; with
// final, required answers must be present.
func checkAnswers(f Fields, c Contest, answers map[string]string, final bool) map[string]string {
	out := map[string]string{}
	known := map[string]bool{}
	for _, ff := range c.Form {
		known[ff.Key] = true
		key := "fields." + ff.Key
		v := strings.TrimSpace(answers[ff.Key])
		if v == "" {
			if final && ff.Required {
				f.Add(key, "is required")
			}
			continue
		}
		switch {
		case !StorableText(v):
			f.Add(key, "must be valid UTF-8 without NUL characters")
		case utf8.RuneCountInString(v) > maxFieldAnswer:
			f.Add(key, fmt.Sprintf("must be at most %d characters", maxFieldAnswer))
		case ff.Type == FieldText && strings.ContainsAny(v, "\r\n"):
			f.Add(key, "must be a single line")
		case ff.Type == FieldURL && !validURL(v):
			f.Add(key, "must be an http or https URL")
		case ff.Type == FieldSelect && !contains(ff.Options, v):
			f.Add(key, "must be one of the listed options")
		}
		out[ff.Key] = v
	}
	for k := range answers {
		if !known[k] {
			f.Add("fields."+k, "is not a field of this contest's form")
		}
	}
	return out
}

func validURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && urlPattern.MatchString(v) && u.Host != ""
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// SaveDraft stores the draft's title, abstract and answers.
func (s *Contests) SaveDraft(ctx context.Context, u User, teamID int64, in DraftInput) (Submission, error) {
	t, c, err := s.writableTeam(ctx, u, teamID)
	if err != nil {
		return Submission{}, err
	}
	f := Fields{}
	in.Title = strings.TrimSpace(in.Title)
	if utf8.RuneCountInString(in.Title) > maxTitleRunes || !StorableText(in.Title) {
		f.Add("title", fmt.Sprintf("must be valid text of at most %d characters", maxTitleRunes))
	}
	in.Abstract = strings.TrimSpace(in.Abstract)
	if utf8.RuneCountInString(in.Abstract) > maxAbstractRune || !StorableText(in.Abstract) {
		f.Add("abstract", fmt.Sprintf("must be valid text of at most %d characters", maxAbstractRune))
	}
	in.Fields = checkAnswers(f, c, in.Fields, false)
	if err := f.Err(); err != nil {
		return Submission{}, err
	}
	if err := s.Subs.SaveDraft(ctx, teamID, in); err != nil {
		return Submission{}, err
	}
	return s.loadSubmission(ctx, t, c)
}

// Submit records the draft as the next immutable version and returns its
// receipt. A retry with the same idempotency key returns the same receipt.
func (s *Contests) Submit(ctx context.Context, u User, teamID int64, idemKey string) (Receipt, error) {
	t, c, err := s.writableTeam(ctx, u, teamID)
	if err != nil {
		return Receipt{}, err
	}
	if len(idemKey) > 200 {
		return Receipt{}, Invalid(map[string]string{"Idempotency-Key": "must be at most 200 characters"})
	}
	if err := s.throttle("submit", u, s.Uploads.Submit, "too many submissions"); err != nil {
		return Receipt{}, err
	}
	now := s.now()
	return optimistic(ctx, "the draft", func(lost bool) (Receipt, bool, error) {
		d, err := s.Subs.ReadDraft(ctx, teamID, idemKey)
		if err != nil {
			return Receipt{}, false, err
		}
		if d.Existing != nil {
			return *d.Existing, true, nil // a retry with the same key
		}
		warnings, err := s.fileWarnings(ctx, d.Files)
		if err != nil {
			return Receipt{}, false, err
		}
		r, err := BuildReceipt(c, teamID, d.Draft, d.Files, warnings, now)
		if err != nil {
			return Receipt{}, false, err
		}
		if lost && d.Draft.CurrentVersion > 0 {
			// An overlapping submit (a double click, a retry without its key)
			// recorded a version meanwhile: if it holds what this one would,
			// it is this submit's answer, not a reason for a copy.
			latest, err := s.Subs.Version(ctx, d.Draft.ID, d.Draft.CurrentVersion)
			if err != nil {
				return Receipt{}, false, err
			}
			if SameEntry(latest, r) {
				return latest, true, nil
			}
		}
		written, err := s.Subs.RecordVersionIf(ctx, VersionWrite{Receipt: r, Emails: ReceiptEmails(c, t, r), SubmittedBy: u.ID,
			IdempotencyKey: idemKey, DraftRevision: d.Revision})
		return r, written, err
	})
}

// BuildReceipt makes the receipt of the next version of draft (team
// teamID's, in contest c) from its stored files, with their check findings
// (warnings, by file id), submitted at now: invalid, naming each field,
// without a title, without a required answer (see checkAnswers) or without
// a required file.
func BuildReceipt(c Contest, teamID int64, draft Submission, files []SubmissionFile, warnings map[string][]string, now time.Time) (Receipt, error) {
	f := Fields{}
	if draft.Title == "" {
		f.Add("title", "is required")
	}
	fields := checkAnswers(f, c, draft.Fields, true)
	bySlot := map[string]SubmissionFile{}
	for _, file := range files {
		if file.Status == FileStored {
			bySlot[file.Slot] = file
		}
	}
	rf := []ReceiptFile{} // a contest without file slots: [], as stored and read back
	for _, slot := range c.Files {
		file, ok := bySlot[slot.Key]
		if !ok {
			if slot.Required {
				f.Add("files."+slot.Key, "a file is required")
			}
			continue
		}
		rf = append(rf, ReceiptFile{FileID: file.ID, Slot: slot.Key, Filename: file.Filename, Size: file.Size, SHA256: file.SHA256,
			SHA256Pending: file.SHA256 == "", Warnings: warnings[file.ID]})
	}
	if err := f.Err(); err != nil {
		return Receipt{}, err
	}
	sort.Slice(rf, func(i, j int) bool { return rf[i].Slot < rf[j].Slot })
	r := Receipt{SubmissionID: draft.ID, TeamID: teamID, Version: draft.CurrentVersion + 1, SubmittedAt: now.UTC().Truncate(time.Microsecond),
		Title: draft.Title, Abstract: draft.Abstract, Fields: fields, Files: rf}
	r.Digest = ComputeDigest(r)
	return r, nil
}

// SameEntry reports whether two receipts record the same entry (title,
// abstract, answers and files), whatever their versions and times.
func SameEntry(a, b Receipt) bool {
	a.Version, a.SubmittedAt, a.Digest = 0, time.Time{}, ""
	b.Version, b.SubmittedAt, b.Digest = 0, time.Time{}, ""
	return ComputeDigest(a) == ComputeDigest(b)
}

// ReceiptEmails are the receipt e-mails of version r to every member of t.
func ReceiptEmails(c Contest, t Team, r Receipt) []Email {
	var mails []Email
	for _, m := range t.Members {
		mails = append(mails, receiptEmail(m.Email, c, t, r))
	}
	return mails
}

func receiptEmail(to string, c Contest, t Team, r Receipt) Email {
	var b strings.Builder
	fmt.Fprintf(&b, "Your team %q submitted version %d of %q to %s.\n\n", t.Name, r.Version, r.Title, c.Title)
	fmt.Fprintf(&b, "Submitted at: %s (%s)\n", r.SubmittedAt.In(c.Location()).Format(time.RFC1123Z), c.Timezone)
	for _, f := range r.Files {
		if f.SHA256Pending {
			fmt.Fprintf(&b, "File %s: %s, %d bytes, stored; SHA-256 still being computed (see the receipt page)\n", f.Slot, f.Filename, f.Size)
		} else {
			fmt.Fprintf(&b, "File %s: %s, %d bytes, SHA-256 %s\n", f.Slot, f.Filename, f.Size, f.SHA256)
		}
		for _, w := range f.Warnings {
			fmt.Fprintf(&b, "  Check: %s\n", w)
		}
	}
	fmt.Fprintf(&b, "\nReceipt digest: %s\n", r.Digest)
	return Email{To: to, Subject: fmt.Sprintf("[%s] Submission receipt, version %d", c.Title, r.Version), Body: b.String()}
}

// Versions lists a team's submitted versions.
func (s *Contests) Versions(ctx context.Context, u User, teamID int64) ([]VersionSummary, error) {
	if _, _, err := s.teamFor(ctx, u, teamID); err != nil {
		return nil, err
	}
	sub, err := s.Subs.SubmissionByTeam(ctx, teamID)
	if err != nil {
		return nil, err
	}
	return s.Subs.Versions(ctx, sub.ID)
}

// ReceiptView is a receipt with what a person needs to read it: the team,
// the contest (its time zone for the time) and the labels of the form's
// questions and file slots. Only Receipt is covered by the digest.
type ReceiptView struct {
	Receipt Receipt `json:"receipt"`
	// Checks are the entry checks of the version's files, by file id, as
	// they stand now (organizers see every finding, the team its own).
	Checks map[string]FileCheck `json:"checks"`
	// Fingerprints are the SHA-256 of the receipt's files whose
	// fingerprint was pending at the submit, by file id, once computed
	// (a file still pending is not in it).
	Fingerprints map[string]string `json:"fingerprints"`
	Team         ReceiptTeam       `json:"team"`
	Contest      ReceiptContest    `json:"contest"`
}

// ReceiptTeam names the team of a receipt.
type ReceiptTeam struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Track string `json:"track"` // the track's title
}

// ReceiptContest describes the contest of a receipt.
type ReceiptContest struct {
	Slug     string  `json:"slug"`
	Title    string  `json:"title"`
	Timezone string  `json:"timezone"`
	Form     []Label `json:"form"`  // the questions, in the form's order
	Files    []Label `json:"files"` // the file slots, in order
}

// Label is the label of a form question or a file slot.
type Label struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// Version returns the receipt of one version, with its team and contest.
func (s *Contests) Version(ctx context.Context, u User, teamID int64, version int) (ReceiptView, error) {
	t, c, err := s.teamFor(ctx, u, teamID)
	if err != nil {
		return ReceiptView{}, err
	}
	sub, err := s.Subs.SubmissionByTeam(ctx, teamID)
	if err != nil {
		return ReceiptView{}, err
	}
	r, err := s.Subs.Version(ctx, sub.ID, version)
	if err != nil {
		return ReceiptView{}, err
	}
	ids := make([]string, 0, len(r.Files))
	for _, f := range r.Files {
		ids = append(ids, f.FileID)
	}
	checks, err := s.fileChecks(ctx, ids, !t.HasMember(u.ID))
	if err != nil {
		return ReceiptView{}, err
	}
	fingerprints := map[string]string{}
	for _, rf := range r.Files {
		if !rf.SHA256Pending {
			continue
		}
		f, err := s.Subs.FileByID(ctx, rf.FileID)
		if err != nil {
			return ReceiptView{}, err
		}
		if f.SHA256 != "" {
			fingerprints[f.ID] = f.SHA256
		}
	}
	v := ReceiptView{Receipt: r, Checks: checks, Fingerprints: fingerprints, Team: ReceiptTeam{ID: t.ID, Name: t.Name, Track: t.Track},
		Contest: ReceiptContest{Slug: c.Slug, Title: c.Title, Timezone: c.Timezone, Form: []Label{}, Files: []Label{}}}
	if tr, ok := c.TrackBySlug(t.Track); ok {
		v.Team.Track = tr.Title
	}
	for _, f := range c.Form {
		v.Contest.Form = append(v.Contest.Form, Label{Key: f.Key, Label: f.Label})
	}
	for _, f := range c.Files {
		v.Contest.Files = append(v.Contest.Files, Label{Key: f.Key, Label: f.Label})
	}
	return v, nil
}

// DraftRead is a team's draft as a submit reads it: the draft, its stored
// files, its revision, and the version already recorded under the submit's
// idempotency key (nil if none).
type DraftRead struct {
	Draft    Submission
	Files    []SubmissionFile
	Revision int64
	Existing *Receipt
}

// VersionWrite is a version to record if the draft is still at
// DraftRevision, with its receipt e-mails.
type VersionWrite struct {
	Receipt        Receipt
	Emails         []Email
	SubmittedBy    int64
	IdempotencyKey string
	DraftRevision  int64
}
