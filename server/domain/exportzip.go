package domain

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"sort"
	"time"

	"github.com/podium-contests/podium/server/zipstream"
)

// A ZIP export (and a judge's packet) is never built as a copy of the
// files: its job records what the archive holds (a manifest: the CSV and,
// for every file, its name in the archive, object and size), and each
// download streams the archive from the store's objects as it is sent, by
// any byte range (zipstream), so that a broken download resumes.

// ExportStreamed reports whether exports of a kind are ZIP archives
// streamed at download (the job writes only their manifest).
func ExportStreamed(kind string) bool { return kind == ExportZIP || kind == ExportPacket }

// zipCSVName is the CSV's name inside a ZIP export.
const zipCSVName = "submissions.csv"

// zipManifest is what a streamed export holds, frozen when its job ran:
// later submissions do not change an export.
type zipManifest struct {
	Created time.Time      `json:"created"`
	CSV     []byte         `json:"csv"`
	Files   []manifestFile `json:"files"`
}

// manifestFile is one stored file of a streamed export.
type manifestFile struct {
	Name     string    `json:"name"`
	FileID   string    `json:"file_id"`
	Key      string    `json:"key"`
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified"`
	// SHA256 is checked when a download reads the whole file; empty for
	// a blind copy (its bytes are not the receipt's) and for a file whose
	// fingerprint is still pending.
	SHA256 string `json:"sha256,omitempty"`
	// Blind marks a blind copy: the file id's recorded CRC-32 is the
	// original's, not its own.
	Blind bool `json:"blind,omitempty"`
}

// newZipManifest lists the CSV then every team's files under
// <track>/<team-id>-<team>/<slot>-<filename>, each name made safe
// (ZipSegment) and unique.
func newZipManifest(c Contest, entries []ExportEntry, bom bool, created time.Time, progress func(int) error) (zipManifest, error) {
	var csv bytes.Buffer
	if err := writeCSV(&csv, c, entries, bom, progress); err != nil {
		return zipManifest{}, err
	}
	m := zipManifest{Created: created, CSV: csv.Bytes(), Files: []manifestFile{}}
	used := map[string]bool{zipCSVName: true}
	for _, e := range entries {
		dir := fmt.Sprintf("%s/%d-%s", ZipSegment(e.Track), e.TeamID, ZipSegment(e.TeamName))
		files := append([]ExportFile(nil), e.Files...)
		sort.SliceStable(files, func(a, b int) bool { return files[a].Slot < files[b].Slot })
		for _, f := range files {
			mf := manifestFile{Name: uniqueName(used, dir+"/"+ZipSegment(f.Slot+"-"+f.Filename)), FileID: f.FileID,
				Key: f.ObjectKey, Size: f.Size, Modified: e.SubmittedAt, Blind: f.BlindCopy}
			if !f.BlindCopy {
				mf.SHA256 = cmp.Or(f.SHA256, f.StoredSHA256) // the receipt's, else the one computed since
			}
			m.Files = append(m.Files, mf)
		}
	}
	return m, nil
}

// runStreamed records a streamed export's manifest where the export's
// object goes.
func (s *Exports) runStreamed(ctx context.Context, e Export, c Contest, entries []ExportEntry, progress func(int) error) error {
	m, err := newZipManifest(c, entries, e.BOM, e.CreatedAt, progress)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.Blob.Put(ctx, ExportKey(e), bytes.NewReader(raw), int64(len(raw)))
}

// ZipDownload is a streamed export ready to be sent: its archive, a name
// for the download and an entity tag (an export's archive never changes,
// so a resumed download can check it is continuing the same bytes).
type ZipDownload struct {
	Filename string
	ETag     string
	Archive  *zipstream.Archive

	exports  *Exports
	exportID string
	files    []manifestFile // Archive.Entries[i+1] is files[i]; entry 0 is the CSV

	learned map[string]uint32 // CRC-32s read during this download, by file id
}

// ExportDownload opens a finished ZIP export of the contest for download,
// for whoever may read the export (Export).
func (s *Exports) ExportDownload(ctx context.Context, u User, slug, id string) (*ZipDownload, error) {
	e, c, err := s.visibleExport(ctx, u, slug, id)
	if err != nil {
		return nil, err
	}
	return s.zipDownload(ctx, e, exportFilename(c, e))
}

// PacketDownload opens one of u's finished packets of a round.
func (s *Exports) PacketDownload(ctx context.Context, u User, roundID int64, id string) (*ZipDownload, error) {
	e, err := s.ownPacket(ctx, u, roundID, id)
	if err != nil {
		return nil, err
	}
	return s.zipDownload(ctx, e, packetFilename(e))
}

