package domain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// UTF8BOM is the UTF-8 byte order mark spreadsheets need to read a CSV
// as UTF-8 (see ExportInput.BOM).
const UTF8BOM = "\uFEFF"

// Export kinds.
const (
	ExportCSV = "csv" // the form answers, one row per team
	ExportZIP = "zip" // every team's files plus the CSV
	// ExportPacket is a judge's offline packet: a ZIP of the entries
	// assigned to the judge in a round (StartPacket), blind-safe in a
	// blind round.
	ExportPacket = "packet"
)

// exportExt is the file extension of an export of a kind.
func exportExt(kind string) string {
	if kind == ExportPacket {
		return ExportZIP
	}
	return kind
}

// Export states.
const (
	ExportQueued  = "queued"
	ExportRunning = "running"
	ExportDone    = "done"
	ExportFailed  = "failed"
)

// exportListLimit bounds the export list: organizers look at recent ones.
const exportListLimit = 100

// Export is a background export of a contest's final submissions. Progress
// counts teams; a finished export has a short-lived DownloadURL.
type Export struct {
	ID          string     `json:"id" db:"id"`
	ContestID   int64      `json:"contest_id" db:"contest_id"`
	RoundID     *int64     `json:"round_id" db:"round_id"`
	Kind        string     `json:"kind" db:"kind"`
	BOM         bool       `json:"bom" db:"bom"`
	Status      string     `json:"status" db:"status"`
	DoneItems   int        `json:"done_items" db:"done_items"`
	TotalItems  int        `json:"total_items" db:"total_items"`
	ObjectKey   string     `json:"-" db:"object_key"`
	Error       string     `json:"error,omitempty" db:"error"`
	CreatedBy   int64      `json:"created_by" db:"created_by"`
	CreatedAt   time.Time  `json:"created_at" db:"created_at"`
	FinishedAt  *time.Time `json:"finished_at" db:"finished_at"`
	DownloadURL string     `json:"download_url,omitempty" db:"-"`
	// Tracks limits the export to these tracks (a track lead's; empty:
	// the whole contest).
	Tracks []string `json:"tracks" db:"-"`
}

// ExportInput asks for an export.
type ExportInput struct {
	Kind string `json:"kind"`
	// BOM starts the CSV (also the one in a ZIP) with a UTF-8 byte order
	// mark, for spreadsheets: Excel reads a CSV without one in the machine's
	// legacy code page, garbling Chinese text.
	BOM bool `json:"bom"`
	// RoundID (optional) exports the entries of one round, as judged in it,
	// for offline judging; a blind round's export names no team.
	RoundID int64 `json:"round_id"`
	// Track (optional) limits the export to one track's teams: an
	// organizer's any track, a track lead's one of theirs.
	Track string `json:"track,omitempty"`
}

// ExportTracks is the track limit of an export asked for by someone
// organizing c with scope sc: the one track asked for (a track of c, and
// one the scope covers), else a track lead's tracks, else none (the whole
// contest).
func ExportTracks(c Contest, sc Scope, track string) ([]string, error) {
	if track != "" {
		if _, ok := c.TrackBySlug(track); !ok {
			return nil, Invalid(map[string]string{"track": "is not a track of this contest"})
		}
		if !sc.Covers(track) {
			return nil, Invalid(map[string]string{"track": "is not one of the tracks you lead"})
		}
		return []string{track}, nil
	}
	if sc.Limited() {
		return sc.Tracks, nil
	}
	return []string{}, nil
}

// ExportFile is a file of an exported version, with where it is stored.
type ExportFile struct {
	ReceiptFile
	ObjectKey string
	// BlindCopy is true when ObjectKey is the file's blind copy (a blind
	// round's export): its bytes are not the receipt's.
	BlindCopy bool
	// StoredSHA256 is the file's SHA-256 as recorded now: the receipt's,
	// or the one computed after a submit whose fingerprint was pending.
	StoredSHA256 string
}

// ExportEntry is one team's current (latest submitted) version.
type ExportEntry struct {
	SubmissionID int64
	TeamID       int64
	TeamName     string
	Track        string
	Emails       []string
	Version      int
	SubmittedAt  time.Time
	Digest       string
	Title        string
	Abstract     string
	Fields       map[string]string
	Files        []ExportFile
}

