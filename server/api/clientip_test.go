package api

import (
	"net"
	"net/netip"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

func TestClientIP(t *testing.T) {
	proxy := netip.MustParsePrefix("10.0.0.0/8")
	cases := []struct {
		name    string
		trusted trustedProxies
		peer    string
		xff     string
		want    string
	}{
		{"no proxy configured ignores the header", nil, "203.0.113.5", "1.2.3.4", "203.0.113.5"},
		{"untrusted peer ignores the header", trustedProxies{proxy}, "203.0.113.5", "1.2.3.4", "203.0.113.5"},
		{"trusted proxy: last hop", trustedProxies{proxy}, "10.0.0.2", "198.51.100.9", "198.51.100.9"},
		{"forged left entries are skipped", trustedProxies{proxy}, "10.0.0.2", "1.2.3.4, 198.51.100.9", "198.51.100.9"},
		{"chains of trusted proxies", trustedProxies{proxy}, "10.0.0.2", "198.51.100.9, 10.0.0.3", "198.51.100.9"},
		{"garbage falls back to the peer", trustedProxies{proxy}, "10.0.0.2", "not-an-ip", "10.0.0.2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &server{trusted: tc.trusted}
			app := fiber.New()
			fctx := &fasthttp.RequestCtx{}
			fctx.SetRemoteAddr(netipAddr(tc.peer))
			fctx.Request.Header.Set("X-Forwarded-For", tc.xff)
			c := app.AcquireCtx(fctx)
			defer app.ReleaseCtx(c)
			if got := s.clientIP(c); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func netipAddr(s string) *net.TCPAddr {
	return &net.TCPAddr{IP: net.ParseIP(s), Port: 1234}
}
