// Package sso speaks OpenID Connect to the sign-in providers a platform
// admin configures (domain.OIDCConnector): the authorization code flow with
// PKCE through golang.org/x/oauth2, ID tokens verified by
// github.com/coreos/go-oidc against the keys published in each provider's
// discovery document.
package sso

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/podium-contests/podium/server/domain"
)

// Connector implements domain.OIDCConnector. Discovery documents are
// fetched once per issuer and kept for DiscoveryTTL (go-oidc refreshes the
// keys itself when a token names an unknown key).
type Connector struct {
	// HTTP is the client for the providers (a 10-second timeout when nil).
	HTTP *http.Client
	// DiscoveryTTL is how long a discovery document is kept (an hour when zero).
	DiscoveryTTL time.Duration

	mu        sync.Mutex
	providers map[string]cachedProvider
}

type cachedProvider struct {
	p       *oidc.Provider
	fetched time.Time
}

// scopes asked of every provider: the subject, the address and the name.
var scopes = []string{oidc.ScopeOpenID, "email", "profile"}

func (c *Connector) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 10 * time.Second}
}

func (c *Connector) ctx(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, c.client())
}

// provider returns the discovered provider of an issuer.
func (c *Connector) provider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	ttl := c.DiscoveryTTL
	if ttl == 0 {
		ttl = time.Hour
	}
	c.mu.Lock()
	e, ok := c.providers[issuer]
	c.mu.Unlock()
	if ok && time.Since(e.fetched) < ttl {
		return e.p, nil
	}
	p, err := oidc.NewProvider(c.ctx(ctx), issuer)
	if err != nil {
		return nil, fmt.Errorf("discovery of %s: %w", issuer, err)
	}
	c.mu.Lock()
	if c.providers == nil {
		c.providers = map[string]cachedProvider{}
	}
	c.providers[issuer] = cachedProvider{p: p, fetched: time.Now()}
	c.mu.Unlock()
	return p, nil
}

func config(p domain.OIDCProvider, op *oidc.Provider, redirectURL string) *oauth2.Config {
	return &oauth2.Config{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: op.Endpoint(),
		RedirectURL: redirectURL, Scopes: scopes}
}

// AuthURL implements domain.OIDCConnector.
func (c *Connector) AuthURL(ctx context.Context, p domain.OIDCProvider, redirectURL, state, nonce, verifier string) (string, error) {
	op, err := c.provider(ctx, p.Issuer)
	if err != nil {
		return "", err
	}
	return config(p, op, redirectURL).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// Exchange implements domain.OIDCConnector.
func (c *Connector) Exchange(ctx context.Context, p domain.OIDCProvider, redirectURL, code, verifier, nonce string) (domain.OIDCClaims, error) {
	op, err := c.provider(ctx, p.Issuer)
	if err != nil {
		return domain.OIDCClaims{}, err
	}
	tok, err := config(p, op, redirectURL).Exchange(c.ctx(ctx), code, oauth2.VerifierOption(verifier))
	if err != nil {
		if _, ok := err.(*oauth2.RetrieveError); ok {
			return domain.OIDCClaims{}, fmt.Errorf("%w: %v", domain.ErrOIDCCode, err)
		}
		return domain.OIDCClaims{}, fmt.Errorf("token endpoint of %s: %w", p.Issuer, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return domain.OIDCClaims{}, fmt.Errorf("%w: no id_token in the token response", domain.ErrOIDCToken)
	}
	idt, err := op.Verifier(&oidc.Config{ClientID: p.ClientID}).Verify(c.ctx(ctx), raw)
	if err != nil {
		return domain.OIDCClaims{}, fmt.Errorf("%w: %v", domain.ErrOIDCToken, err)
	}
	if idt.Nonce != nonce {
		return domain.OIDCClaims{}, fmt.Errorf("%w: the nonce is not the one sent", domain.ErrOIDCToken)
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified any    `json:"email_verified"`
		Name          string `json:"name"`
	}
	if err := idt.Claims(&claims); err != nil {
		return domain.OIDCClaims{}, fmt.Errorf("%w: %v", domain.ErrOIDCToken, err)
	}
	return domain.OIDCClaims{Subject: idt.Subject, Email: claims.Email, EmailVerified: truthy(claims.EmailVerified), Name: claims.Name}, nil
}

// truthy reads email_verified, a boolean that some providers send as a
// string.
func truthy(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case string:
		ok, _ := strconv.ParseBool(b)
		return ok
	}
	return false
}
