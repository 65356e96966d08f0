package main

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The load client's transport carries a call as net/http would: method,
// path and query as given, headers, body; the reply's status, headers (a
// session cookie among them) and body.
func TestFastTransportCarriesACall(t *testing.T) {
	var got struct {
		method, uri, token, cookie, body string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.method, got.uri, got.body = r.Method, r.RequestURI, string(b)
		got.token, got.cookie = r.Header.Get("X-CSRF-Token"), r.Header.Get("Cookie")
		http.SetCookie(w, &http.Cookie{Name: "podium_session", Value: "s3cret"})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"data":{"id":7}}`)
	}))
	defer srv.Close()

	hc := &http.Client{Transport: newFastTransport(4, time.Second)}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "PUT", srv.URL+"/api/v1/assignments/3/score?x=%2F..", strings.NewReader(`{"final":false}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-CSRF-Token", "tok")
	req.AddCookie(&http.Cookie{Name: "podium_session", Value: "old"})
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)

	if got.method != "PUT" || got.uri != "/api/v1/assignments/3/score?x=%2F.." || got.body != `{"final":false}` ||
		got.token != "tok" || got.cookie != "podium_session=old" {
		t.Errorf("server got %+v", got)
	}
	if resp.StatusCode != http.StatusCreated || string(body) != `{"data":{"id":7}}` ||
		resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("reply: status %d, body %q, headers %v", resp.StatusCode, body, resp.Header)
	}
	if c := resp.Cookies(); len(c) != 1 || c[0].Name != "podium_session" || c[0].Value != "s3cret" {
		t.Errorf("reply cookies: %v", c)
	}
}

// The transport asks for gzip, as net/http's and browsers do, and hands
// back the decompressed body.
func TestFastTransportAsksForGzip(t *testing.T) {
	var accept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		accept = r.Header.Get("Accept-Encoding")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = io.WriteString(zw, `{"data":{"id":8}}`)
		_ = zw.Close()
	}))
	defer srv.Close()
	hc := &http.Client{Transport: newFastTransport(4, time.Second)}
	resp, err := hc.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if accept != "gzip" || string(body) != `{"data":{"id":8}}` || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("Accept-Encoding %q; reply %q, Content-Encoding %q", accept, body, resp.Header.Get("Content-Encoding"))
	}
}
