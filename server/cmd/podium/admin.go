package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func admin(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: podium admin create --email E [--password P]")
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	email := fs.String("email", "", "e-mail address of the admin")
	password := fs.String("password", os.Getenv("PODIUM_ADMIN_PASSWORD"), "password (default $PODIUM_ADMIN_PASSWORD)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx)
	if err != nil {
		return err
	}
	defer a.store.Close()
	u, err := a.accounts.CreateAdmin(ctx, *email, *password)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "platform admin %s (id %d) is ready\n", u.Email, u.ID)
	return nil
}
