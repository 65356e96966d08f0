package faulttest

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/internal/apiclient"
)

// TestLogsHoldNoSecrets runs a journey against a real server (sign-up,
// login, upload, submit, an API token, a download link, a failed login) and
// reads the server's whole log: no password, session id, API token or
// presigned URL signature may appear in it.
func TestLogsHoldNoSecrets(t *testing.T) {
	svc := startServices(t)
	srv := svc.serve(t, "secrets.log")
	w := svc.newWorld(t, srv, 1)
	tm := w.teams[0]
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rc, err := tm.Submit(ctx, tm.id, "secrets-1")
	must(t, err)
	var tok struct {
		Token string `json:"token"`
	}
	must(t, tm.Call(ctx, apiclient.RouteOther, 201, "POST", "me/tokens", map[string]string{"name": "script"}, &tok))
	bearer := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/files/"+fileIDOf(ctx, t, tm)+"/download?token="+tok.Token, nil)
	req.Header.Set("Authorization", "Bearer "+tok.Token)
	resp, err := bearer.Do(req)
	must(t, err)
	resp.Body.Close()
	location := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.Contains(location, "X-Amz-Signature=") {
		t.Fatalf("download: %d %q", resp.StatusCode, location)
	}
	signature := location[strings.Index(location, "X-Amz-Signature=")+len("X-Amz-Signature="):]
	signature, _, _ = strings.Cut(signature, "&")
	probe, _ := tm.Request(ctx, "GET", "me", nil)
	session := ""
	for _, ck := range probe.Cookies() {
		session = ck.Value
	}
	if session == "" {
		t.Fatal("no session cookie to look for")
	}
	wrong := apiclient.New(apiclient.NewBalancer(srv.URL), nil)
	if err := wrong.Login(ctx, "captain0@uni.example.edu", "Wrong-"+apiclient.Password); err == nil {
		t.Fatal("a wrong password logged in")
	}
	must(t, srv.Stop()) // flush and close the log
	raw, err := os.ReadFile(srv.Log)
	must(t, err)
	log := string(raw)
	if !strings.Contains(log, `"msg":"request"`) {
		t.Fatalf("the log has no request lines; is it the server's? %.500s", log)
	}
	for name, secret := range map[string]string{
		"password": apiclient.Password, "session id": session, "API token": tok.Token,
		"presigned URL signature": signature, "presigned URL parameter": "X-Amz-Signature",
	} {
		if strings.Contains(strings.ToLower(log), strings.ToLower(secret)) {
			t.Errorf("the server log contains the %s", name)
		}
	}
	t.Logf("%d bytes of log checked (receipt %s)", len(raw), rc.Digest[:12])
}

// fileIDOf returns the id of the team's stored file.
func fileIDOf(ctx context.Context, t *testing.T, tm *team) string {
	t.Helper()
	sub := submission(ctx, t, tm)
	for _, f := range sub.Files {
		return f.ID
	}
	t.Fatalf("team %d has no file", tm.id)
	return ""
}
