package apiclient

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/store"
)

// Route labels given to Observe, one per API operation a scenario measures.
const (
	RouteRegister  = "register"
	RouteLogin     = "login"
	RouteDeclare   = "declare file"
	RouteS3Post    = "S3 presigned POST"
	RouteComplete  = "complete file"
	RouteSubmit    = "submit"
	RouteSaveScore = "save score"
	RouteProgress  = "read progress"
	RouteOther     = "other"
)

// Password is the password of every account the scenarios create.
const Password = "a-long-password-for-tests"

// SignUp registers an account and logs it in.
func (c *Client) SignUp(ctx context.Context, email, name, organization string) error {
	in := domain.RegisterInput{Email: email, Password: Password, Name: name, Organization: organization}
	if err := c.Call(ctx, RouteRegister, 201, "POST", "auth/register", in, nil); err != nil {
		return err
	}
	return c.Login(ctx, email, Password)
}

// VerifyFromOutbox confirms the address of an account registered by
// SignUp with the verification link the server queued for it, read from
// the outbox (tests and load scenarios: nobody reads these mailboxes).
func (c *Client) VerifyFromOutbox(ctx context.Context, st *store.Store, email string) error {
	m, err := st.LatestMailTo(ctx, email)
	if err != nil {
		return fmt.Errorf("verification e-mail to %s: %w", email, err)
	}
	_, rest, ok := strings.Cut(m.Body, "/verify/")
	if !ok {
		return fmt.Errorf("no verification link in the last e-mail to %s (%q)", email, m.Subject)
	}
	token, _, _ := strings.Cut(rest, "\n")
	return c.Call(ctx, RouteOther, 200, "POST", "auth/verify", map[string]string{"token": strings.TrimSpace(token)}, nil)
}

// Login opens a session and keeps its CSRF token.
func (c *Client) Login(ctx context.Context, email, password string) error {
	var out struct {
		User      domain.User `json:"user"`
		CSRFToken string      `json:"csrf_token"`
	}
	if err := c.Call(ctx, RouteLogin, 200, "POST", "auth/login", map[string]string{"email": email, "password": password}, &out); err != nil {
		return err
	}
	c.mu.Lock()
	c.csrf = out.CSRFToken
	c.mu.Unlock()
	return nil
}

// Me returns the signed-in user.
func (c *Client) Me(ctx context.Context) (domain.User, error) {
	var out struct {
		User domain.User `json:"user"`
	}
	err := c.Call(ctx, RouteOther, 200, "GET", "me", nil, &out)
	return out.User, err
}

// PDFSlot is the file slot of the scenario contests: a required PDF.
const PDFSlot = "deck"

// ContestInput is an open contest (registration and submissions open now,
// deadline in two days) with two tracks, one required URL field and one
// required PDF slot of up to maxBytes.
func ContestInput(slug string, maxBytes int64) domain.ContestInput {
	now := time.Now().UTC()
	return domain.ContestInput{
		Slug: slug, Status: domain.ContestOpen, Title: "Load " + slug, Description: "A contest made by a test or a load scenario.",
		Timezone: "UTC", MaxTeamSize: 3,
		RegistrationOpensAt: now.Add(-time.Hour).Format(time.RFC3339),
		SubmissionOpensAt:   now.Add(-time.Hour).Format(time.RFC3339),
		SubmissionDeadline:  now.Add(48 * time.Hour).Format(time.RFC3339),
		Tracks:              []domain.TrackInput{{Slug: "energy", Title: "Energy"}, {Slug: "health", Title: "Health"}},
		Form:                []domain.FormField{{Key: "repo", Label: "Repository", Type: domain.FieldURL, Required: true}},
		Files:               []domain.FileSlot{{Key: PDFSlot, Label: "Deck", Required: true, MaxBytes: maxBytes, Types: []string{".pdf"}}},
	}
}

// CreateContest creates a contest (platform admins only).
func (c *Client) CreateContest(ctx context.Context, in domain.ContestInput) (domain.Contest, error) {
	var out domain.Contest
	err := c.Call(ctx, RouteOther, 201, "POST", "contests", in, &out)
	return out, err
}

// AddMember makes the account with e-mail an organizer or judge of a contest.
func (c *Client) AddMember(ctx context.Context, slug, email string, role domain.Role) error {
	in := domain.MemberInput{Email: email, Role: role, Organization: "Jury of " + email}
	return c.Call(ctx, RouteOther, 201, "POST", "contests/"+slug+"/members", in, nil)
}

// CreateTeam creates a team with the caller as captain.
func (c *Client) CreateTeam(ctx context.Context, slug, name, track string) (domain.Team, error) {
	var out domain.Team
	err := c.Call(ctx, RouteOther, 201, "POST", "contests/"+slug+"/teams", map[string]string{"name": name, "track": track}, &out)
	return out, err
}

// SaveDraft saves a draft that fills the scenario contest's form.
func (c *Client) SaveDraft(ctx context.Context, teamID int64, title string) error {
	in := domain.DraftInput{Title: title, Abstract: "An entry.", Fields: map[string]string{"repo": "https://git.example.org/entry"}}
	return c.Call(ctx, RouteOther, 200, "PUT", fmt.Sprintf("teams/%d/submission", teamID), in, nil)
}

