package store_test

import (
	"context"
	"testing"

	"github.com/podium-contests/podium/server/internal/testenv"
	"github.com/podium-contests/podium/server/store"
)

// TestPlanCacheMode checks the plan_cache_mode the store's connections
// start with: generic plans for its prepared queries unless told otherwise,
// and whatever the URL sets.
func TestPlanCacheMode(t *testing.T) {
	url := testenv.DatabaseURL(t)
	pool := store.Options{MaxOpenConns: 2, MaxIdleConns: 2}
	custom, unprepared := pool, pool
	custom.CustomPlans = true
	unprepared.Unprepared = true
	for _, c := range []struct {
		name string
		url  string
		opt  store.Options
		want string
	}{
		{"default", url, pool, "force_generic_plan"},
		{"custom plans", url, custom, "auto"},
		{"unprepared (nothing to cache)", url, unprepared, "auto"},
		{"set by the URL", url + "&plan_cache_mode=force_custom_plan", pool, "force_custom_plan"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := testenv.StoreWith(t, c.url, c.opt)
			var got string
			if err := st.DB().GetContext(context.Background(), &got, "SHOW plan_cache_mode"); err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("plan_cache_mode = %q, want %q", got, c.want)
			}
		})
	}
}
