package domain

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/google/uuid"
)

// Certificate kinds: a winner's certificate names the award, the entry and
// the team; a participant's the team and entry; a judge's only the contest.
const (
	CertWinner      = "winner"
	CertParticipant = "participant"
	CertJudge       = "judge"
)

// Certificate images: a logo (top of the page) and a signature (above the
// signer's line), PNG or JPEG.
const (
	CertLogo      = "logo"
	CertSignature = "signature"
	// MaxCertImageBytes bounds an uploaded image: it is embedded in every
	// certificate, which should stay small.
	MaxCertImageBytes = 512 << 10
	// maxCertImagePixels bounds an image's decoded size (a tiny PNG can
	// claim a huge canvas).
	maxCertImagePixels = 4000 * 4000
)

// certificateFields are the fields each kind's text may use. The title and
// the signer's line are shared by all kinds, so they may use only the
// fields every kind has.
var certificateFields = map[string][]string{
	CertWinner:      {"name", "award", "entry", "team", "track", "contest", "date"},
	CertParticipant: {"name", "entry", "team", "track", "contest", "date"},
	CertJudge:       {"name", "contest", "date"},
}

// commonCertificateFields are the fields of every kind (the title's and
// the signer's).
var commonCertificateFields = []string{"name", "contest", "date"}

// CertificateFields lists the fields each kind's text may use, for clients.
func CertificateFields() map[string][]string {
	out := map[string][]string{"common": commonCertificateFields}
	for k, v := range certificateFields {
		out[k] = v
	}
	return out
}

// placeholder matches a field in a template text: {name}.
var placeholder = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// CertificateTemplate is a contest's certificate design: a title and one
// text per kind, with {fields}, the signer's line, and optional logo and
// signature images stored in the bucket.
type CertificateTemplate struct {
	ContestID       int64     `json:"-" db:"contest_id"`
	Title           string    `json:"title" db:"title"`
	WinnerText      string    `json:"winner_text" db:"winner_text"`
	ParticipantText string    `json:"participant_text" db:"participant_text"`
	JudgeText       string    `json:"judge_text" db:"judge_text"`
	Signer          string    `json:"signer" db:"signer"`
	LogoKey         string    `json:"-" db:"logo_key"`
	SignatureKey    string    `json:"-" db:"signature_key"`
	Revision        int       `json:"revision" db:"revision"`
	UpdatedAt       time.Time `json:"updated_at" db:"updated_at"`
	// LogoURL and SignatureURL are short-lived links to the images, for the
	// editor's preview (empty without an image).
	LogoURL      string `json:"logo_url,omitempty" db:"-"`
	SignatureURL string `json:"signature_url,omitempty" db:"-"`
	// Fields lists the fields each text may use ("common" for the title and
	// the signer's line).
	Fields map[string][]string `json:"fields" db:"-"`
}

// CertificateTemplateInput is the organizer's edit of the texts.
type CertificateTemplateInput struct {
	Title           string `json:"title"`
	WinnerText      string `json:"winner_text"`
	ParticipantText string `json:"participant_text"`
	JudgeText       string `json:"judge_text"`
	Signer          string `json:"signer"`
}

// DefaultCertificateTemplate is the template of a contest whose organizers
// have not edited one, in the contest's language (ContestLanguage).
func DefaultCertificateTemplate(c Contest) CertificateTemplate {
	if ContestLanguage(c) == LangChinese {
		return CertificateTemplate{
			ContestID:       c.ID,
			Title:           "证书",
			WinnerText:      "在{contest}中以团队{team}的作品《{entry}》荣获{award}。",
			ParticipantText: "以团队{team}的作品《{entry}》参加了{contest}。",
			JudgeText:       "担任{contest}评委。",
			Signer:          "{contest}组委会",
		}
	}
	return CertificateTemplate{
		ContestID:       c.ID,
		Title:           "Certificate",
		WinnerText:      "is awarded {award} in {contest} for the entry “{entry}” of team {team}.",
		ParticipantText: "took part in {contest} with the entry “{entry}” of team {team}.",
		JudgeText:       "served as a judge of {contest}.",
		Signer:          "The organizers of {contest}",
	}
}

// ContestLanguage is the language Podium writes a contest's own texts in
// (the default certificate): Chinese when the contest's title has a Chinese
// character, else English. A contest has no language setting; its title is
// what every certificate prints, so it says whom the contest addresses.
func ContestLanguage(c Contest) string {
	for _, r := range c.Title {
		if unicode.Is(unicode.Han, r) {
			return LangChinese
		}
	}
	return LangEnglish
}

