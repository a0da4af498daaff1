// Command noirbot is a Discord bot for World of Darkness tables whose campaigns live in the
// Valentina Noir API. main only wires: it reads the configuration, builds the clients, starts
// the servers and waits for a signal.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.LookupEnv)
	stop()
	os.Exit(code)
}

const usageText = `noirbot — a Discord bot for World of Darkness tables on the Valentina Noir API

Usage:
  noirbot run [-config FILE]                    run the bot (gateway and/or HTTP interactions, admin HTTP)
  noirbot register [-config FILE] [-guild ID]   bulk-overwrite the slash commands (global or one guild)
  noirbot console [-config FILE] [-as ID] [-guild ID]
                                                the sandbox: the real commands in your terminal
  noirbot link -discord-id ID -user-id ID [-company ID] [-config FILE]
                                                link a Discord account to a Valentina user
  noirbot emulator [-addr ADDR] [-api-version v1|v2]
                                                serve the in-memory Valentina API (v2 by default) with the sandbox data
  noirbot healthcheck [-config FILE]            exit 0 when GET /healthz on http.addr answers 200
  noirbot version                               print the version

run, register, link and healthcheck read ./config.toml when -config is not given and it exists.
Every scalar key can be overridden with NOIRBOT_<SECTION>_<KEY>, e.g. NOIRBOT_DISCORD_TOKEN.
Run "noirbot <command> -h" for a command's flags.
`

// run dispatches a command line and returns the process's exit code: 0 success, 1 failure,
// 2 bad flags or configuration.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return 2
	}
	rest := args[1:]
	switch args[0] {
	case "run":
		return cmdRun(ctx, rest, stdout, stderr, lookupEnv)
	case "register":
		return cmdRegister(ctx, rest, stdout, stderr, lookupEnv)
	case "console":
		return cmdConsole(ctx, rest, stdin, stdout, stderr, lookupEnv)
	case "link":
		return cmdLink(ctx, rest, stdout, stderr, lookupEnv)
	case "emulator":
		return cmdEmulator(ctx, rest, stdout, stderr)
	case "healthcheck":
		return cmdHealthcheck(ctx, rest, stdout, stderr, lookupEnv)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "noirbot %s\n", version)
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usageText)
		return 0
	}
	fmt.Fprintf(stderr, "noirbot: unknown command %q\n\n%s", args[0], usageText)
	return 2
}
