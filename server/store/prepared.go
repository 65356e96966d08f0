package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// runner is what the store's queries run on: the pool or a transaction.
type runner interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error)
}

// preparedDB runs the named queries through statements prepared at start.
// database/sql prepares each once on every connection that runs it; after
// that a query runs in one round trip, where an unprepared query with
// parameters costs two (parse, then bind and execute). Other SQL goes to
// the pool as it is (where pgx's per-connection statement cache prepares
// it, unless Options.Unprepared).
type preparedDB struct {
	*sqlx.DB
	stmts map[string]*sqlx.Stmt
	named map[string]*sqlx.NamedStmt
}

// prepare prepares every query of byName, which also checks it against the
// schema, so a query that does not fit stops the start. Unless keep, the
// statements are closed again and every query goes to the pool unprepared
// (for poolers that do not support prepared statements).
func prepare(ctx context.Context, db *sqlx.DB, byName map[string]string, keep bool) (*preparedDB, error) {
	p := &preparedDB{DB: db, stmts: map[string]*sqlx.Stmt{}, named: map[string]*sqlx.NamedStmt{}}
	for name, q := range byName {
		var err error
		if namedParam.MatchString(q) {
			var st *sqlx.NamedStmt
			if st, err = db.PrepareNamedContext(ctx, q); err == nil {
				p.named[q] = st
			}
		} else {
			var st *sqlx.Stmt
			if st, err = db.PreparexContext(ctx, q); err == nil {
				p.stmts[q] = st
			}
		}
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("check query %s: %w", name, err)
		}
	}
	if !keep {
		p.closeStatements()
		p.stmts, p.named = nil, nil
	}
	return p, nil
}

// Close closes the statements and the pool.
func (p *preparedDB) Close() error {
	p.closeStatements()
	return p.DB.Close()
}

func (p *preparedDB) closeStatements() {
	for _, st := range p.stmts {
		st.Close()
	}
	for _, st := range p.named {
		st.Close()
	}
}

// GetContext runs a query that returns one row into dest.
func (p *preparedDB) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	if st, ok := p.stmts[query]; ok {
		return st.GetContext(ctx, dest, args...)
	}
	return p.DB.GetContext(ctx, dest, query, args...)
}

// SelectContext runs a query into the slice dest.
func (p *preparedDB) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	if st, ok := p.stmts[query]; ok {
		return st.SelectContext(ctx, dest, args...)
	}
	return p.DB.SelectContext(ctx, dest, query, args...)
}

// QueryContext runs a query whose rows the caller scans itself (a hot
// read where sqlx's reflection would cost more than the query).
func (p *preparedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st, ok := p.stmts[query]; ok {
		return st.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

// ExecContext runs a statement.
func (p *preparedDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st, ok := p.stmts[query]; ok {
		return st.ExecContext(ctx, args...)
	}
	return p.DB.ExecContext(ctx, query, args...)
}

// NamedExecContext runs a statement with :name parameters taken from arg.
func (p *preparedDB) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error) {
	if st, ok := p.named[query]; ok {
		return st.ExecContext(ctx, arg)
	}
	return p.DB.NamedExecContext(ctx, query, arg)
}

// selectConverted runs a query into rows of type R and converts each with
// conv; what names the objects in errors.
func selectConverted[R, T any](ctx context.Context, db runner, what string, conv func(R) (T, error), query string, args ...any) ([]T, error) {
	var rows []R
	if err := db.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, mapErr(err, what)
	}
	out := make([]T, len(rows))
	for i, r := range rows {
		var err error
		if out[i], err = conv(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scanEach runs a query on the database and calls scan for each row, which
// names the columns' destinations in the query's order: for the hot lists,
// where sqlx's mapping of each row's columns to fields by reflection cost
// more than reading the rows; what names the objects in errors.
func (p *preparedDB) scanEach(ctx context.Context, what, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := p.QueryContext(ctx, query, args...)
	if err != nil {
		return mapErr(err, what)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return mapErr(err, what)
		}
	}
	return mapErr(rows.Err(), what)
}

// preparedTx runs queries in a transaction through the same statements
// (prepared on the transaction's connection if they are not yet).
type preparedTx struct {
	*sqlx.Tx
	p *preparedDB
}

// GetContext runs a query that returns one row into dest.
func (t *preparedTx) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	if st, ok := t.p.stmts[query]; ok {
		return t.StmtxContext(ctx, st).GetContext(ctx, dest, args...)
	}
	return t.Tx.GetContext(ctx, dest, query, args...)
}

// SelectContext runs a query into the slice dest.
func (t *preparedTx) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	if st, ok := t.p.stmts[query]; ok {
		return t.StmtxContext(ctx, st).SelectContext(ctx, dest, args...)
	}
	return t.Tx.SelectContext(ctx, dest, query, args...)
}

// ExecContext runs a statement.
func (t *preparedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st, ok := t.p.stmts[query]; ok {
		return t.StmtxContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

// NamedExecContext runs a statement with :name parameters taken from arg.
func (t *preparedTx) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error) {
	if st, ok := t.p.named[query]; ok {
		return t.NamedStmtContext(ctx, st).ExecContext(ctx, arg)
	}
	return t.Tx.NamedExecContext(ctx, query, arg)
}
