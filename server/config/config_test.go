package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.S3Bucket != "podium" || c.S3Region != "us-east-1" {
		t.Fatalf("unexpected defaults: %+v", c)
	}
	if c.DatabaseSessionURL != c.DatabaseURL || c.DBMaxIdleConns != c.DBMaxOpenConns {
		t.Fatalf("session URL %q (want %q), idle conns %d (want %d)", c.DatabaseSessionURL, c.DatabaseURL, c.DBMaxIdleConns, c.DBMaxOpenConns)
	}
	if !c.SecureCookies() {
		t.Fatal("cookies must be Secure outside dev mode")
	}
	if c.S3PathStyle {
		t.Fatal("path style must default to false for AWS")
	}
	if !c.S3TrustChecksums {
		t.Fatal("store checksums must be trusted by default")
	}
	if !c.DBGenericPlans {
		t.Fatal("prepared queries must be planned generically by default")
	}
	if c.MaxConns != 0 || c.MaxConnsPerIP != 0 || c.MetricsAddr != "" || c.MetricsToken != "" {
		t.Fatalf("connection caps %d/%d (want 0: sized at start), metrics %q %q (want off)", c.MaxConns, c.MaxConnsPerIP, c.MetricsAddr, c.MetricsToken)
	}
	if c.ExportTTL != 7*24*time.Hour || c.EventStreamsPerSession != 8 || c.EventStreamsPerUser != 24 {
		t.Fatalf("export TTL %v, streams per session %d, per user %d", c.ExportTTL, c.EventStreamsPerSession, c.EventStreamsPerUser)
	}
	if c.SMTPRate != 50 {
		t.Fatalf("e-mail rate %d, want 50 per second", c.SMTPRate)
	}
	// A 1,000-person event signs up from one address within the hour.
	if r := c.Rates.Register; r.String() != "100 + 1200/1h" {
		t.Fatalf("registration throttle %s", r)
	}
	if c.IPv6Prefix != 64 || c.Uploads.AbandonAfter != 12*time.Hour || c.Uploads.PendingPerSlot != 2 ||
		c.Uploads.StorageFactor != 4 || c.Uploads.HourlyFactor != 4 || c.UploadCleanupEvery != 5*time.Minute {
		t.Fatalf("upload and address defaults: %+v, prefix %d", c.Uploads, c.IPv6Prefix)
	}
	for name, r := range map[string]interface{ Unlimited() bool }{
		"login pair": c.Rates.LoginPair, "login address": c.Rates.LoginAddress, "token": c.Rates.Token,
		"password change": c.Rates.PasswordChange, "anonymous": c.RateAnonymous, "declare": c.Uploads.Declare, "complete": c.Uploads.Complete,
		"parts": c.Uploads.Parts, "submit": c.Uploads.Submit,
	} {
		if r.Unlimited() {
			t.Errorf("%s throttle has no default", name)
		}
	}
}

