package api

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

func (s *server) getSubmission(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		sub, err := s.Contests.Submission(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, sub)
	})
}

func (s *server) saveDraft(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		var in domain.DraftInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		sub, err := s.Contests.SaveDraft(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, sub)
	})
}

// receiptResult wraps the receipt as the contract names it.
type receiptResult struct {
	Receipt domain.Receipt `json:"receipt"`
}

func (s *server) submit(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		r, err := s.Contests.Submit(c.UserContext(), u, id, c.Get("Idempotency-Key"))
		if err != nil {
			return err
		}
		return data(c, fiber.StatusCreated, receiptResult{Receipt: r})
	})
}

func (s *server) listVersions(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		list, err := s.Contests.Versions(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, list)
	})
}

func (s *server) getVersion(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		n, err := strconv.Atoi(c.Params("version"))
		if err != nil || n <= 0 {
			return domain.NotFound("version")
		}
		v, err := s.Contests.Version(c.UserContext(), u, id, n)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, v)
	})
}

func (s *server) createFile(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		var in domain.FileInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		f, err := s.Contests.CreateFile(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusCreated, f)
	})
}

func (s *server) resumeFile(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		resend, err := partNumbers(c.Query("resend"))
		if err != nil {
			return err
		}
		w, err := partWindow(c)
		if err != nil {
			return err
		}
		st, err := s.Contests.ResumeUpload(c.UserContext(), u, id, c.Params("file_id"), resend, w)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, st)
	})
}

func (s *server) completeFile(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		var in domain.CompleteInput
		if len(c.Body()) > 0 {
			if err := parseBody(c, &in); err != nil {
				return err
			}
		}
		f, err := s.Contests.CompleteFile(c.UserContext(), u, id, c.Params("file_id"), in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, f)
	})
}

// fileLink signs a link to a file for the signed-in user.
type fileLink func(ctx context.Context, u domain.User, fileID string, judgeAccess domain.FileAccess) (string, error)

// redirectToFile answers 302 to a 5-minute presigned URL on the object
// store: file bytes never come from our origin.
func (s *server) redirectToFile(c *fiber.Ctx, link fileLink) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	url, err := link(c.UserContext(), u, c.Params("file_id"), s.JudgeFileAccess)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(url, fiber.StatusFound)
}

// downloadFile redirects to a link the store answers as an attachment.
func (s *server) downloadFile(c *fiber.Ctx) error {
	return s.redirectToFile(c, s.Contests.DownloadURL)
}

// viewFile redirects to a link the store answers inline for the types the
// entry viewer renders (PDF, MP4/WebM, MP3/M4A/WAV, PNG/JPEG/WebP) and as
// an attachment otherwise.
func (s *server) viewFile(c *fiber.Ctx) error {
	return s.redirectToFile(c, s.Contests.ViewURL)
}

// submissionRoutes lists the submission and file operations.
func (s *server) submissionRoutes() []route {
	return []route{
		{Method: "GET", Path: "/teams/:id/submission", Summary: "The team's draft, files and versions", Tag: "submissions", Access: teamMember,
			Result: domain.Submission{}, Status: 200, Handler: s.getSubmission},
		{Method: "PUT", Path: "/teams/:id/submission", Summary: "Save the draft (before the deadline)", Tag: "submissions", Access: teamMember,
			Body: domain.DraftInput{}, Result: domain.Submission{}, Status: 200, Handler: s.saveDraft},
		{Method: "POST", Path: "/teams/:id/submission/files", Summary: "Declare a file and get a presigned upload (POST up to 16 MiB, above it MULTIPART, which resumes)", Tag: "submissions", Access: teamMember,
			Body: domain.FileInput{}, Result: domain.NewFile{}, Status: 201, Handler: s.createFile},
		{Method: "GET", Path: "/teams/:id/submission/files/:file_id", Summary: "Upload progress: parts stored and fresh URLs for a window of the rest (resume): ?from_part=N&limit=M (at most 100, the default) give the missing parts from N on, next_part where the next window starts; ?resend=1,4 also re-signs listed parts the client does not trust", Tag: "submissions", Access: teamMember,
			Result: domain.UploadState{}, Status: 200, Handler: s.resumeFile},
		{Method: "POST", Path: "/teams/:id/submission/files/:file_id/complete", Summary: "Finish an upload; the server verifies size, SHA-256 and type", Tag: "submissions", Access: teamMember,
			Body: domain.CompleteInput{}, Result: domain.SubmissionFile{}, Status: 200, Handler: s.completeFile},
		{Method: "POST", Path: "/teams/:id/submission/submit", Summary: "Submit the draft as a new version (Idempotency-Key header honoured)", Tag: "submissions", Access: teamMember,
			Result: receiptResult{}, Status: 201, Handler: s.submit},
		{Method: "GET", Path: "/teams/:id/submission/versions", Summary: "List submitted versions", Tag: "submissions", Access: teamMember,
			Result: []domain.VersionSummary{}, Status: 200, Handler: s.listVersions},
		{Method: "GET", Path: "/teams/:id/submission/versions/:version", Summary: "The receipt of one version, with its team and contest (names, time zone, labels of the form and files)", Tag: "submissions", Access: teamMember,
			Result: domain.ReceiptView{}, Status: 200, Handler: s.getVersion},
		{Method: "GET", Path: "/files/:file_id/download", Summary: "302 to a 5-minute presigned download served as an attachment", Tag: "submissions", Access: signedIn,
			Status: 302, Handler: s.downloadFile},
		{Method: "GET", Path: "/files/:file_id/view", Summary: "302 to a 5-minute presigned link for the viewer: inline with its type for PDF, MP4/WebM, MP3/M4A/WAV, PNG/JPEG/WebP; an attachment for every other type", Tag: "submissions", Access: signedIn,
			Status: 302, Handler: s.viewFile},
	}
}
