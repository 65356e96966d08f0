package store

import (
	"os"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

// TestPrepareNamesTheBadQuery: a query that does not fit the database stops
// the start with an error naming it, whichever kind of statement failed,
// and the statements prepared before it are closed without a panic.
func TestPrepareNamesTheBadQuery(t *testing.T) {
	url := os.Getenv("PODIUM_TEST_DATABASE_URL")
	if url == "" {
		t.Fatal("PODIUM_TEST_DATABASE_URL is not set: run the tests with `make test`, which starts PostgreSQL")
	}
	for name, bad := range map[string]string{
		"positional": "SELECT no_such_column FROM pg_class WHERE oid = $1",
		"named":      "SELECT :missing::text FROM no_such_table",
	} {
		t.Run(name, func(t *testing.T) {
			db, err := sqlx.Open(DriverName, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			_, err = prepare(t.Context(), db, map[string]string{
				"fine-a": "SELECT 1 WHERE $1::int > 0",
				"fine-b": "SELECT CAST(:n AS int)",
				"broken": bad,
			}, true)
			if err == nil || !strings.Contains(err.Error(), "check query broken") {
				t.Fatalf("prepare answered %v, want an error naming the query", err)
			}
		})
	}
}
