package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

func (s *server) getSubmission(c *fiber.Ctx) error {
	return withTeam(c, func(u domain.User, id int64) error {
		sub, err := s.Contests.Submission(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, sub)
	})
}

func (s *server) saveDraft(c *fiber.Ctx) error {
	return withTeam(c, func(u domain.User, id int64) error {
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
	return withTeam(c, func(u domain.User, id int64) error {
		r, err := s.Contests.Submit(c.UserContext(), u, id, c.Get("Idempotency-Key"))
		if err != nil {
			return err
		}
		return data(c, fiber.StatusCreated, receiptResult{Receipt: r})
	})
}

func (s *server) listVersions(c *fiber.Ctx) error {
	return withTeam(c, func(u domain.User, id int64) error {
		list, err := s.Contests.Versions(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, list)
	})
}

func (s *server) getVersion(c *fiber.Ctx) error {
	return withTeam(c, func(u domain.User, id int64) error {
		n, err := strconv.Atoi(c.Params("version"))
		if err != nil || n <= 0 {
			return domain.NotFound("version")
		}
		r, err := s.Contests.Version(c.UserContext(), u, id, n)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, receiptResult{Receipt: r})
	})
}

func (s *server) createFile(c *fiber.Ctx) error {
	return withTeam(c, func(u domain.User, id int64) error {
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
	return withTeam(c, func(u domain.User, id int64) error {
		st, err := s.Contests.ResumeUpload(c.UserContext(), u, id, c.Params("file_id"))
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, st)
	})
}

func (s *server) completeFile(c *fiber.Ctx) error {
	return withTeam(c, func(u domain.User, id int64) error {
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

// downloadFile redirects to a 5-minute presigned URL on the object store,
// which serves the file as an attachment: file bytes never come from our
// origin.
func (s *server) downloadFile(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	url, err := s.Contests.DownloadURL(c.UserContext(), u, c.Params("file_id"), s.JudgeFileAccess)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(url, fiber.StatusFound)
}