// ExportStore persists exports and reads what they contain.
type ExportStore interface {
	CreateExport(ctx context.Context, e Export) (Export, error)
	ExportByID(ctx context.Context, id string) (Export, error)
	ListExports(ctx context.Context, contestID int64, limit int) ([]Export, error)
	// StartExport marks an export running with total items (again, when a
	// job is retried); a conflict when another export of its contest runs.
	StartExport(ctx context.Context, id string, total int) error
	ExportProgress(ctx context.Context, id string, done int) error
	FinishExport(ctx context.Context, id, objectKey string) error
	FailExport(ctx context.Context, id, reason string) error
	// ExportEntries lists the current version of every team that submitted
	// (or, with roundID > 0, the versions that round judges), ordered by
	// track and team.
	ExportEntries(ctx context.Context, contestID, roundID int64) ([]ExportEntry, error)
	// ExpiredExports lists up to limit exports requested before a time,
	// oldest first; DeleteExport deletes one.
	ExpiredExports(ctx context.Context, before time.Time, limit int) ([]Export, error)
	DeleteExport(ctx context.Context, id string) error
	// FileCRC32s returns the recorded CRC-32 of those of the files that
	// have one; SaveFileCRC32 records some, by file id.
	FileCRC32s(ctx context.Context, ids []string) (map[string]uint32, error)
	SaveFileCRC32(ctx context.Context, crcs map[string]uint32) error
}

// RoundReader reads rounds (the judging store).
type RoundReader interface {
	RoundByID(ctx context.Context, id int64) (Round, error)
	// JudgeAssignments lists a judge's active assignments (every contest).
	JudgeAssignments(ctx context.Context, judgeID int64, withConflicts bool) ([]Assignment, error)
}

// ExportQueue runs exports in the background (the jobs package).
type ExportQueue interface {
	EnqueueExport(ctx context.Context, exportID string) error
}

// ExportBlob is the object store as exports need it: objects are streamed
// in and out, never held whole in memory.
type ExportBlob interface {
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// OpenAt streams an object from an offset on.
	OpenAt(ctx context.Context, key string, offset int64) (io.ReadCloser, error)
	Size(ctx context.Context, key string) (int64, error)
	// Put stores a body of a known size in one request.
	Put(ctx context.Context, key string, body io.Reader, size int64) error
	Upload(ctx context.Context, key, contentType string, r io.Reader) (int64, error)
	PresignGet(ctx context.Context, key, contentDisposition string, expires time.Duration) (string, error)
	// Delete deletes an object (an absent one is no error).
	Delete(ctx context.Context, key string) error
}

// Exports implements the organizers' exports of final submissions.
type Exports struct {
	Contests *Contests
	Rounds   RoundReader
	Store    ExportStore
	Blob     ExportBlob
	Queue    ExportQueue // nil when no job runner is configured
}

// StartExport records an export and queues the job that builds it.
func (s *Exports) StartExport(ctx context.Context, u User, slug string, in ExportInput) (Export, error) {
	c, sc, err := s.Contests.scopeOf(ctx, u, slug)
	if err != nil {
		return Export{}, err
	}
	if in.Kind != ExportCSV && in.Kind != ExportZIP {
		return Export{}, Invalid(map[string]string{"kind": "must be csv or zip"})
	}
	var roundID *int64
	if in.RoundID != 0 {
		r, err := s.Rounds.RoundByID(ctx, in.RoundID)
		if err != nil || r.ContestID != c.ID {
			return Export{}, Invalid(map[string]string{"round_id": "is not a round of this contest"})
		}
		roundID = &r.ID
	}
	if s.Queue == nil {
		return Export{}, Errorf(CodeUnavailable, "background jobs are not running; exports are unavailable")
	}
	tracks, err := ExportTracks(c, sc, in.Track)
	if err != nil {
		return Export{}, err
	}
	e, err := s.Store.CreateExport(ctx, Export{ID: uuid.NewString(), ContestID: c.ID, RoundID: roundID, Kind: in.Kind, BOM: in.BOM,
		Status: ExportQueued, CreatedBy: u.ID, Tracks: tracks})
	if err != nil {
		return Export{}, err
	}
	if err := s.Contests.addAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "export.start",
		ObjectType: "export", ObjectID: e.ID, Detail: mustJSON(map[string]any{"kind": e.Kind, "tracks": tracks})}); err != nil {
		return Export{}, err
	}
	if err := s.Queue.EnqueueExport(ctx, e.ID); err != nil {
		_ = s.Store.FailExport(context.WithoutCancel(ctx), e.ID, "could not be queued")
		return Export{}, fmt.Errorf("queue export: %w", err)
	}
	return e, nil
}