// Text returns the template's text for a kind.
func (t CertificateTemplate) Text(kind string) string {
	switch kind {
	case CertWinner:
		return t.WinnerText
	case CertParticipant:
		return t.ParticipantText
	default:
		return t.JudgeText
	}
}

// ValidateCertificateTemplate checks the texts: required where the page
// needs them, bounded, and using only the fields of their kind (an unknown
// or misplaced field is named).
func ValidateCertificateTemplate(in CertificateTemplateInput) (CertificateTemplateInput, error) {
	f := Fields{}
	in.Title = checkCertificateText(f, "title", in.Title, 100, true, commonCertificateFields)
	in.WinnerText = checkCertificateText(f, "winner_text", in.WinnerText, 1000, true, certificateFields[CertWinner])
	in.ParticipantText = checkCertificateText(f, "participant_text", in.ParticipantText, 1000, true, certificateFields[CertParticipant])
	in.JudgeText = checkCertificateText(f, "judge_text", in.JudgeText, 1000, true, certificateFields[CertJudge])
	in.Signer = checkCertificateText(f, "signer", in.Signer, 200, false, commonCertificateFields)
	return in, f.Err()
}

func checkCertificateText(f Fields, field, v string, maxRunes int, required bool, allowed []string) string {
	if !required && strings.TrimSpace(v) == "" {
		return ""
	}
	v = CheckText(f, field, v, maxRunes)
	if _, bad := f[field]; bad {
		return v
	}
	for _, m := range placeholder.FindAllStringSubmatch(v, -1) {
		if !slices.Contains(allowed, m[1]) {
			f.Problem(field, ProblemPlaceholder, map[string]any{"field": m[1], "allowed": "{" + strings.Join(allowed, "}, {") + "}"})
			break
		}
	}
	return v
}

