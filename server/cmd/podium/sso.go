package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/podium-contests/podium/server/domain"
)

// ssoCommand configures sign-in providers from the command line (the same
// settings as the admin page): podium sso set --slug S --name N --issuer URL
// --client-id ID [--domains a.edu,b.edu] [--link-verified] [--disabled],
// with the client secret in PODIUM_SSO_CLIENT_SECRET (kept when unset);
// podium sso list.
func ssoCommand(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "set" && args[0] != "list") {
		return errors.New("usage: podium sso set --slug S --name N --issuer URL --client-id ID [--domains D,...] [--link-verified] [--disabled] | podium sso list")
	}
	fs := flag.NewFlagSet("sso "+args[0], flag.ContinueOnError)
	slug := fs.String("slug", "", "the provider's short name, in its sign-in URL")
	name := fs.String("name", "", "the name on the sign-in button")
	issuer := fs.String("issuer", "", "the provider's issuer URL (its discovery document is ISSUER/.well-known/openid-configuration)")
	clientID := fs.String("client-id", "", "the client id registered at the provider")
	domains := fs.String("domains", "", "comma-separated e-mail domains allowed (default: any)")
	linkVerified := fs.Bool("link-verified", false, "a verified address from the provider signs in to the existing account of that address")
	disabled := fs.Bool("disabled", false, "configure it without offering it")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx)
	if err != nil {
		return err
	}
	defer a.store.Close()
	s := &domain.SSO{Store: a.store}
	if args[0] == "list" {
		ps, err := a.store.ListOIDCProviders(ctx)
		if err != nil {
			return err
		}
		for _, p := range ps {
			fmt.Fprintf(stdout, "%s\t%s\t%s\tclient %s\tdomains %s\tenabled %v\n", p.Slug, p.Name, p.Issuer, p.ClientID, strings.Join(p.AllowedDomains, ","), p.Enabled)
		}
		return nil
	}
	enabled := !*disabled
	in := domain.OIDCProviderInput{Slug: *slug, Name: *name, Issuer: *issuer, ClientID: *clientID, LinkVerified: *linkVerified, Enabled: &enabled,
		AllowedDomains: []string{}}
	if *domains != "" {
		in.AllowedDomains = strings.Split(*domains, ",")
	}
	if secret, ok := os.LookupEnv("PODIUM_SSO_CLIENT_SECRET"); ok {
		in.ClientSecret = &secret
	}
	p, err := s.SetProvider(ctx, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sign-in provider %s (%s) is set; its callback URL is %s%s\n", p.Slug, p.Name, strings.TrimRight(a.cfg.PublicURL, "/"), domain.OIDCCallbackPath)
	return nil
}