// PDF returns n bytes that start like a PDF, the last eight varying with seed
// so that every upload has its own SHA-256.
func PDF(n int, seed uint64) []byte {
	b := make([]byte, n)
	copy(b, "%PDF-1.7\n")
	for i := 9; i < n; i++ {
		b[i] = byte(i*31 + i>>8)
	}
	Reseed(b, seed)
	return b
}

// Reseed rewrites the last eight bytes of a PDF from PDF with seed, making
// it PDF(len(b), seed) without allocating.
func Reseed(b []byte, seed uint64) {
	for i := 0; i < 8 && len(b)-1-i >= 9; i++ {
		b[len(b)-1-i] = byte(seed >> (8 * i))
	}
}

// UploadFile declares a file in a slot, posts it to the object store with
// the presigned form and completes it: the three steps of a browser upload.
func (c *Client) UploadFile(ctx context.Context, teamID int64, slot, filename string, content []byte) (domain.SubmissionFile, error) {
	sum := sha256.Sum256(content)
	in := domain.FileInput{Slot: slot, Filename: filename, Size: int64(len(content)), ContentType: "application/pdf", SHA256: hex.EncodeToString(sum[:])}
	var nf domain.NewFile
	if err := c.Call(ctx, RouteDeclare, 201, "POST", fmt.Sprintf("teams/%d/submission/files", teamID), in, &nf); err != nil {
		return domain.SubmissionFile{}, err
	}
	if nf.Upload.Method != "POST" {
		return domain.SubmissionFile{}, fmt.Errorf("declare file: got a %s upload, want POST", nf.Upload.Method)
	}
	if err := c.PostForm(ctx, RouteS3Post, nf.Upload.URL, nf.Upload.Fields, content); err != nil {
		return domain.SubmissionFile{}, err
	}
	var f domain.SubmissionFile
	err := c.Call(ctx, RouteComplete, 200, "POST", fmt.Sprintf("teams/%d/submission/files/%s/complete", teamID, nf.FileID), map[string]any{}, &f)
	return f, err
}

// Submit submits the draft as a new version, with an idempotency key when
// one is given, and returns the receipt.
func (c *Client) Submit(ctx context.Context, teamID int64, idemKey string) (domain.Receipt, error) {
	var out struct {
		Receipt domain.Receipt `json:"receipt"`
	}
	var headers []string
	if idemKey != "" {
		headers = []string{"Idempotency-Key", idemKey}
	}
	err := c.Call(ctx, RouteSubmit, 201, "POST", fmt.Sprintf("teams/%d/submission/submit", teamID), map[string]any{}, &out, headers...)
	return out.Receipt, err
}

// Rubric is the scenario rounds' rubric: two criteria scored 1 to 10.
var Rubric = []domain.RubricItem{
	{ID: "innovation", Label: "Innovation", Weight: 2, Min: 1, Max: 10},
	{ID: "impact", Label: "Impact", Weight: 1, Min: 1, Max: 10},
}

// CreateRound defines a round of k judges per entry over every submitted
// entry of the contest, and runs the assignment.
func (c *Client) CreateRound(ctx context.Context, slug string, k int) (domain.Round, error) {
	in := domain.RoundInput{Name: "Preliminary", Rubric: Rubric, JudgesPerEntry: k, Method: "mean",
		ClosesAt: time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)}
	var r domain.Round
	if err := c.Call(ctx, RouteOther, 201, "POST", "contests/"+slug+"/rounds", in, &r); err != nil {
		return r, err
	}
	return r, c.Call(ctx, RouteOther, 200, "POST", fmt.Sprintf("rounds/%d/assign", r.ID), map[string]any{}, nil)
}

// MyAssignments lists the caller's active assignments as a judge.
func (c *Client) MyAssignments(ctx context.Context) ([]domain.Assignment, error) {
	var out []domain.Assignment
	err := c.Call(ctx, RouteOther, 200, "GET", "me/assignments", nil, &out)
	return out, err
}

// SaveScore saves a draft score sheet for an assignment.
func (c *Client) SaveScore(ctx context.Context, assignmentID int64, innovation, impact float64) error {
	in := domain.ScoreInput{Values: map[string]float64{"innovation": innovation, "impact": impact}, Comment: "Solid work."}
	return c.Call(ctx, RouteSaveScore, 200, "PUT", fmt.Sprintf("assignments/%d/score", assignmentID), in, nil)
}

// WithToken creates a personal API token of the signed-in user, named
// name, and returns a client of the same servers that authenticates with it
// alone (no cookies), as a script does.
func (c *Client) WithToken(ctx context.Context, name string) (*Client, error) {
	var out struct {
		Token string `json:"token"`
	}
	if err := c.Call(ctx, RouteOther, 201, "POST", "me/tokens", map[string]string{"name": name}, &out); err != nil {
		return nil, err
	}
	return &Client{HTTP: c.HTTP, IP: c.IP, Observe: c.Observe, Token: out.Token, lb: c.lb, cookies: map[string]string{}}, nil
}

// Progress reads a round's progress (organizers).
func (c *Client) Progress(ctx context.Context, roundID int64) (domain.Progress, error) {
	var out domain.Progress
	err := c.Call(ctx, RouteProgress, 200, "GET", fmt.Sprintf("rounds/%d/progress", roundID), nil, &out)
	return out, err
}