// FillCertificateText replaces every {field} of text by its value; text
// that is not a known field is left as written.
func FillCertificateText(text string, values map[string]string) string {
	return placeholder.ReplaceAllStringFunc(text, func(m string) string {
		if v, ok := values[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// CheckCertificateImage validates an uploaded logo or signature (PNG or
// JPEG, at most MaxCertImageBytes and maxCertImagePixels) and returns it
// re-encoded in the plain form the PDF renderer reads (8-bit,
// non-interlaced PNG; baseline JPEG): a file that decodes only in part, or
// in a variant the renderer does not know, is refused or normalised here
// instead of failing every certificate later.
func CheckCertificateImage(which string, data []byte) ([]byte, error) {
	if which != CertLogo && which != CertSignature {
		return nil, NotFound("certificate image")
	}
	if len(data) == 0 {
		return nil, Invalid(map[string]string{which: "is required: send a PNG or JPEG image"})
	}
	if len(data) > MaxCertImageBytes {
		return nil, &Error{Code: CodeTooLarge, Message: fmt.Sprintf("%s: must be at most %d bytes", which, MaxCertImageBytes)}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return nil, Invalid(map[string]string{which: "must be a PNG or JPEG image"})
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxCertImagePixels {
		return nil, Invalid(map[string]string{which: "must be at most 4000 × 4000 pixels"})
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, Invalid(map[string]string{which: "must be a PNG or JPEG image"})
	}
	var out bytes.Buffer
	if format == "jpeg" {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(&out, img)
	}
	if err != nil {
		return nil, fmt.Errorf("re-encode certificate %s: %w", which, err)
	}
	return out.Bytes(), nil
}

// Certificate is one issued certificate: a person, the kind and (for a
// winner) the award, with what was printed on it. Code is its public
// verification key.
type Certificate struct {
	ID            int64      `json:"id" db:"id"`
	Code          string     `json:"code" db:"code"`
	ContestID     int64      `json:"contest_id" db:"contest_id"`
	UserID        int64      `json:"user_id" db:"user_id"`
	TeamID        *int64     `json:"team_id" db:"team_id"`
	Kind          string     `json:"kind" db:"kind"`
	Award         string     `json:"award" db:"award"`
	Name          string     `json:"name" db:"name"`
	TeamName      string     `json:"team_name" db:"team_name"`
	EntryTitle    string     `json:"entry_title" db:"entry_title"`
	Track         string     `json:"track" db:"track"`
	ObjectKey     string     `json:"-" db:"object_key"`
	Revision      int        `json:"revision" db:"revision"`
	IssuedAt      time.Time  `json:"issued_at" db:"issued_at"`
	RevokedAt     *time.Time `json:"revoked_at" db:"revoked_at"`
	RevokedReason string     `json:"revoked_reason" db:"revoked_reason"`
	// ContestSlug and ContestTitle name the contest in lists across
	// contests (the caller's own certificates).
	ContestSlug  string `json:"contest_slug,omitempty" db:"contest_slug"`
	ContestTitle string `json:"contest_title,omitempty" db:"contest_title"`
	// Ready is true once the PDF of the current template is stored.
	Ready bool `json:"ready" db:"-"`
}

// CertificateRecipient is someone a contest certifies, as the generation
// finds them: winners (one per member of an awarded team and award),
// participants (members of teams that submitted) and judges.
type CertificateRecipient struct {
	UserID     int64  `db:"user_id"`
	TeamID     *int64 `db:"team_id"`
	Kind       string `db:"kind"`
	Award      string `db:"award"`
	Name       string `db:"name"`
	TeamName   string `db:"team_name"`
	EntryTitle string `db:"entry_title"`
	Track      string `db:"track"`
}

// CertificateVerification is what the public verification page shows:
// who issued it, for which contest, to whom, for what, when, and whether
// it was revoked. Nothing else about the person.
type CertificateVerification struct {
	Code      string     `json:"code"`
	Issuer    string     `json:"issuer"`
	Contest   string     `json:"contest"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	Award     string     `json:"award"`
	IssuedAt  time.Time  `json:"issued_at"`
	Revoked   bool       `json:"revoked"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// CertificateRun is a background generation of a contest's certificates;
// progress counts certificates.
type CertificateRun struct {
	ID         string     `json:"id" db:"id"`
	ContestID  int64      `json:"contest_id" db:"contest_id"`
	Status     string     `json:"status" db:"status"`
	DoneItems  int        `json:"done_items" db:"done_items"`
	TotalItems int        `json:"total_items" db:"total_items"`
	Error      string     `json:"error,omitempty" db:"error"`
	CreatedBy  int64      `json:"created_by" db:"created_by"`
	CreatedAt  time.Time  `json:"created_at" db:"created_at"`
	FinishedAt *time.Time `json:"finished_at" db:"finished_at"`
}

// CertificateOverview is the organizer's certificates screen: the
// template's revision, the latest run and a page of certificates.
type CertificateOverview struct {
	TemplateRevision int             `json:"template_revision"`
	Run              *CertificateRun `json:"run"`
	Counts           map[string]int  `json:"counts"`
	Certificates     []Certificate   `json:"certificates"`
	// NextAfter is the ?after= of the next page of Certificates (0 on the
	// last page).
	NextAfter int64 `json:"next_after"`
}

// RevokeInput revokes a certificate, with the reason kept in the audit log.
type RevokeInput struct {
	Reason string `json:"reason"`
}

// CertificateDocument is one certificate as the renderer draws it: every
// text already filled in.
type CertificateDocument struct {
	Title     string
	Name      string
	Text      string
	Signer    string
	Issuer    string // the footer: contest and platform
	Date      string
	VerifyURL string // encoded in the QR code and printed under it
	Logo      []byte // PNG or JPEG, optional
	Signature []byte // PNG or JPEG, optional
}

// CertificateRenderer draws certificates as PDF (the certpdf package).
type CertificateRenderer interface {
	Render(w io.Writer, d CertificateDocument) error
	// ForDocuments returns a renderer for exactly these documents, faster
	// for them (it may cut its fonts to the characters they use).
	ForDocuments(docs []CertificateDocument) (CertificateRenderer, error)
}

// CertificateStore persists templates, certificates and runs.
type CertificateStore interface {
	CertificateTemplate(ctx context.Context, contestID int64) (CertificateTemplate, error) // not_found when none was saved
	SaveCertificateTemplate(ctx context.Context, t CertificateTemplate, actorID int64, audit AuditEntry) (CertificateTemplate, error)
	CertificateRecipients(ctx context.Context, contestID int64) ([]CertificateRecipient, error)
	// IssueCertificates creates or refreshes the certificates of the
	// recipients (new ones get a code from newCode), revokes the contest's
	// certificates whose recipient is no longer among them, and returns the
	// unrevoked ones.
	IssueCertificates(ctx context.Context, contestID int64, list []CertificateRecipient, newCode func() string) ([]Certificate, error)
	MarkCertificatesRendered(ctx context.Context, ids []int64, keys []string, revision int) error
	CertificateByCode(ctx context.Context, code string) (Certificate, error)
	ListCertificates(ctx context.Context, contestID int64, p Page) ([]Certificate, error)
	CountCertificates(ctx context.Context, contestID int64) (map[string]int, error)
	TeamCertificates(ctx context.Context, teamID int64) ([]Certificate, error)
	UserCertificates(ctx context.Context, userID int64) ([]Certificate, error)
	RevokeCertificate(ctx context.Context, id int64, reason string, audit AuditEntry) error

	CreateCertificateRun(ctx context.Context, r CertificateRun) (CertificateRun, error)
	CertificateRun(ctx context.Context, id string) (CertificateRun, error)
	LatestCertificateRun(ctx context.Context, contestID int64) (CertificateRun, error) // not_found when none
	// StartCertificateRun marks a run running with its total; a conflict
	// when another run of the contest is running.
	StartCertificateRun(ctx context.Context, id string, total int) error
	CertificateRunProgress(ctx context.Context, id string, done int) error
	FinishCertificateRun(ctx context.Context, id string) error
	FailCertificateRun(ctx context.Context, id, reason string) error
}

// CertificateBlob is the object store as certificates need it.
type CertificateBlob interface {
	Put(ctx context.Context, key string, body io.Reader, size int64) error
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	PresignGet(ctx context.Context, key, contentDisposition string, expires time.Duration) (string, error)
	PresignInline(ctx context.Context, key, disposition, contentType string, expires time.Duration) (string, error)
	Delete(ctx context.Context, key string) error
}

// CertificateQueue runs generations in the background (the jobs package).
type CertificateQueue interface {
	EnqueueCertificates(ctx context.Context, runID string) error
}

// Certificates implements certificate templates, their bulk generation,
// downloads and public verification.
type Certificates struct {
	Contests *Contests
	Store    CertificateStore
	Blob     CertificateBlob
	Render   CertificateRenderer // nil: no font configured, generation refused
	Queue    CertificateQueue    // nil when no job runner is configured
	// PublicURL is the platform's address: the QR codes link to
	// PublicURL/c/{code}.
	PublicURL string
	// Issuer names the platform on certificates and the verification page.
	Issuer string
	// Workers renders this many certificates at once (default 2).
	Workers int
	// RenderUnavailable says why Render is nil (the missing font), for the
	// organizer.
	RenderUnavailable string
}

// certCodeAlphabet is Crockford's base32 (no I, L, O, U): codes are read
// from paper and typed by hand.
const certCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// certCodeLength gives 80 random bits: unguessable, still short in a URL.
const certCodeLength = 16

// NewCertificateCode returns a fresh random verification code.
func NewCertificateCode() string {
	var b [certCodeLength]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	for i := range b {
		b[i] = certCodeAlphabet[b[i]&31]
	}
	return string(b[:])
}

// ValidCertificateCode reports whether s has the shape of a code (so that
// no lookup is made for anything else).
func ValidCertificateCode(s string) bool {
	if len(s) != certCodeLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(certCodeAlphabet, rune(s[i])) {
			return false
		}
	}
	return true
}

// VerifyURL is the public verification link of a code.
func (s *Certificates) VerifyURL(code string) string {
	return strings.TrimRight(s.PublicURL, "/") + "/c/" + code
}

// template returns the contest's template, or the default.
func (s *Certificates) template(ctx context.Context, c Contest) (CertificateTemplate, error) {
	t, err := s.Store.CertificateTemplate(ctx, c.ID)
	if ErrorCode(err) == CodeNotFound {
		return DefaultCertificateTemplate(c), nil
	}
	return t, err
}

// Template returns the contest's template for its organizers, with links
// to preview its images.
func (s *Certificates) Template(ctx context.Context, u User, slug string) (CertificateTemplate, error) {
	c, err := s.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return CertificateTemplate{}, err
	}
	t, err := s.template(ctx, c)
	if err != nil {
		return CertificateTemplate{}, err
	}
	return s.withImageLinks(ctx, t)
}

func (s *Certificates) withImageLinks(ctx context.Context, t CertificateTemplate) (CertificateTemplate, error) {
	t.Fields = CertificateFields()
	var err error
	for _, img := range []struct {
		key string
		url *string
	}{{t.LogoKey, &t.LogoURL}, {t.SignatureKey, &t.SignatureURL}} {
		if img.key == "" {
			continue
		}
		// Only PNG or JPEG are stored (CheckCertificateImage); images are
		// shown from the bucket's origin, never from the platform's.
		if *img.url, err = s.Blob.PresignInline(ctx, img.key, ContentDisposition("inline", "image"), "image/png", downloadLifetime); err != nil {
			return CertificateTemplate{}, err
		}
	}
	return t, nil
}

// SaveTemplate validates and stores the texts of the contest's template
// (audited); its revision goes up, so certificates show as outdated until
// they are generated again.
func (s *Certificates) SaveTemplate(ctx context.Context, u User, slug string, in CertificateTemplateInput) (CertificateTemplate, error) {
	c, err := s.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return CertificateTemplate{}, err
	}
	in, err = ValidateCertificateTemplate(in)
	if err != nil {
		return CertificateTemplate{}, err
	}
	t, err := s.template(ctx, c)
	if err != nil {
		return CertificateTemplate{}, err
	}
	t.Title, t.WinnerText, t.ParticipantText, t.JudgeText, t.Signer = in.Title, in.WinnerText, in.ParticipantText, in.JudgeText, in.Signer
	return s.save(ctx, u, c, t, "certificate_template.update", mustJSON(in))
}

func (s *Certificates) save(ctx context.Context, u User, c Contest, t CertificateTemplate, action string, detail []byte) (CertificateTemplate, error) {
	t, err := s.Store.SaveCertificateTemplate(ctx, t, u.ID, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: action,
		ObjectType: "contest", ObjectID: c.Slug, Detail: detail})
	if err != nil {
		return CertificateTemplate{}, err
	}
	return s.withImageLinks(ctx, t)
}

// SetImage stores (data non-empty) or removes (data nil) the template's
// logo or signature. The image goes to the bucket under a fresh key; the
// old one is deleted after the template points at the new one.
func (s *Certificates) SetImage(ctx context.Context, u User, slug, which string, data []byte) (CertificateTemplate, error) {
	c, err := s.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return CertificateTemplate{}, err
	}
	if which != CertLogo && which != CertSignature {
		return CertificateTemplate{}, NotFound("certificate image")
	}
	key := ""
	if data != nil {
		if data, err = CheckCertificateImage(which, data); err != nil {
			return CertificateTemplate{}, err
		}
		key = fmt.Sprintf("certificates/%d/template/%s-%s", c.ID, which, uuid.NewString())
		if err := s.Blob.Put(ctx, key, bytes.NewReader(data), int64(len(data))); err != nil {
			return CertificateTemplate{}, fmt.Errorf("store certificate %s: %w", which, err)
		}
	}
	t, err := s.template(ctx, c)
	if err != nil {
		return CertificateTemplate{}, err
	}
	old := &t.LogoKey
	if which == CertSignature {
		old = &t.SignatureKey
	}
	previous := *old
	*old = key
	out, err := s.save(ctx, u, c, t, "certificate_template."+which, mustJSON(map[string]any{"bytes": len(data)}))
	if err != nil {
		return CertificateTemplate{}, err
	}
	if previous != "" {
		// A leftover image is harmless: the template no longer names it.
		_ = s.Blob.Delete(ctx, previous)
	}
	return out, nil
}

// StartRun queues a generation of every certificate of the contest from
// the current template (a regeneration after a template change too).
func (s *Certificates) StartRun(ctx context.Context, u User, slug string) (CertificateRun, error) {
	c, err := s.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return CertificateRun{}, err
	}
	if s.Render == nil {
		return CertificateRun{}, Errorf(CodeUnavailable, "certificates cannot be rendered: %s", s.RenderUnavailable)
	}
	if s.Queue == nil {
		return CertificateRun{}, Errorf(CodeUnavailable, "background jobs are not running; certificates are unavailable")
	}
	if last, err := s.Store.LatestCertificateRun(ctx, c.ID); err == nil && (last.Status == ExportQueued || last.Status == ExportRunning) {
		return CertificateRun{}, Errorf(CodeConflict, "certificates are being generated; wait until that run ends")
	} else if err != nil && ErrorCode(err) != CodeNotFound {
		return CertificateRun{}, err
	}
	r, err := s.Store.CreateCertificateRun(ctx, CertificateRun{ID: uuid.NewString(), ContestID: c.ID, Status: ExportQueued, CreatedBy: u.ID})
	if err != nil {
		return CertificateRun{}, err
	}
	if err := s.Contests.Store.AddAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "certificates.generate",
		ObjectType: "certificate_run", ObjectID: r.ID}); err != nil {
		return CertificateRun{}, err
	}
	if err := s.Queue.EnqueueCertificates(ctx, r.ID); err != nil {
		_ = s.Store.FailCertificateRun(context.WithoutCancel(ctx), r.ID, "could not be queued")
		return CertificateRun{}, fmt.Errorf("queue certificates: %w", err)
	}
	return r, nil
}

