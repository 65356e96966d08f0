package store

import (
	"sync"

	"github.com/jackc/pgx/v5/pgtype"
)

// pgArray scans a PostgreSQL array column (text[], bigint[], ...) into a Go
// slice: database/sql hands the driver's text form of an array to the
// scanner, which pgx's type map parses. NULL scans as nil, '{}' as an empty
// slice, a NULL element is an error. As a query argument pass the plain
// slice ([]T): pgx encodes slices as arrays itself (a nil slice as NULL).
type pgArray[T any] []T

// typeMaps holds pgx type maps for scanning; a map caches its scan plans
// and is not safe for concurrent use, so each scan borrows one.
var typeMaps = sync.Pool{New: func() any { return pgtype.NewMap() }}

// Scan implements sql.Scanner.
func (a *pgArray[T]) Scan(src any) error {
	m := typeMaps.Get().(*pgtype.Map)
	defer typeMaps.Put(m)
	var out []T
	if err := m.SQLScanner(&out).Scan(src); err != nil {
		return err
	}
	*a = out
	return nil
}