// Export returns one export of the contest. A finished CSV export carries
// a 5-minute download link served as an attachment; a streamed one
// (ExportStreamed) is downloaded from the API (ExportDownload).
func (s *Exports) Export(ctx context.Context, u User, slug, id string) (Export, error) {
	e, c, err := s.visibleExport(ctx, u, slug, id)
	if err != nil {
		return Export{}, err
	}
	if e.Status == ExportDone && e.ObjectKey != "" && !ExportStreamed(e.Kind) {
		if e.DownloadURL, err = s.Blob.PresignGet(ctx, e.ObjectKey, AttachmentDisposition(exportFilename(c, e)), downloadLifetime); err != nil {
			return Export{}, err
		}
	}
	return e, nil
}

// visibleExport is an export of the contest that u may read.
func (s *Exports) visibleExport(ctx context.Context, u User, slug, id string) (Export, Contest, error) {
	c, sc, err := s.Contests.scopeOf(ctx, u, slug)
	if err != nil {
		return Export{}, Contest{}, err
	}
	if _, err := uuid.Parse(id); err != nil {
		return Export{}, Contest{}, NotFound("export")
	}
	e, err := s.Store.ExportByID(ctx, id)
	if err != nil {
		return Export{}, Contest{}, err
	}
	if e.ContestID != c.ID || !ExportVisible(sc, e) {
		return Export{}, Contest{}, NotFound("export")
	}
	return e, c, nil
}

// exportFilename is the name an export is downloaded under.
func exportFilename(c Contest, e Export) string {
	return fmt.Sprintf("%s-submissions-%s.%s", c.Slug, e.CreatedAt.UTC().Format("20060102-150405"), exportExt(e.Kind))
}