// Overview returns the organizer's view: the template revision, the latest
// run, counts by kind and a page of certificates.
func (s *Certificates) Overview(ctx context.Context, u User, slug string, p Page) (CertificateOverview, error) {
	c, err := s.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return CertificateOverview{}, err
	}
	t, err := s.template(ctx, c)
	if err != nil {
		return CertificateOverview{}, err
	}
	out := CertificateOverview{TemplateRevision: t.Revision}
	if r, err := s.Store.LatestCertificateRun(ctx, c.ID); err == nil {
		out.Run = &r
	} else if ErrorCode(err) != CodeNotFound {
		return CertificateOverview{}, err
	}
	if out.Counts, err = s.Store.CountCertificates(ctx, c.ID); err != nil {
		return CertificateOverview{}, err
	}
	p = p.Normalize()
	if out.Certificates, err = s.Store.ListCertificates(ctx, c.ID, p); err != nil {
		return CertificateOverview{}, err
	}
	if n := len(out.Certificates); n > 0 && n == p.Limit {
		out.NextAfter = out.Certificates[n-1].ID
	}
	markReady(out.Certificates, t.Revision)
	return out, nil
}

func markReady(list []Certificate, revision int) {
	for i := range list {
		list[i].Ready = list[i].ObjectKey != "" && list[i].Revision == revision
	}
}

