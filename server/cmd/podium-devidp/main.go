// Command podium-devidp is the login and consent app of the development
// OpenID provider (Ory Hydra) that make run starts: a form where the
// developer types whom to sign in as. It is not part of the server binary
// and trusts whatever it is told: development only.
//
//	podium-devidp client --admin URL --id ID --redirect URL   register (or update) the client; secret from PODIUM_DEVIDP_CLIENT_SECRET
//	podium-devidp serve --admin URL --addr 127.0.0.1:PORT     serve /login and /consent
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/podium-contests/podium/server/internal/devidp"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: podium-devidp client|serve --admin URL ...")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	admin := fs.String("admin", "", "Hydra's admin API (e.g. http://127.0.0.1:4445)")
	addr := fs.String("addr", "127.0.0.1:4446", "serve: the address to listen on (loopback)")
	id := fs.String("id", "podium-dev", "client: the client id")
	redirect := fs.String("redirect", "", "client: Podium's callback URL")
	_ = fs.Parse(os.Args[2:])
	h := devidp.Hydra{Admin: *admin}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch os.Args[1] {
	case "client":
		secret := os.Getenv("PODIUM_DEVIDP_CLIENT_SECRET")
		if *admin == "" || *redirect == "" || secret == "" {
			log.Fatal("client needs --admin, --redirect and PODIUM_DEVIDP_CLIENT_SECRET")
		}
		if err := h.EnsureClient(ctx, devidp.Client{ID: *id, Secret: secret}, "Podium (development)", *redirect); err != nil {
			log.Fatal(err)
		}
	case "serve":
		srv := &http.Server{Addr: *addr, Handler: devidp.Handler(h), ReadHeaderTimeout: 10 * time.Second}
		go func() {
			<-ctx.Done()
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(sctx)
		}()
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	default:
		log.Fatalf("unknown command %q", os.Args[1])
	}
}
