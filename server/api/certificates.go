package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// certificateImageInput uploads a logo or signature: JSON like every body
// (the CSRF rule), the image in base64.
type certificateImageInput struct {
	// Data is the PNG or JPEG image, base64-encoded (at most 512 KiB
	// decoded); empty or absent removes the image.
	Data []byte `json:"data"`
}

func (s *server) getCertificateTemplate(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	t, err := s.Certificates.Template(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store") // image links are credentials
	return data(c, fiber.StatusOK, t)
}

func (s *server) saveCertificateTemplate(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.CertificateTemplateInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	t, err := s.Certificates.SaveTemplate(c.UserContext(), u, c.Params("slug"), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, t)
}

func (s *server) setCertificateImage(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in certificateImageInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	if len(in.Data) == 0 {
		in.Data = nil
	}
	t, err := s.Certificates.SetImage(c.UserContext(), u, c.Params("slug"), c.Params("image"), in.Data)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, t)
}

func (s *server) startCertificates(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	r, err := s.Certificates.StartRun(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusAccepted, r)
}

func (s *server) listCertificates(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	o, err := s.Certificates.Overview(c.UserContext(), u, c.Params("slug"), p)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, o)
}

func (s *server) verifyCertificate(c *fiber.Ctx) error {
	v, err := s.Certificates.Verify(c.UserContext(), c.Params("code"))
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return domain.Errorf(domain.CodeNotFound, "not a certificate issued by this Podium")
		}
		return err
	}
	return data(c, fiber.StatusOK, v)
}

func (s *server) revokeCertificate(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.RevokeInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	x, err := s.Certificates.Revoke(c.UserContext(), u, c.Params("code"), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, x)
}

func (s *server) downloadCertificate(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	url, err := s.Certificates.DownloadURL(c.UserContext(), u, c.Params("code"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(url, fiber.StatusFound)
}

func (s *server) teamCertificates(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id", "team")
	if err != nil {
		return err
	}
	list, err := s.Certificates.TeamCertificates(c.UserContext(), u, id)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, list)
}

func (s *server) myCertificates(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	list, err := s.Certificates.MyCertificates(c.UserContext(), u)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, list)
}

// certificateRoutes lists the certificate template, generation, downloads
// and the public verification.
func (s *server) certificateRoutes() []route {
	return []route{
		{Method: "GET", Path: "/contests/:slug/certificates/template", Summary: "The contest's certificate template (the default until edited), the fields each text may use and 5-minute links to its images", Tag: "certificates", Access: organizer,
			Result: domain.CertificateTemplate{}, Status: 200, Handler: s.getCertificateTemplate},
		{Method: "PUT", Path: "/contests/:slug/certificates/template", Summary: "Save the template's texts ({name}, {award}, {entry}, {team}, {track}, {contest}, {date} as each kind allows); certificates show as outdated until generated again", Tag: "certificates", Access: organizer,
			Body: domain.CertificateTemplateInput{}, Result: domain.CertificateTemplate{}, Status: 200, Handler: s.saveCertificateTemplate},
		{Method: "PUT", Path: "/contests/:slug/certificates/template/:image", Summary: "Upload the template's logo or signature (image: logo|signature; data: a base64 PNG or JPEG of at most 512 KiB; empty removes it)", Tag: "certificates", Access: organizer,
			Body: certificateImageInput{}, Result: domain.CertificateTemplate{}, Status: 200, Handler: s.setCertificateImage},
		{Method: "POST", Path: "/contests/:slug/certificates/generate", Summary: "Generate (or regenerate) every certificate in the background: winners, participants of teams that submitted, judges", Tag: "certificates", Access: organizer,
			Result: domain.CertificateRun{}, Status: 202, Handler: s.startCertificates},
		{Method: "GET", Path: "/contests/:slug/certificates", Summary: "The latest generation's progress, counts by kind and a page of certificates (?after=&limit=, at most 200; next_after is the next page's after, 0 on the last)", Tag: "certificates", Access: organizer,
			Result: domain.CertificateOverview{}, Status: 200, Handler: s.listCertificates},
		{Method: "GET", Path: "/certificates/:code", Summary: "Verify a certificate (public): issuer, contest, name, award, date and whether it was revoked; 404 for a code this Podium never issued", Tag: "certificates", Access: public,
			Result: domain.CertificateVerification{}, Status: 200, Handler: s.verifyCertificate},
		{Method: "POST", Path: "/certificates/:code/revoke", Summary: "Revoke a certificate (its contest's organizers; audited)", Tag: "certificates", Access: organizer,
			Body: domain.RevokeInput{}, Result: domain.Certificate{}, Status: 200, Handler: s.revokeCertificate},
		{Method: "GET", Path: "/certificates/:code/download", Summary: "302 to a 5-minute attachment link to the PDF (its holder, the holder's team, the contest's organizers)", Tag: "certificates", Access: signedIn,
			Status: 302, Handler: s.downloadCertificate},
		{Method: "GET", Path: "/teams/:id/certificates", Summary: "The team's certificates (its members and the contest's organizers)", Tag: "certificates", Access: teamMember,
			Result: []domain.Certificate{}, Status: 200, Handler: s.teamCertificates},
		{Method: "GET", Path: "/me/certificates", Summary: "The caller's own certificates in every contest (a judge's too)", Tag: "certificates", Access: signedIn,
			Result: []domain.Certificate{}, Status: 200, Handler: s.myCertificates},
	}
}