// Verify answers the public verification page: what the certificate says
// and whether it was revoked. An unknown or malformed code is not_found.
func (s *Certificates) Verify(ctx context.Context, code string) (CertificateVerification, error) {
	if !ValidCertificateCode(code) {
		return CertificateVerification{}, NotFound("certificate")
	}
	x, err := s.Store.CertificateByCode(ctx, code)
	if err != nil {
		return CertificateVerification{}, err
	}
	c, err := s.Contests.Store.ContestByID(ctx, x.ContestID)
	if err != nil {
		return CertificateVerification{}, err
	}
	return CertificateVerification{Code: x.Code, Issuer: s.Issuer, Contest: c.Title, Name: x.Name, Kind: x.Kind, Award: x.Award,
		IssuedAt: x.IssuedAt, Revoked: x.RevokedAt != nil, RevokedAt: x.RevokedAt}, nil
}

// Revoke marks a certificate revoked (its contest's organizers; audited).
// The verification page says so from then on.
func (s *Certificates) Revoke(ctx context.Context, u User, code string, in RevokeInput) (Certificate, error) {
	x, c, err := s.organizerCertificate(ctx, u, code)
	if err != nil {
		return Certificate{}, err
	}
	f := Fields{}
	reason := CheckText(f, "reason", in.Reason, 500)
	if err := f.Err(); err != nil {
		return Certificate{}, err
	}
	if x.RevokedAt != nil {
		return Certificate{}, Errorf(CodeConflict, "the certificate is already revoked")
	}
	if err := s.Store.RevokeCertificate(ctx, x.ID, reason, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "certificate.revoke",
		ObjectType: "certificate", ObjectID: x.Code, Detail: mustJSON(map[string]string{"reason": reason, "name": x.Name})}); err != nil {
		return Certificate{}, err
	}
	return s.Store.CertificateByCode(ctx, code)
}

