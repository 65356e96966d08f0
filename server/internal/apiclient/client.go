// Package apiclient drives a running Podium server over real HTTP the way a
// browser does: a session cookie, the CSRF token from login, JSON bodies and
// uploads straight to the object store with the presigned form. The
// two-replica test and the load program (podiumload) share it, so that both
// speak to the API exactly like the frontend.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Error is a reply with a status other than the one expected.
type Error struct {
	Method, Path string
	Status       int
	Body         string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.Method, e.Path, e.Status, e.Body)
}

// Balancer spreads requests over several servers, round robin: the load
// client's stand-in for the load balancer in front of the replicas.
type Balancer struct {
	bases []string
	next  atomic.Uint64
}

// NewBalancer balances over the given base URLs (e.g. http://127.0.0.1:8080).
func NewBalancer(bases ...string) *Balancer { return &Balancer{bases: bases} }

// Pick returns the next base URL.
func (b *Balancer) Pick() string {
	return b.bases[int(b.next.Add(1)-1)%len(b.bases)]
}

// Client is one signed-in (or anonymous) caller. It is safe for concurrent
// use; its cookies and CSRF token are shared by every request it makes.
type Client struct {
	HTTP *http.Client
	// IP, when set, is sent as X-Forwarded-For: each virtual user then has its
	// own address for the server's rate limits (the server must trust the
	// client's address as a proxy, PODIUM_TRUSTED_PROXIES).
	IP string
	// Observe, when set, is called after every request with a route label,
	// the status (0 on a transport error) and the duration in seconds.
	Observe func(route string, status int, seconds float64)
	// Token, when set, is a personal API token sent as a bearer token
	// instead of the session's cookies and CSRF token (a script's calls).
	Token string

	lb      *Balancer
	mu      sync.Mutex
	cookies map[string]string
	csrf    string
}

// New returns an anonymous client of the servers behind lb.
func New(lb *Balancer, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{HTTP: hc, lb: lb, cookies: map[string]string{}}
}

// On returns a client with the same session (cookies and CSRF token) that
// talks to other servers: "log in on replica A, act on replica B".
func (c *Client) On(lb *Balancer) *Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := &Client{HTTP: c.HTTP, IP: c.IP, Observe: c.Observe, lb: lb, cookies: map[string]string{}, csrf: c.csrf}
	for k, v := range c.cookies {
		n.cookies[k] = v
	}
	return n
}

// CSRF returns the session's CSRF token.
func (c *Client) CSRF() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.csrf
}

// Request builds a request to path (under the API root /api/v1 when it does
// not start with "/") carrying the session, the CSRF token and a JSON body.
func (c *Client) Request(ctx context.Context, method, path string, body any) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(raw)
	}
	if len(path) == 0 || path[0] != '/' {
		path = "/api/v1/" + path
	}
	req, err := http.NewRequestWithContext(ctx, method, c.lb.Pick()+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.IP != "" {
		req.Header.Set("X-Forwarded-For", c.IP)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
		return req, nil
	}
	c.mu.Lock()
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	if c.csrf != "" && method != http.MethodGet && method != http.MethodHead {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	c.mu.Unlock()
	return req, nil
}

// keepCookies records the cookies a reply sets or clears.
func (c *Client) keepCookies(resp *http.Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ck := range resp.Cookies() {
		if ck.Value == "" || ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
}

// Call sends a JSON request and expects status want; on success the reply's
// "data" member is decoded into out (when out is not nil). route labels the
// call for Observe. headers are extra request headers (name, value, ...).
func (c *Client) Call(ctx context.Context, route string, want int, method, path string, body, out any, headers ...string) error {
	req, err := c.Request(ctx, method, path, body)
	if err != nil {
		return err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	status, raw, err := c.send(route, req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if status != want {
		return &Error{Method: method, Path: path, Status: status, Body: string(raw)}
	}
	if out == nil {
		return nil
	}
	env := struct {
		Data any `json:"data"`
	}{Data: out}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("%s %s: decode %q: %w", method, path, raw, err)
	}
	return nil
}

// send performs req, keeps its cookies and returns the status and body.
func (c *Client) send(route string, req *http.Request) (int, []byte, error) {
	start := time.Now()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.observe(route, 0, start)
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	c.observe(route, resp.StatusCode, start)
	if err != nil {
		return 0, nil, err
	}
	c.keepCookies(resp)
	return resp.StatusCode, raw, nil
}

func (c *Client) observe(route string, status int, start time.Time) {
	if c.Observe != nil {
		c.Observe(route, status, time.Since(start).Seconds())
	}
}

// PostForm uploads content to the object store with a presigned POST form
// (fields first, then the file), as a browser does. It expects a 2xx.
func (c *Client) PostForm(ctx context.Context, route, url string, fields map[string]string, content []byte) error {
	req, err := FormRequest(ctx, url, fields, content)
	if err != nil {
		return err
	}
	status, raw, err := c.send(route, req)
	if err != nil {
		return fmt.Errorf("upload to store: %w", err)
	}
	if status/100 != 2 {
		return &Error{Method: http.MethodPost, Path: url, Status: status, Body: string(raw)}
	}
	return nil
}

// FormRequest is the browser's upload of content with a presigned POST
// form: a multipart body with the form's fields first, then the file. The
// file's bytes are streamed from content, not copied.
func FormRequest(ctx context.Context, url string, fields map[string]string, content []byte) (*http.Request, error) {
	var head bytes.Buffer
	w := multipart.NewWriter(&head)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			return nil, err
		}
	}
	if _, err := w.CreateFormFile("file", "upload.bin"); err != nil {
		return nil, err
	}
	tail := "\r\n--" + w.Boundary() + "--\r\n" // what w.Close writes
	body := io.MultiReader(&head, bytes.NewReader(content), strings.NewReader(tail))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, body)
	if err != nil {
		return nil, err
	}
	req.ContentLength = int64(head.Len() + len(content) + len(tail))
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req, nil
}
