package domain

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Personal data. A person downloads everything Podium holds about them
// (MyData) and may erase their account (DeleteAccount). An erasure keeps
// what a contest must keep — a team's submitted versions and the scores
// already counted, which point at the account — under a replaced name
// ("Deleted user 12") and address, and removes the rest: sessions, tokens,
// e-mail links, invitations, roles, team memberships, draft scores, declared
// conflicts and interests, e-mails to the address, and every file the person
// uploaded that no submitted version holds (from the bucket first, then its
// record). A team the person was the only member of and that never
// submitted goes with its draft; a captain hands the captaincy to the
// member who joined first. The audit log records the erasure without the
// person's data, and the person's address is replaced in earlier lines and
// in e-mails to others. docs/personal-data.md is the full list.

// PrivacyStore reads and erases a person's data.
type PrivacyStore interface {
	// PersonalData is the JSON document of everything held about userID.
	PersonalData(ctx context.Context, userID int64) (json.RawMessage, error)
	// ErasureTeams lists the person's teams as an erasure sees them.
	ErasureTeams(ctx context.Context, userID int64) ([]ErasureTeam, error)
	// ErasureFiles lists the files the person uploaded and every file of
	// the teams listed.
	ErasureFiles(ctx context.Context, userID int64, teams []int64) ([]ErasureFile, error)
	// LastOrganizerOf lists the contests of which the person is the only
	// organizer.
	LastOrganizerOf(ctx context.Context, userID int64) ([]string, error)
	// EraseUser carries out the plan in one transaction, with its audit line.
	EraseUser(ctx context.Context, u User, plan ErasurePlan, audit AuditEntry) error
}

// ErasureTeam is one of the person's teams.
type ErasureTeam struct {
	ID        int64   `db:"id"`
	Captain   bool    `db:"captain"`
	Submitted bool    `db:"submitted"`
	Others    []int64 `db:"-"` // the other members, in the order they joined
}

// Goes reports whether the team goes with the erased account: it never
// submitted and has no other member.
func (t ErasureTeam) Goes() bool { return len(t.Others) == 0 && !t.Submitted }

// ErasureFile is a file an erasure may remove.
type ErasureFile struct {
	ID         string `db:"id"`
	ObjectKey  string `db:"object_key"`
	UploadKind string `db:"upload_kind"`
	UploadID   string `db:"upload_id"`
	Status     string `db:"status"`
	TeamID     int64  `db:"team_id"`
	InVersion  bool   `db:"in_version"` // a submitted version holds it
}

// ErasurePlan is what an erasure changes.
type ErasurePlan struct {
	UserID       int64
	Email        string // the address being erased
	ErasedEmail  string
	ErasedName   string
	Name         string           // the name being erased ("" when too short to replace safely)
	DeleteTeams  []int64          // never submitted, no other member
	NewCaptains  map[int64]int64  // team → its new captain
	RemoveFiles  []ErasureFile    // no submitted version holds them
	KeptVersions int              // files kept because a submitted version holds them
	Teams        []int64          // every team left
	Meta         map[string]int64 // counts for the audit line
}

// ErasedName is the name an erased account shows ("Deleted user 12").
func ErasedName(id int64) string { return fmt.Sprintf("Deleted user %d", id) }

// ErasedEmail is the address an erased account keeps: unique, reaching
// nobody (the .invalid top-level domain is reserved).
func ErasedEmail(id int64) string { return fmt.Sprintf("deleted-%d@deleted.invalid", id) }

// PlanErasure decides what erasing account userID removes and keeps: a
// team that never submitted and has no other member goes (with every file
// of it); a team that keeps members gets the member who joined first as
// captain if the person was captain; a submitted team the person was alone
// in stays (its captain is the erased account). A file goes when no
// submitted version holds it and either the person uploaded it or its team
// goes.
func PlanErasure(u User, teams []ErasureTeam, files []ErasureFile) ErasurePlan {
	p := ErasurePlan{UserID: u.ID, Email: u.Email, ErasedEmail: ErasedEmail(u.ID), ErasedName: ErasedName(u.ID),
		NewCaptains: map[int64]int64{}, Teams: []int64{}, DeleteTeams: []int64{}, RemoveFiles: []ErasureFile{}}
	if utf8.RuneCountInString(strings.TrimSpace(u.Name)) >= 3 {
		p.Name = strings.TrimSpace(u.Name)
	}
	for _, t := range teams {
		p.Teams = append(p.Teams, t.ID)
		switch {
		case t.Goes():
			p.DeleteTeams = append(p.DeleteTeams, t.ID)
		case len(t.Others) > 0 && t.Captain:
			p.NewCaptains[t.ID] = t.Others[0]
		}
	}
	for _, f := range files {
		if f.InVersion {
			p.KeptVersions++
			continue
		}
		p.RemoveFiles = append(p.RemoveFiles, f)
	}
	p.Meta = map[string]int64{"teams_left": int64(len(p.Teams)), "teams_deleted": int64(len(p.DeleteTeams)),
		"files_removed": int64(len(p.RemoveFiles)), "files_kept_in_versions": int64(p.KeptVersions)}
	return p
}