func (s *Certificates) organizerCertificate(ctx context.Context, u User, code string) (Certificate, Contest, error) {
	if !ValidCertificateCode(code) {
		return Certificate{}, Contest{}, NotFound("certificate")
	}
	x, err := s.Store.CertificateByCode(ctx, code)
	if err != nil {
		return Certificate{}, Contest{}, err
	}
	c, err := s.Contests.Store.ContestByID(ctx, x.ContestID)
	if err != nil {
		return Certificate{}, Contest{}, err
	}
	a, err := s.Contests.access(ctx, u, c.ID)
	if err != nil {
		return Certificate{}, Contest{}, err
	}
	if !a.Organizer {
		return Certificate{}, Contest{}, NotFound("certificate")
	}
	return x, c, nil
}

// DownloadURL returns a 5-minute attachment link to a certificate's PDF,
// for its holder, the members of its team and the contest's organizers.
func (s *Certificates) DownloadURL(ctx context.Context, u User, code string) (string, error) {
	if !ValidCertificateCode(code) || u.ID == 0 {
		return "", NotFound("certificate")
	}
	x, err := s.Store.CertificateByCode(ctx, code)
	if err != nil {
		return "", err
	}
	allowed := x.UserID == u.ID
	if !allowed && x.TeamID != nil {
		t, _, err := s.Contests.Teams.TeamAndContest(ctx, *x.TeamID)
		if err != nil && ErrorCode(err) != CodeNotFound {
			return "", err
		}
		allowed = err == nil && t.HasMember(u.ID)
	}
	if !allowed {
		a, err := s.Contests.access(ctx, u, x.ContestID)
		if err != nil {
			return "", err
		}
		allowed = a.Organizer
	}
	if !allowed {
		return "", NotFound("certificate")
	}
	if x.RevokedAt != nil {
		return "", Errorf(CodeConflict, "this certificate was revoked")
	}
	if x.ObjectKey == "" {
		return "", Errorf(CodeConflict, "this certificate has not been generated yet")
	}
	return s.Blob.PresignGet(ctx, x.ObjectKey, AttachmentDisposition(CertificateFilename(x)), downloadLifetime)
}

