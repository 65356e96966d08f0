package main

import (
	"net/url"

	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/certpdf"
	"github.com/podium-contests/podium/server/domain"
)

// certificates builds the certificate service. Its fonts are loaded now:
// when one is missing the server still serves everything else, logs the
// reason, and refuses certificate generation with it.
func (a *app) certificates(contests *domain.Contests, b *blob.Store) *domain.Certificates {
	issuer := a.cfg.PublicURL
	if u, err := url.Parse(a.cfg.PublicURL); err == nil && u.Host != "" {
		issuer = "Podium · " + u.Host
	}
	c := &domain.Certificates{Contests: contests, Store: a.store, Blob: b, PublicURL: a.cfg.PublicURL, Issuer: issuer, Workers: a.cfg.CertWorkers}
	r, err := certpdf.Load(a.cfg.CertTextFont, a.cfg.CertFont)
	if err != nil {
		a.log.Error("certificates cannot be generated", "err", err)
		c.RenderUnavailable = err.Error()
		return c
	}
	c.Render = r
	return c
}