// ListExports lists the contest's most recent exports, newest first.
func (s *Exports) ListExports(ctx context.Context, u User, slug string) ([]Export, error) {
	c, sc, err := s.Contests.scopeOf(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	list, err := s.Store.ListExports(ctx, c.ID, exportListLimit)
	if err != nil {
		return nil, err
	}
	out := []Export{}
	for _, e := range list {
		if ExportVisible(sc, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// ExportVisible reports whether a person organizing sc may read export e:
// an organizer reads every export; a track lead those limited to tracks
// that are all theirs (a whole-contest export holds other tracks).
func ExportVisible(sc Scope, e Export) bool {
	if sc.All {
		return true
	}
	if len(e.Tracks) == 0 {
		return false
	}
	for _, t := range e.Tracks {
		if !sc.Covers(t) {
			return false
		}
	}
	return true
}

// ExportKey is where an export is stored (a CSV, or a ZIP's manifest):
// outside contests/, so that the consistency check never takes it for an
// orphan submission file.
func ExportKey(e Export) string {
	if ExportStreamed(e.Kind) {
		return fmt.Sprintf("exports/%d/%s.manifest.json", e.ContestID, e.ID)
	}
	return fmt.Sprintf("exports/%d/%s.%s", e.ContestID, e.ID, exportExt(e.Kind))
}

// Run builds an export (the job calls it): a CSV is streamed into the
// object store as it is produced; a ZIP's manifest is recorded there (see
// ExportStreamed). Running a finished export again does nothing.
func (s *Exports) Run(ctx context.Context, id string) error {
	e, err := s.Store.ExportByID(ctx, id)
	if err != nil {
		return err
	}
	if e.Status == ExportDone || e.Status == ExportFailed {
		return nil
	}
	// Claim the contest's one running place before any work.
	if err := s.Store.StartExport(ctx, id, 0); ErrorCode(err) == CodeConflict {
		return ErrExportWaits
	} else if err != nil {
		return err
	}
	c, err := s.Contests.contestByID(ctx, e.ContestID)
	if err != nil {
		return err
	}
	entries, err := s.entries(ctx, e, c)
	if err != nil {
		return err
	}
	if err := s.Store.StartExport(ctx, id, len(entries)); err != nil {
		return err
	}
	progress := func(done int) error { return s.Store.ExportProgress(ctx, id, done) }
	if ExportStreamed(e.Kind) {
		err = s.runStreamed(ctx, e, c, entries, progress)
	} else {
		err = s.stream(ctx, ExportKey(e), "text/csv; charset=utf-8", func(w io.Writer) error { return writeCSV(w, c, entries, e.BOM, progress) })
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", id, err)
	}
	return s.Store.FinishExport(ctx, id, ExportKey(e))
}

// ErrExportWaits says that another export of the same contest is running:
// a contest runs one export at a time, so that its exports never hold every
// export worker while other contests' exports wait. The job tries again
// later; the export stays queued.
var ErrExportWaits = errors.New("another export of this contest is running")

// Expire deletes up to limit exports requested before a time: the object in
// the bucket first (also a partial one of a failed export), then the row,
// so that no object outlives its row. It returns how many it deleted.
func (s *Exports) Expire(ctx context.Context, before time.Time, limit int) (int, error) {
	list, err := s.Store.ExpiredExports(ctx, before, limit)
	if err != nil {
		return 0, err
	}
	for i, e := range list {
		key := e.ObjectKey
		if key == "" {
			key = ExportKey(e)
		}
		if err := s.Blob.Delete(ctx, key); err != nil {
			return i, fmt.Errorf("expire export %s: %w", e.ID, err)
		}
		if err := s.Store.DeleteExport(ctx, e.ID); err != nil {
			return i, fmt.Errorf("expire export %s: %w", e.ID, err)
		}
	}
	return len(list), nil
}

// entries lists what an export holds. A blind round's export (made for
// its judges) names each entry by its id only: no team id or name, no
// member e-mails, no receipt digest (the team holds its receipt), and each
// file under its slot's name (BlindFilename), not the team's file name.
func (s *Exports) entries(ctx context.Context, e Export, c Contest) ([]ExportEntry, error) {
	all, err := s.allEntries(ctx, e, c)
	if err != nil {
		return nil, err
	}
	if e.Kind == ExportPacket {
		return s.packetEntries(ctx, e, all)
	}
	if len(e.Tracks) == 0 {
		return all, nil
	}
	out := []ExportEntry{}
	for _, x := range all {
		if slices.Contains(e.Tracks, x.Track) {
			out = append(out, x)
		}
	}
	return out, nil
}

// packetEntries keeps the entries of a packet's round assigned to the
// judge who asked for it, without the members' e-mails or the receipt
// digest (a judge reads the entry, not the team's records).
func (s *Exports) packetEntries(ctx context.Context, e Export, all []ExportEntry) ([]ExportEntry, error) {
	assigned, err := s.assignedEntries(ctx, e.CreatedBy, *e.RoundID)
	if err != nil {
		return nil, err
	}
	out := []ExportEntry{}
	for _, x := range all {
		if assigned[x.SubmissionID] {
			x.Emails = nil
			x.Digest = ""
			out = append(out, x)
		}
	}
	return out, nil
}

// assignedEntries is the set of entries a judge is actively assigned in a
// round.
func (s *Exports) assignedEntries(ctx context.Context, judgeID, roundID int64) (map[int64]bool, error) {
	list, err := s.Rounds.JudgeAssignments(ctx, judgeID, false)
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, a := range list {
		if a.RoundID == roundID {
			out[a.SubmissionID] = true
		}
	}
	return out, nil
}

// StartPacket starts a judge's offline packet for a round: a ZIP of the
// files (and the CSV) of the entries assigned to u in it, built in the
// background like an export. In a blind round every entry is named by its
// number and each file by its slot's label (see allEntries). Only a judge
// with an active assignment in the round may ask; to anyone else the
// round does not exist.
func (s *Exports) StartPacket(ctx context.Context, u User, roundID int64) (Export, error) {
	r, err := s.Rounds.RoundByID(ctx, roundID)
	if err != nil {
		return Export{}, NotFound("round")
	}
	assigned, err := s.assignedEntries(ctx, u.ID, r.ID)
	if err != nil {
		return Export{}, err
	}
	if len(assigned) == 0 {
		return Export{}, NotFound("round")
	}
	if s.Queue == nil {
		return Export{}, Errorf(CodeUnavailable, "background jobs are not running; packets are unavailable")
	}
	e, err := s.Store.CreateExport(ctx, Export{ID: uuid.NewString(), ContestID: r.ContestID, RoundID: &r.ID, Kind: ExportPacket,
		Status: ExportQueued, CreatedBy: u.ID, Tracks: []string{}})
	if err != nil {
		return Export{}, err
	}
	if err := s.Contests.addAudit(ctx, AuditEntry{ContestID: r.ContestID, ActorID: u.ID, Action: "export.packet",
		ObjectType: "export", ObjectID: e.ID, Detail: mustJSON(map[string]any{"round_id": r.ID, "entries": len(assigned)})}); err != nil {
		return Export{}, err
	}
	if err := s.Queue.EnqueueExport(ctx, e.ID); err != nil {
		_ = s.Store.FailExport(context.WithoutCancel(ctx), e.ID, "could not be queued")
		return Export{}, fmt.Errorf("queue packet: %w", err)
	}
	return e, nil
}

// Packet returns one of u's packets of a round (downloaded with
// PacketDownload once done).
func (s *Exports) Packet(ctx context.Context, u User, roundID int64, id string) (Export, error) {
	return s.ownPacket(ctx, u, roundID, id)
}

// ownPacket is u's packet id of a round; anyone else's is not found.
func (s *Exports) ownPacket(ctx context.Context, u User, roundID int64, id string) (Export, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Export{}, NotFound("packet")
	}
	e, err := s.Store.ExportByID(ctx, id)
	if err != nil && ErrorCode(err) != CodeNotFound {
		return Export{}, err
	}
	if err != nil || e.Kind != ExportPacket || e.CreatedBy != u.ID || e.RoundID == nil || *e.RoundID != roundID {
		return Export{}, NotFound("packet")
	}
	return e, nil
}

// packetFilename is the name a packet is downloaded under.
func packetFilename(e Export) string {
	return fmt.Sprintf("round-%d-packet-%s.zip", *e.RoundID, e.CreatedAt.UTC().Format("20060102-150405"))
}

// allEntries lists what an export holds before its track limit.
func (s *Exports) allEntries(ctx context.Context, e Export, c Contest) ([]ExportEntry, error) {
	if e.RoundID == nil {
		return s.Store.ExportEntries(ctx, e.ContestID, 0)
	}
	r, err := s.Rounds.RoundByID(ctx, *e.RoundID)
	if err != nil {
		return nil, err
	}
	entries, err := s.Store.ExportEntries(ctx, e.ContestID, r.ID)
	if err != nil || !r.Blind {
		return entries, err
	}
	copies, err := s.blindCopies(ctx, entries)
	if err != nil {
		return nil, err
	}
	for i := range entries {
		x := &entries[i]
		x.TeamID = x.SubmissionID
		x.TeamName = "entry"
		x.Emails = nil
		x.Digest = ""
		files := make([]ExportFile, len(x.Files))
		for k, f := range x.Files {
			f.Filename = BlindFilename(c, f.Slot, f.Filename)
			if key, ok := copies[f.FileID]; ok {
				f.ObjectKey, f.BlindCopy = key, true
				// The copy's own size: the archive is laid out before it is read.
				if f.Size, err = s.Blob.Size(ctx, key); err != nil {
					return nil, fmt.Errorf("blind copy of %s: %w", f.FileID, err)
				}
			}
			files[k] = f
		}
		x.Files = files
	}
	return entries, nil
}

// blindCopies are the blind copies (PDFs without their metadata) of the
// entries' files that have one, by file id.
func (s *Exports) blindCopies(ctx context.Context, entries []ExportEntry) (map[string]string, error) {
	ids := []string{}
	for _, x := range entries {
		for _, f := range x.Files {
			ids = append(ids, f.FileID)
		}
	}
	checks, err := s.Contests.fileChecks(ctx, ids, true)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for id, c := range checks {
		if c.Facts != nil && c.Facts.BlindCopy != "" {
			out[id] = c.Facts.BlindCopy
		}
	}
	return out, nil
}

// Fail records that an export will not be finished, with a reason fit for
// the organizer: internal causes are not shown.
func (s *Exports) Fail(ctx context.Context, id string, cause error) error {
	reason := "the export failed; the server log has the details"
	var de *Error
	if errors.As(cause, &de) && de.Code != CodeInternal {
		reason = de.Message
	}
	return s.Store.FailExport(ctx, id, reason)
}

// stream pipes what build writes into an upload of key, so neither the
// whole export nor any file is ever held in memory or on disk.
func (s *Exports) stream(ctx context.Context, key, contentType string, build func(io.Writer) error) error {
	pr, pw := io.Pipe()
	built := make(chan error, 1)
	go func() {
		err := build(pw)
		pw.CloseWithError(err) // nil closes with EOF
		built <- err
	}()
	_, upErr := s.Blob.Upload(ctx, key, contentType, pr)
	pr.CloseWithError(io.ErrClosedPipe) // unblocks build if the upload stopped early
	if err := <-built; err != nil {
		return err
	}
	return upErr
}

// progressSteps bounds the progress writes of an export: one per
// hundredth of its teams (at least every progressEvery teams), and the
// last. A write per 10 teams cost a national contest's CSV (10,000 teams)
// 1,000 statements, most of its time.
const (
	progressSteps = 100
	progressEvery = 10
)

// progressDue reports whether the progress after done of total teams is
// written.
func progressDue(done, total int) bool {
	step := max(progressEvery, total/progressSteps)
	return done%step == 0 || done == total
}

func reportProgress(progress func(int) error, done, total int) error {
	if progressDue(done, total) {
		return progress(done)
	}
	return nil
}

// writeCSV writes one row per team. Every cell is neutralised against
// formula injection (see CSVCell).
func writeCSV(w io.Writer, c Contest, entries []ExportEntry, bom bool, progress func(int) error) error {
	if bom {
		if _, err := io.WriteString(w, UTF8BOM); err != nil {
			return err
		}
	}
	cw := newSpreadsheetCSV(w)
	header := []string{"team_id", "team", "track", "members", "version", "submitted_at", "digest", "title", "abstract"}
	for _, f := range c.Form {
		header = append(header, "field:"+f.Key)
	}
	for _, f := range c.Files {
		header = append(header, "file:"+f.Key)
	}
	if err := cw.Write(csvRow(header)); err != nil {
		return err
	}
	loc := c.Location()
	for i, e := range entries {
		row := []string{strconv.FormatInt(e.TeamID, 10), e.TeamName, e.Track, strings.Join(e.Emails, " "),
			strconv.Itoa(e.Version), e.SubmittedAt.In(loc).Format(time.RFC3339), e.Digest, e.Title, e.Abstract}
		for _, f := range c.Form {
			row = append(row, e.Fields[f.Key])
		}
		for _, slot := range c.Files {
			var names []string
			for _, f := range e.Files {
				if f.Slot == slot.Key {
					names = append(names, SanitizeName(f.Filename))
				}
			}
			row = append(row, strings.Join(names, " "))
		}
		if err := cw.Write(csvRow(row)); err != nil {
			return err
		}
		if progress != nil {
			if err := reportProgress(progress, i+1, len(entries)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// maxSegmentRunes bounds one path segment inside the ZIP.
const maxSegmentRunes = 80

// ZipSegment makes one path segment safe inside a ZIP on any system:
// sanitised (SanitizeName: no separators or look-alikes, no control or
// bidirectional characters), no reserved characters, no leading dots, bounded
// length; an empty result becomes "_".
func ZipSegment(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`"<>:|?*`, r) {
			return '_'
		}
		return r
	}, SanitizeName(s))
	s = strings.TrimLeft(strings.TrimSpace(s), ".")
	if utf8.RuneCountInString(s) > maxSegmentRunes {
		s = string([]rune(s)[:maxSegmentRunes])
	}
	if s == "" {
		return "_"
	}
	return s
}

// uniqueName returns name, or name with a counter when it is taken.
func uniqueName(used map[string]bool, name string) string {
	out := name
	for i := 2; used[out]; i++ {
		out = fmt.Sprintf("%s (%d)", name, i)
	}
	used[out] = true
	return out
}