// CertificateFilename is the name a certificate downloads under.
func CertificateFilename(x Certificate) string {
	name := "certificate-" + x.Kind
	if x.Award != "" {
		name += "-" + x.Award
	}
	return name + "-" + x.Name + ".pdf"
}

// TeamCertificates lists a team's certificates (its members' and
// organizers'), newest template first.
func (s *Certificates) TeamCertificates(ctx context.Context, u User, teamID int64) ([]Certificate, error) {
	t, c, err := s.Contests.teamFor(ctx, u, teamID)
	if err != nil {
		return nil, err
	}
	if t.ContestID != c.ID {
		return nil, NotFound("team")
	}
	list, err := s.Store.TeamCertificates(ctx, t.ID)
	markAvailable(list)
	return list, err
}

// MyCertificates lists the caller's own certificates in every contest (a
// judge's among them).
func (s *Certificates) MyCertificates(ctx context.Context, u User) ([]Certificate, error) {
	list, err := s.Store.UserCertificates(ctx, u.ID)
	markAvailable(list)
	return list, err
}

// markAvailable sets Ready on the certificates their holders can download:
// rendered and not revoked.
func markAvailable(list []Certificate) {
	for i := range list {
		list[i].Ready = list[i].ObjectKey != "" && list[i].RevokedAt == nil
	}
}

// ErrCertificatesWait says that another run of the same contest is
// running; the job tries again later.
var ErrCertificatesWait = errors.New("another certificate run of this contest is running")

// certProgressEvery limits progress writes to one per this many
// certificates (and the last).
const certProgressEvery = 50

// Run generates a run's certificates (the job calls it): the recipients
// are issued certificates (codes kept across runs), each is rendered and
// stored in the bucket, and progress is recorded as it goes. Running a
// finished run again does nothing.
func (s *Certificates) Run(ctx context.Context, id string) error {
	r, err := s.Store.CertificateRun(ctx, id)
	if err != nil {
		return err
	}
	if r.Status == ExportDone || r.Status == ExportFailed {
		return nil
	}
	if s.Render == nil {
		return Errorf(CodeInvalid, "certificates cannot be rendered: %s", s.RenderUnavailable)
	}
	if err := s.Store.StartCertificateRun(ctx, id, 0); ErrorCode(err) == CodeConflict {
		return ErrCertificatesWait
	} else if err != nil {
		return err
	}
	c, err := s.Contests.Store.ContestByID(ctx, r.ContestID)
	if err != nil {
		return err
	}
	t, err := s.template(ctx, c)
	if err != nil {
		return err
	}
	logo, err := s.image(ctx, t.LogoKey)
	if err != nil {
		return err
	}
	signature, err := s.image(ctx, t.SignatureKey)
	if err != nil {
		return err
	}
	recipients, err := s.Store.CertificateRecipients(ctx, c.ID)
	if err != nil {
		return err
	}
	list, err := s.Store.IssueCertificates(ctx, c.ID, uniqueRecipients(recipients), NewCertificateCode)
	if err != nil {
		return err
	}
	if err := s.Store.StartCertificateRun(ctx, id, len(list)); err != nil {
		return err
	}
	page := CertificatePage{Template: t, Contest: c, Issuer: s.Issuer, Logo: logo, Signature: signature, VerifyURL: s.VerifyURL}
	docs := make([]CertificateDocument, len(list))
	for i, x := range list {
		docs[i] = page.Document(x)
	}
	render, err := s.Render.ForDocuments(docs)
	if err != nil {
		return err
	}
	err = RenderAll(ctx, len(list), s.workers(), certProgressEvery, func(i int) (string, error) {
		var buf bytes.Buffer
		if err := render.Render(&buf, docs[i]); err != nil {
			return "", fmt.Errorf("render certificate %s: %w", list[i].Code, err)
		}
		key := fmt.Sprintf("certificates/%d/%s.pdf", c.ID, list[i].Code)
		if err := s.Blob.Put(ctx, key, bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
			return "", fmt.Errorf("store certificate %s: %w", list[i].Code, err)
		}
		return key, nil
	}, func(done []int, keys []string, total int) error {
		ids := make([]int64, len(done))
		for k, i := range done {
			ids[k] = list[i].ID
		}
		if err := s.Store.MarkCertificatesRendered(ctx, ids, keys, t.Revision); err != nil {
			return err
		}
		return s.Store.CertificateRunProgress(ctx, id, total)
	})
	if err != nil {
		return fmt.Errorf("certificate run %s: %w", id, err)
	}
	return s.Store.FinishCertificateRun(ctx, id)
}