func TestLoadThrottles(t *testing.T) {
	c, err := Load(env(map[string]string{
		"PODIUM_RATE_REGISTER":         "500 + 3000/1h",
		"PODIUM_RATE_LOGIN_ADDRESS":    "200+1000/h",
		"PODIUM_IPV6_PREFIX":           "56",
		"PODIUM_UPLOAD_STORAGE_FACTOR": "2.5",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Rates.Register.Burst != 500 || c.Rates.Register.Count != 3000 || c.Rates.LoginAddress.String() != "200 + 1000/1h" ||
		c.IPv6Prefix != 56 || c.Uploads.StorageFactor != 2.5 {
		t.Fatalf("values not applied: %+v %+v", c.Rates, c.Uploads)
	}
}

func TestLoadValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"PODIUM_DEV":                "true",
		"PODIUM_S3_ENDPOINT":        "http://127.0.0.1:7070",
		"PODIUM_SESSION_IDLE":       "30m",
		"PODIUM_TRUSTED_PROXIES":    "10.0.0.1, 192.168.0.0/16",
		"PODIUM_S3_TRUST_CHECKSUMS": "false",
		"PODIUM_DB_GENERIC_PLANS":   "false",
		"PODIUM_DATABASE_URL":       "postgres://postgres@/podium?host=/run/postgresql&sslmode=disable",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SecureCookies() || !c.S3PathStyle || c.SessionIdle != 30*time.Minute || c.S3TrustChecksums || c.DBGenericPlans {
		t.Fatalf("values not applied: %+v", c)
	}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[0].Bits() != 32 {
		t.Fatalf("trusted proxies: %v", c.TrustedProxies)
	}
}

func TestLoadNamesBadVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"PODIUM_DEV":                       {"PODIUM_DEV": "maybe"},
		"PODIUM_DB_MAX_OPEN_CONNS":         {"PODIUM_DB_MAX_OPEN_CONNS": "0"},
		"PODIUM_SMTP_RATE":                 {"PODIUM_SMTP_RATE": "0"},
		"PODIUM_SESSION_IDLE":              {"PODIUM_SESSION_IDLE": "soon"},
		"PODIUM_PUBLIC_URL":                {"PODIUM_PUBLIC_URL": "localhost"},
		"PODIUM_DATABASE_SESSION_URL":      {"PODIUM_DATABASE_SESSION_URL": "db.internal:5432"},
		"PODIUM_S3_ENDPOINT":               {"PODIUM_S3_ENDPOINT": "ftp://x"},
		"PODIUM_TRUSTED_PROXIES":           {"PODIUM_TRUSTED_PROXIES": "not-an-ip"},
		"PODIUM_LOG_LEVEL":                 {"PODIUM_LOG_LEVEL": "loud"},
		"PODIUM_IPV6_PREFIX":               {"PODIUM_IPV6_PREFIX": "8"},
		"PODIUM_RATE_REGISTER":             {"PODIUM_RATE_REGISTER": "20 per hour"},
		"PODIUM_RATE_LOGIN_PAIR":           {"PODIUM_RATE_LOGIN_PAIR": "0 + 20/1h"},
		"PODIUM_RATE_UPLOAD_PARTS":         {"PODIUM_RATE_UPLOAD_PARTS": "10 + 5/1ms"},
		"PODIUM_RATE_SUBMIT":               {"PODIUM_RATE_SUBMIT": "10 + x/1h"},
		"PODIUM_UPLOAD_STORAGE_FACTOR":     {"PODIUM_UPLOAD_STORAGE_FACTOR": "0.5"},
		"PODIUM_UPLOAD_HOURLY_FACTOR":      {"PODIUM_UPLOAD_HOURLY_FACTOR": "NaN"},
		"PODIUM_UPLOAD_PENDING_PER_SLOT":   {"PODIUM_UPLOAD_PENDING_PER_SLOT": "0"},
		"PODIUM_UPLOAD_ABANDON_AFTER":      {"PODIUM_UPLOAD_ABANDON_AFTER": "30m"},
		"PODIUM_UPLOAD_CLEANUP_EVERY":      {"PODIUM_UPLOAD_CLEANUP_EVERY": "-1m"},
		"PODIUM_MAX_CONNS":                 {"PODIUM_MAX_CONNS": "-1"},
		"PODIUM_MAX_CONNS_PER_IP":          {"PODIUM_MAX_CONNS": "10", "PODIUM_MAX_CONNS_PER_IP": "11"},
		"PODIUM_EVENT_STREAMS_PER_SESSION": {"PODIUM_EVENT_STREAMS_PER_SESSION": "30", "PODIUM_EVENT_STREAMS_PER_USER": "20"},
		"PODIUM_EVENT_STREAMS_PER_USER":    {"PODIUM_EVENT_STREAMS_PER_USER": "0"},
		"PODIUM_METRICS_ADDR":              {"PODIUM_ADDR": ":9000", "PODIUM_METRICS_ADDR": ":9000"},
		"PODIUM_METRICS_TOKEN":             {"PODIUM_METRICS_TOKEN": "short"},
		"PODIUM_EXPORT_TTL":                {"PODIUM_EXPORT_TTL": "0s"},
	}
	for want, vars := range cases {
		_, err := Load(env(vars))
		var cerr *Error
		if !errors.As(err, &cerr) || cerr.Var != want {
			t.Errorf("%v: got %v, want an error naming %s", vars, err, want)
		}
	}
}

func TestLoadRedactsDatabasePassword(t *testing.T) {
	_, err := Load(env(map[string]string{"PODIUM_DATABASE_URL": "postgres://u:hunter2@/"}))
	if err == nil {
		t.Fatal("want error for a URL without host")
	}
	if got := err.Error(); strings.Contains(got, "hunter2") {
		t.Fatalf("error leaks the password: %s", got)
	}
}