func (s *Exports) zipDownload(ctx context.Context, e Export, filename string) (*ZipDownload, error) {
	if !ExportStreamed(e.Kind) {
		return nil, Invalid(map[string]string{"id": "is not a ZIP export: its download_url serves it"})
	}
	if e.Status != ExportDone || e.ObjectKey == "" {
		return nil, Errorf(CodeConflict, "the export is %s; it can be downloaded once it is done", e.Status)
	}
	m, err := s.readManifest(ctx, e.ObjectKey)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(m.Files))
	for _, f := range m.Files {
		if !f.Blind {
			ids = append(ids, f.FileID)
		}
	}
	known, err := s.Store.FileCRC32s(ctx, ids)
	if err != nil {
		return nil, err
	}
	d := &ZipDownload{Filename: filename, ETag: `"zip-` + e.ID + `"`, exports: s, exportID: e.ID, files: m.Files, learned: map[string]uint32{}}
	entries := make([]zipstream.Entry, 0, len(m.Files)+1)
	entries = append(entries, zipstream.Entry{Name: zipCSVName, Modified: m.Created, Size: int64(len(m.CSV)),
		CRC32: crc32.ChecksumIEEE(m.CSV), HasCRC: true})
	for _, f := range m.Files {
		crc, ok := known[f.FileID]
		entries = append(entries, zipstream.Entry{Name: f.Name, Modified: f.Modified, Size: f.Size, CRC32: crc, HasCRC: ok && !f.Blind})
	}
	d.Archive = &zipstream.Archive{Entries: entries, Learned: d.learn,
		Open: func(ctx context.Context, i int, offset int64) (io.ReadCloser, error) {
			if i == 0 {
				return io.NopCloser(bytes.NewReader(m.CSV[offset:])), nil
			}
			e := entries[i]
			return d.open(ctx, d.files[i-1], e.CRC32, e.HasCRC, offset)
		}}
	return d, nil
}

func (s *Exports) readManifest(ctx context.Context, key string) (zipManifest, error) {
	r, err := s.Blob.Open(ctx, key)
	if err != nil {
		return zipManifest{}, err
	}
	defer r.Close()
	var m zipManifest
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return zipManifest{}, fmt.Errorf("export manifest %s: %w", key, err)
	}
	return m, nil
}

// open reads a file of the archive from offset. A file read whole is
// checked: against the CRC-32 recorded by an earlier download (which
// checked its SHA-256) when there is one, since it costs nothing where the
// SHA-256 costs a core; else against its recorded SHA-256.
func (d *ZipDownload) open(ctx context.Context, f manifestFile, crc uint32, hasCRC bool, offset int64) (io.ReadCloser, error) {
	r, err := d.exports.Blob.OpenAt(ctx, f.Key, offset)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", f.FileID, err)
	}
	switch {
	case offset > 0:
		return r, nil
	case hasCRC:
		return &checkedFile{ReadCloser: r, f: f, left: f.Size, h: crc32.NewIEEE(), want: fmt.Sprintf("%08x", crc)}, nil
	case f.SHA256 != "":
		return &checkedFile{ReadCloser: r, f: f, left: f.Size, h: sha256.New(), want: f.SHA256}, nil
	}
	return r, nil
}

func (d *ZipDownload) learn(i int, crc uint32) {
	if i == 0 || d.files[i-1].Blind {
		return
	}
	d.learned[d.files[i-1].FileID] = crc
}

// Finish records what a download learned (the CRC-32s of the files it
// read whole) and, when it stopped on a file that no longer matches its
// receipt, marks the export failed with that reason for the organizers.
// err is how the download ended (nil: complete). Call it once, after the
// archive's writing has returned (the writing records what it learns).
func (d *ZipDownload) Finish(ctx context.Context, err error) error {
	saveErr := d.exports.Store.SaveFileCRC32(ctx, d.learned)
	var de *Error
	if errors.As(err, &de) && de.Code == CodeConflict || errors.Is(err, zipstream.ErrShortObject) {
		return errors.Join(saveErr, d.exports.Fail(ctx, d.exportID, err))
	}
	return saveErr
}

// checkedFile passes a file's bytes on and fails the read that completes
// it when they do not hash to want (hex).
type checkedFile struct {
	io.ReadCloser
	f    manifestFile
	left int64
	h    hash.Hash
	want string
}

func (c *checkedFile) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.h.Write(p[:n])
	c.left -= int64(n)
	if c.left <= 0 && n > 0 && hex.EncodeToString(c.h.Sum(nil)) != c.want {
		return n, receiptMismatch(c.f.FileID, c.f.Name)
	}
	return n, err
}

// receiptMismatch says that a stored file is not the bytes its receipt
// names.
func receiptMismatch(fileID, name string) error {
	return Errorf(CodeConflict, "file %s (%s) in the bucket does not match its receipt; run `podium verify`", fileID, name)
}
