package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelpExitsZero: asking for help prints usage on stdout and exits 0,
// for podium itself and for every command, without running the command
// (serve, migrate and seed would need a database).
func TestHelpExitsZero(t *testing.T) {
	cases := [][]string{
		{"--help"}, {"-h"}, {"help"}, {"-help"},
		{"serve", "--help"}, {"migrate", "-h"}, {"admin", "--help"}, {"admin", "create", "--help"},
		{"seed", "--help"}, {"verify", "--help"}, {"judge", "--help"}, {"judge", "assign", "--help"}, {"judge", "rank", "-h"},
	}
	for _, args := range cases {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
		if code != 0 || !strings.HasPrefix(stdout.String(), "usage: podium") || stderr.Len() != 0 {
			t.Errorf("podium %s: exit %d, stdout %q, stderr %q", strings.Join(args, " "), code, stdout.String(), stderr.String())
		}
	}
	// Unknown commands and no command stay errors.
	for _, args := range [][]string{{}, {"frobnicate", "--help"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("podium %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr.String())
		}
	}
}