// uniqueRecipients keeps the first of recipients that would get the same
// certificate (person, kind, award): one statement cannot write a row twice.
func uniqueRecipients(list []CertificateRecipient) []CertificateRecipient {
	type key struct {
		user        int64
		kind, award string
	}
	seen := map[key]bool{}
	out := list[:0:0]
	for _, r := range list {
		k := key{r.UserID, r.Kind, r.Award}
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

func (s *Certificates) workers() int {
	if s.Workers > 0 {
		return s.Workers
	}
	return 2
}

// Fail records that a run will not be finished, with a reason fit for the
// organizer: internal causes are not shown.
func (s *Certificates) Fail(ctx context.Context, id string, cause error) error {
	reason := "the generation failed; the server log has the details"
	var de *Error
	if errors.As(cause, &de) && de.Code != CodeInternal {
		reason = de.Message
	}
	return s.Store.FailCertificateRun(ctx, id, reason)
}

func (s *Certificates) image(ctx context.Context, key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	rc, err := s.Blob.Open(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("open certificate image: %w", err)
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, MaxCertImageBytes+1))
}

// CertificatePage is what every certificate of a contest shares: the
// template, the contest, the issuer and the images.
type CertificatePage struct {
	Template  CertificateTemplate
	Contest   Contest
	Issuer    string
	Logo      []byte
	Signature []byte
	VerifyURL func(code string) string
}

// Document fills the template for one certificate. The date is the day
// the certificate was issued, in the contest's time zone.
func (p CertificatePage) Document(x Certificate) CertificateDocument {
	date := x.IssuedAt.In(p.Contest.Location()).Format("2006-01-02")
	values := map[string]string{"name": x.Name, "award": x.Award, "entry": x.EntryTitle, "team": x.TeamName,
		"track": x.Track, "contest": p.Contest.Title, "date": date}
	issuer := p.Contest.Title
	if p.Issuer != "" {
		issuer += " · " + p.Issuer
	}
	return CertificateDocument{
		Title: FillCertificateText(p.Template.Title, values), Name: x.Name,
		Text:   FillCertificateText(p.Template.Text(x.Kind), values),
		Signer: FillCertificateText(p.Template.Signer, values), Issuer: issuer, Date: date,
		VerifyURL: p.VerifyURL(x.Code), Logo: p.Logo, Signature: p.Signature,
	}
}

// RenderAll runs render on the items 0..n-1 with the given number of
// workers and calls flush, in order of completion, with each batch of
// `every` finished items, their keys and the count done so far. The first
// error stops the work.
func RenderAll(ctx context.Context, n, workers, every int, render func(i int) (string, error), flush func(done []int, keys []string, total int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		i   int
		key string
		err error
	}
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				key, err := render(i)
				select {
				case results <- result{i, key, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var batch []int
	var keys []string
	done := 0
	for res := range results {
		if res.err != nil {
			return res.err
		}
		batch, keys, done = append(batch, res.i), append(keys, res.key), done+1
		if len(batch) >= every || done == n {
			if err := flush(batch, keys, done); err != nil {
				return err
			}
			batch, keys = nil, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if done != n {
		return fmt.Errorf("rendered %d of %d certificates", done, n)
	}
	return nil
}
