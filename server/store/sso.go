package store

import (
	"context"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// providerRow scans an oidc_providers row.
type providerRow struct {
	domain.OIDCProvider
	Domains pgArray[string] `db:"allowed_domains"`
}

func (r providerRow) provider() domain.OIDCProvider {
	p := r.OIDCProvider
	p.AllowedDomains = []string(r.Domains)
	if p.AllowedDomains == nil {
		p.AllowedDomains = []string{}
	}
	p.HasSecret = p.ClientSecret != ""
	return p
}

// ListOIDCProviders implements domain.SSOStore.
func (s *Store) ListOIDCProviders(ctx context.Context) ([]domain.OIDCProvider, error) {
	var rows []providerRow
	if err := s.db.SelectContext(ctx, &rows, s.q.ListOIDCProviders); err != nil {
		return nil, mapErr(err, "sign-in provider")
	}
	out := make([]domain.OIDCProvider, len(rows))
	for i, r := range rows {
		out[i] = r.provider()
	}
	return out, nil
}

func (s *Store) oneProvider(ctx context.Context, q string, arg any) (domain.OIDCProvider, error) {
	var r providerRow
	if err := s.db.GetContext(ctx, &r, q, arg); err != nil {
		return domain.OIDCProvider{}, mapErr(err, "sign-in provider")
	}
	return r.provider(), nil
}

// OIDCProviderBySlug implements domain.SSOStore.
func (s *Store) OIDCProviderBySlug(ctx context.Context, slug string) (domain.OIDCProvider, error) {
	return s.oneProvider(ctx, s.q.OIDCProviderBySlug, slug)
}

// OIDCProviderByID implements domain.SSOStore.
func (s *Store) OIDCProviderByID(ctx context.Context, id int64) (domain.OIDCProvider, error) {
	return s.oneProvider(ctx, s.q.OIDCProviderByID, id)
}

// SaveOIDCProvider implements domain.SSOStore.
func (s *Store) SaveOIDCProvider(ctx context.Context, p domain.OIDCProvider) (domain.OIDCProvider, error) {
	var r providerRow
	var err error
	domains := p.AllowedDomains
	if p.ID == 0 {
		err = s.db.GetContext(ctx, &r, s.q.InsertOIDCProvider, p.Slug, p.Name, p.Issuer, p.ClientID, p.ClientSecret, domains, p.LinkVerified, p.Enabled)
	} else {
		err = s.db.GetContext(ctx, &r, s.q.UpdateOIDCProvider, p.ID, p.Slug, p.Name, p.Issuer, p.ClientID, p.ClientSecret, domains, p.LinkVerified, p.Enabled)
	}
	if err != nil {
		return domain.OIDCProvider{}, mapErr(err, "sign-in provider "+p.Slug)
	}
	return r.provider(), nil
}

// DeleteOIDCProvider implements domain.SSOStore.
func (s *Store) DeleteOIDCProvider(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, s.q.DeleteOIDCProvider, id)
	if err != nil {
		return mapErr(err, "sign-in provider")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("sign-in provider")
	}
	return nil
}

// CreateOIDCLogin implements domain.SSOStore.
func (s *Store) CreateOIDCLogin(ctx context.Context, stateHash []byte, l domain.OIDCLogin) error {
	_, err := s.db.ExecContext(ctx, s.q.CreateOIDCLogin, stateHash, l.ProviderID, l.Nonce, l.Verifier, l.Next, l.LinkUserID, l.ExpiresAt)
	return mapErr(err, "sign-in")
}

// UseOIDCLogin implements domain.SSOStore.
func (s *Store) UseOIDCLogin(ctx context.Context, stateHash []byte) (domain.OIDCLogin, error) {
	var l domain.OIDCLogin
	err := s.db.GetContext(ctx, &l, s.q.UseOIDCLogin, stateHash)
	return l, mapErr(err, "sign-in")
}

// IdentityUser implements domain.SSOStore.
func (s *Store) IdentityUser(ctx context.Context, providerID int64, subject string) (domain.User, error) {
	var u domain.User
	err := s.db.GetContext(ctx, &u, s.q.IdentityUser, providerID, subject)
	return u, mapErr(err, "identity")
}

// LinkIdentity implements domain.SSOStore.
func (s *Store) LinkIdentity(ctx context.Context, providerID int64, subject, email string, userID int64, verify bool) (domain.User, error) {
	var u domain.User
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.InsertIdentity, providerID, subject, userID, email); err != nil {
			return mapErr(err, "identity")
		}
		if verify {
			if _, err := tx.ExecContext(ctx, s.q.MarkVerifiedByProvider, userID, email); err != nil {
				return mapErr(err, "account")
			}
			if _, err := tx.ExecContext(ctx, s.q.ClaimInvitations, userID, email); err != nil {
				return mapErr(err, "invitations")
			}
		}
		return mapErr(tx.GetContext(ctx, &u, s.q.UserByID, userID), "account")
	})
	if err == nil {
		s.sessionCache.forgetUser(userID)
	}
	return u, err
}

// CreateSSOUser implements domain.SSOStore.
func (s *Store) CreateSSOUser(ctx context.Context, u domain.User, providerID int64, subject string, verified bool) (domain.User, error) {
	var out domain.User
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if err := tx.GetContext(ctx, &out, s.q.CreateSSOUser, u.Email, u.Name, verified); err != nil {
			return mapErr(err, "account")
		}
		if _, err := tx.ExecContext(ctx, s.q.InsertIdentity, providerID, subject, out.ID, u.Email); err != nil {
			return mapErr(err, "identity")
		}
		if verified {
			_, err := tx.ExecContext(ctx, s.q.ClaimInvitations, out.ID, u.Email)
			return mapErr(err, "invitations")
		}
		return nil
	})
	return out, err
}

// UserByEmail implements domain.SSOStore.
func (s *Store) UserByEmail(ctx context.Context, email string) (domain.User, error) {
	u, _, err := s.UserCredentials(ctx, email)
	return u, err
}

// SignInWays implements domain.SSOStore.
func (s *Store) SignInWays(ctx context.Context, userID int64) (domain.SignInWays, error) {
	var rows []struct {
		HasPassword bool       `db:"has_password"`
		Provider    string     `db:"provider"`
		Name        string     `db:"name"`
		Subject     string     `db:"subject"`
		Email       string     `db:"email"`
		LinkedAt    *time.Time `db:"linked_at"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.SignInWays, userID); err != nil {
		return domain.SignInWays{}, mapErr(err, "sign-in providers")
	}
	if len(rows) == 0 {
		return domain.SignInWays{}, domain.Errorf(domain.CodeNotFound, "account not found")
	}
	out := domain.SignInWays{HasPassword: rows[0].HasPassword, Identities: []domain.LinkedIdentity{}}
	for _, r := range rows {
		if r.LinkedAt != nil {
			out.Identities = append(out.Identities, domain.LinkedIdentity{Provider: r.Provider, Name: r.Name, Subject: r.Subject, Email: r.Email, LinkedAt: *r.LinkedAt})
		}
	}
	return out, nil
}

// UnlinkIdentity implements domain.SSOStore.
func (s *Store) UnlinkIdentity(ctx context.Context, userID int64, provider string) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q.UnlinkIdentity, userID, provider)
	if err != nil {
		return false, mapErr(err, "sign-in provider")
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