// Pattern is a case-insensitive regular expression (PostgreSQL's syntax,
// which agrees with Go's for a quoted literal) matching s.
func Pattern(s string) string {
	if s == "" {
		return ""
	}
	return regexp.QuoteMeta(s)
}

// Privacy implements a person's download and erasure of their data.
type Privacy struct {
	Accounts *Accounts
	Store    PrivacyStore
	Blob     BlobStore
}

// FileLink is a short-lived link to one of the person's files.
type FileLink struct {
	FileID   string    `json:"file_id"`
	Filename string    `json:"filename"`
	URL      string    `json:"url"`
	Expires  time.Time `json:"expires_at"`
}

// PersonalData is what a download gives: the document of everything held,
// and links to the files the person uploaded that are still stored.
type PersonalData struct {
	Data  json.RawMessage `json:"data"`
	Files []FileLink      `json:"file_links"`
}

// MyData gathers everything Podium holds about u.
func (p *Privacy) MyData(ctx context.Context, u User) (PersonalData, error) {
	doc, err := p.Store.PersonalData(ctx, u.ID)
	if err != nil {
		return PersonalData{}, fmt.Errorf("personal data: %w", err)
	}
	var files struct {
		Files []struct {
			ID       string `json:"file_id"`
			Filename string `json:"filename"`
			Status   string `json:"status"`
		} `json:"files"`
	}
	if err := json.Unmarshal(doc, &files); err != nil {
		return PersonalData{}, fmt.Errorf("personal data: %w", err)
	}
	out := PersonalData{Data: doc, Files: []FileLink{}}
	all, err := p.Store.ErasureFiles(ctx, u.ID, nil)
	if err != nil {
		return PersonalData{}, err
	}
	key := map[string]string{}
	for _, f := range all {
		key[f.ID] = f.ObjectKey
	}
	expires := time.Now().Add(downloadLifetime)
	for _, f := range files.Files {
		if f.Status != FileStored && f.Status != FileReplaced || key[f.ID] == "" {
			continue
		}
		url, err := p.Blob.PresignGet(ctx, key[f.ID], AttachmentDisposition(f.Filename), downloadLifetime)
		if err != nil {
			return PersonalData{}, err
		}
		out.Files = append(out.Files, FileLink{FileID: f.ID, Filename: f.Filename, URL: url, Expires: expires})
	}
	return out, nil
}

// DeleteAccountInput confirms an erasure: the account's address typed
// again, and its password when it has one.
type DeleteAccountInput struct {
	Confirm  string `json:"confirm"`
	Password string `json:"password"`
}

// DeleteAccount erases u's account (see the notes above). The last
// organizer of a contest must name another one first.
func (p *Privacy) DeleteAccount(ctx context.Context, u User, in DeleteAccountInput) error {
	f := Fields{}
	if !strings.EqualFold(strings.TrimSpace(in.Confirm), u.Email) {
		f.Add("confirm", "must be the account's e-mail address")
	}
	if err := f.Err(); err != nil {
		return err
	}
	_, hash, err := p.Accounts.Store.UserCredentials(ctx, u.Email)
	if err != nil {
		return fmt.Errorf("delete account: %w", err)
	}
	key := fmt.Sprintf("password:user:%d", u.ID)
	if hash != "" {
		if err := p.Accounts.throttle(key, p.Accounts.Rates.PasswordChange, false); err != nil {
			return err
		}
		if !CheckPassword(hash, in.Password) {
			p.Accounts.failed(key, p.Accounts.Rates.PasswordChange)
			return Invalid(map[string]string{"password": "is wrong"})
		}
	}
	if u.IsAdmin {
		return Errorf(CodeConflict, "a platform admin cannot delete their account: another admin must take the role away first")
	}
	last, err := p.Store.LastOrganizerOf(ctx, u.ID)
	if err != nil {
		return err
	}
	if len(last) > 0 {
		return Errorf(CodeConflict, "you are the only organizer of %s: add another organizer first", strings.Join(last, ", "))
	}
	teams, err := p.Store.ErasureTeams(ctx, u.ID)
	if err != nil {
		return err
	}
	var gone []int64
	for _, t := range teams {
		if t.Goes() {
			gone = append(gone, t.ID)
		}
	}
	files, err := p.Store.ErasureFiles(ctx, u.ID, gone)
	if err != nil {
		return err
	}
	plan := PlanErasure(u, teams, files)
	// Objects first, so that no record outlives its object's removal
	// being attempted; a retry finds the records and removes what is left.
	for _, f := range plan.RemoveFiles {
		if f.UploadKind == "multipart" && f.Status == FilePending && f.UploadID != "" {
			if err := p.Blob.AbortMultipart(ctx, f.ObjectKey, f.UploadID); err != nil && ErrorCode(err) != CodeNotFound {
				return fmt.Errorf("delete account: abort upload: %w", err)
			}
		}
		for _, key := range ObjectKeys(f.ObjectKey) {
			if err := p.Blob.Delete(ctx, key); err != nil {
				return fmt.Errorf("delete account: remove file: %w", err)
			}
		}
	}
	slices.Sort(plan.Teams)
	return p.Store.EraseUser(ctx, u, plan, AuditEntry{ActorID: u.ID, Action: "account.delete", ObjectType: "user",
		ObjectID: fmt.Sprint(u.ID), Detail: mustJSON(plan.Meta)})
}
