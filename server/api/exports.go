package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

func (s *server) startExport(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.ExportInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	e, err := s.Exports.StartExport(c.UserContext(), u, c.Params("slug"), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusAccepted, e)
}

func (s *server) getExport(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	e, err := s.Exports.Export(c.UserContext(), u, c.Params("slug"), c.Params("id"))
	if err != nil {
		return err
	}
	if e.Status == domain.ExportDone && domain.ExportStreamed(e.Kind) {
		e.DownloadURL = exportDownloadPath(c.Params("slug"), e.ID)
	}
	c.Set(fiber.HeaderCacheControl, "no-store") // the download link is a credential
	return data(c, fiber.StatusOK, e)
}

func (s *server) listExports(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	list, err := s.Exports.ListExports(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, list)
}

func (s *server) startPacket(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		e, err := s.Exports.StartPacket(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusAccepted, e)
	})
}

func (s *server) getPacket(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		e, err := s.Exports.Packet(c.UserContext(), u, id, c.Params("export_id"))
		if err != nil {
			return err
		}
		if e.Status == domain.ExportDone {
			e.DownloadURL = packetDownloadPath(id, e.ID)
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		return data(c, fiber.StatusOK, e)
	})
}

// exportRoutes lists the organizers' exports of final submissions.
func (s *server) exportRoutes() []route {
	return []route{
		{Method: "POST", Path: "/contests/:slug/exports", Summary: "Start a background export of every team's final submission (kind csv or zip)", Tag: "exports", Access: organizer,
			Body: domain.ExportInput{}, Result: domain.Export{}, Status: 202, Handler: s.startExport},
		{Method: "GET", Path: "/contests/:slug/exports", Summary: "The contest's 100 most recent exports, newest first", Tag: "exports", Access: organizer,
			Result: []domain.Export{}, Status: 200, Handler: s.listExports},
		{Method: "GET", Path: "/contests/:slug/exports/:id", Summary: "An export's progress; when done, its download_url (a CSV: a 5-minute link to the store; a ZIP: the download route below)", Tag: "exports", Access: organizer,
			Result: domain.Export{}, Status: 200, Handler: s.getExport},
		{Method: "GET", Path: "/contests/:slug/exports/:id/download", Summary: "A finished ZIP export as an attachment, streamed from the store while sent; one byte range (Range, If-Range with the ETag) resumes a broken download", Tag: "exports", Access: organizer,
			Status: 200, Handler: s.downloadExport},
		{Method: "POST", Path: "/rounds/:id/packet", Summary: "A judge's offline packet: start a background ZIP of the files of the entries assigned to the caller in the round (a blind round's names no team and no original file name: entry number and slot label)", Tag: "exports", Access: judge,
			Result: domain.Export{}, Status: 202, Handler: s.startPacket},
		{Method: "GET", Path: "/rounds/:id/packet/:export_id", Summary: "The caller's packet's progress; when done, its download_url (the download route below)", Tag: "exports", Access: judge,
			Result: domain.Export{}, Status: 200, Handler: s.getPacket},
		{Method: "GET", Path: "/rounds/:id/packet/:export_id/download", Summary: "The caller's finished packet as a ZIP attachment, streamed like a ZIP export (Range, If-Range)", Tag: "exports", Access: judge,
			Status: 200, Handler: s.downloadPacket},
	}
}
