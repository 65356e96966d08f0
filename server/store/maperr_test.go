package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/podium-contests/podium/server/domain"
)

// TestMapErr: the driver's errors, wrapped as the store's callers see them,
// become the domain's codes.
func TestMapErr(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("insert: %w", err) }
	for _, c := range []struct {
		name string
		err  error
		code domain.Code // CodeInternal: passed on unchanged
		msg  string      // part of the message, if any
	}{
		{"no rows", sql.ErrNoRows, domain.CodeNotFound, "team"},
		{"unique violation", wrap(&pgconn.PgError{Code: "23505"}), domain.CodeConflict, "team already exists"},
		{"one role per contest", wrap(&pgconn.PgError{Code: "23P01", ConstraintName: "contest_members_one_role", Detail: "judge"}), domain.CodeConflict, "the role judge"},
		{"one team per contest", wrap(&pgconn.PgError{Code: "23P01", ConstraintName: "team_members_one_team", Detail: "Alpha"}), domain.CodeConflict, "you left team Alpha"},
		{"other exclusion", wrap(&pgconn.PgError{Code: "23P01", ConstraintName: "elsewhere"}), domain.CodeInternal, ""},
		{"admin shutdown", wrap(&pgconn.PgError{Code: "57P01"}), domain.CodeUnavailable, "unavailable"},
		{"too many connections", wrap(&pgconn.PgError{Code: "53300"}), domain.CodeUnavailable, ""},
		{"connection failure", wrap(&pgconn.PgError{Code: "08006"}), domain.CodeUnavailable, ""},
		{"cannot connect", wrap(&pgconn.ConnectError{}), domain.CodeUnavailable, ""},
		{"lost connection", wrap(errors.New("unexpected EOF")), domain.CodeUnavailable, ""},
		{"syntax error", wrap(&pgconn.PgError{Code: "42601"}), domain.CodeInternal, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := mapErr(c.err, "team")
			if code := domain.ErrorCode(got); code != c.code {
				t.Fatalf("code %q, want %q (%v)", code, c.code, got)
			}
			if c.code == domain.CodeInternal && got != c.err {
				t.Fatalf("got %v, want the error unchanged", got)
			}
			if !strings.Contains(got.Error(), c.msg) {
				t.Fatalf("message %q does not say %q", got.Error(), c.msg)
			}
		})
	}
	if !isUniqueViolation(fmt.Errorf("x: %w", &pgconn.PgError{Code: "23505"})) || isUniqueViolation(&pgconn.PgError{Code: "23P01"}) {
		t.Fatal("isUniqueViolation does not tell unique violations apart")
	}
}
