package api

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/podium-contests/podium/server/config"
)

// unreachable is a dependency that is down.
type unreachable struct{}

func (unreachable) Ping(context.Context) error { return errors.New("connection refused") }

var update = flag.Bool("update", false, "rewrite openapi.json from the route table")

func TestHealthReadyMetrics(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.client()
	mustStatus(t, c.do("GET", "/healthz", nil), 200)
	r := c.do("GET", "/readyz", nil)
	mustStatus(t, r, 200)
	// Off by default: the main address may face the internet.
	mustStatus(t, c.do("GET", "/metrics", nil), 404)
}

// TestMetricsNeedTheirTokenOnTheMainAddress: with PODIUM_METRICS_TOKEN set
// and no PODIUM_METRICS_ADDR, /metrics answers to that bearer token only;
// with PODIUM_METRICS_ADDR set it is not on the main address at all.
func TestMetricsNeedTheirTokenOnTheMainAddress(t *testing.T) {
	t.Parallel()
	const token = "metrics-token-0123456789"
	ts := newTestServer(t, func(c *config.Config) { c.MetricsToken = token })
	c := ts.client()
	mustStatus(t, c.do("GET", "/metrics", nil), 401)
	c.bearer = token + "x"
	mustStatus(t, c.do("GET", "/metrics", nil), 401)
	c.bearer = token
	r := c.do("GET", "/metrics", nil)
	mustStatus(t, r, 200)
	if !strings.Contains(string(r.Body), "podium_http_requests_total") {
		t.Fatalf("metrics lack request counter:\n%.500s", r.Body)
	}

	deps := ts.deps
	deps.Config.MetricsAddr, deps.Registry = "127.0.0.1:9090", prometheus.NewRegistry()
	ts.app = New(deps)
	mustStatus(t, c.do("GET", "/metrics", nil), 404)
}

func TestReadyNamesTheFailingDependency(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	deps := ts.deps
	deps.Blob, deps.Registry = unreachable{}, prometheus.NewRegistry()
	ts.app = New(deps)
	r := ts.client().do("GET", "/readyz", nil)
	mustStatus(t, r, 503)
	var body struct {
		Failed map[string]string `json:"failed"`
	}
	r.json(t, &body)
	if body.Failed["object_store"] == "" || body.Failed["database"] != "" {
		t.Fatalf("%s", r.Body)
	}
}

// TestNoHSTSInDevMode complements the header walk of abuse_test.go, which
// covers every route outside dev mode: plain-http development must not pin
// browsers to https.
func TestNoHSTSInDevMode(t *testing.T) {
	t.Parallel()
	dev := newTestServer(t, func(c *config.Config) { c.Dev = true })
	r := dev.client().do("GET", "/", nil)
	if h := r.Header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS in dev mode: %q", h)
	}
	if r.Header.Get("Content-Security-Policy") == "" {
		t.Error("dev mode dropped the CSP")
	}
}

func TestUnknownAPIRouteIsJSON404AndSPAFallback(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	r := ts.client().do("GET", "/api/v1/does-not-exist", nil)
	mustStatus(t, r, 404)
	if code, _ := r.errorCode(t); code != "not_found" {
		t.Fatalf("%s", r.Body)
	}
	r = ts.client().do("GET", "/some/client/route", nil)
	mustStatus(t, r, 200)
	if !strings.Contains(string(r.Body), "<title>Podium</title>") {
		t.Fatalf("SPA fallback: %s", r.Body)
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(c *config.Config) { c.BodyLimit = 2048 })
	base := ts.listen()
	resp, err := http.Post(base+"/api/v1/auth/register", "application/json", strings.NewReader(`{"name": "`+strings.Repeat("x", 4096)+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body errorBody
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != 413 || body.Error.Code != "too_large" {
		t.Fatalf("status %d, body %+v, err %v", resp.StatusCode, body, err)
	}
}

// TestOpenAPICoversEveryRoute fails when a route is served but missing from
// the document (for instance registered on Fiber directly), and keeps the
// committed openapi.json (read by the frontend's tests) in step.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	r := ts.client().do("GET", "/api/v1/openapi.json", nil)
	mustStatus(t, r, 200)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	r.json(t, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	var missing []string
	for _, rt := range ts.app.GetRoutes(true) {
		if rt.Method == "HEAD" || rt.Method == "USE" || (!strings.HasPrefix(rt.Path, "/api/") && !isOps(rt.Path)) {
			continue
		}
		p := fiberParam.ReplaceAllString(rt.Path, "{$1}")
		if _, ok := doc.Paths[p][strings.ToLower(rt.Method)]; !ok {
			missing = append(missing, rt.Method+" "+rt.Path)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("routes missing from the OpenAPI document:\n%s", strings.Join(missing, "\n"))
	}

	pretty, _ := json.MarshalIndent(json.RawMessage(r.Body), "", "  ")
	pretty = append(pretty, '\n')
	if *update {
		if err := os.WriteFile("openapi.json", pretty, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile("openapi.json")
	if err != nil || string(committed) != string(pretty) {
		t.Fatal("openapi.json is stale: run go test ./server/api -run OpenAPI -update")
	}
}

func isOps(path string) bool {
	for _, o := range opsRoutes {
		if o.Path == path {
			return true
		}
	}
	return false
}
