package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

// Demo credentials, printed by `podium seed`; for local trials only.
const (
	demoAdminEmail    = "admin@podium.local"
	demoAdminPassword = "podium-admin-pass"
)

func seed(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	ifEmpty := fs.Bool("if-empty", false, "do nothing when the database already has accounts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx)
	if err != nil {
		return err
	}
	defer a.store.Close()
	if *ifEmpty {
		empty, err := a.store.IsEmpty(ctx)
		if err != nil {
			return err
		}
		if !empty {
			fmt.Fprintln(stdout, "database already has data; not seeding")
			return nil
		}
	}
	admin, err := a.accounts.CreateAdmin(ctx, demoAdminEmail, demoAdminPassword)
	if err != nil {
		return fmt.Errorf("seed admin: %w", err)
	}
	fmt.Fprintf(stdout, "demo admin: %s / %s (id %d)\n", admin.Email, demoAdminPassword, admin.ID)
	return nil
}
