package main

import (
	"context"
	"fmt"
	"io"

	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// Request-log bounds for a long-running emulator: the last 10,000 requests,
// bodies cut to 64 KiB.
const (
	emulatorLogRequests = 10_000
	emulatorLogBody     = 64 << 10
)

// cmdEmulator serves the in-memory Valentina API emulator with the sandbox data until ctx ends.
func cmdEmulator(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("emulator", "emulator [-addr ADDR] [-api-version v1|v2]", stderr)
	addr := fs.String("addr", "127.0.0.1:8000", "listen address")
	apiVersion := fs.String("api-version", string(vclienttest.V2), "API generation to serve: v1 or v2")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	version, err := vclienttest.ParseAPIVersion(*apiVersion)
	if err != nil {
		fmt.Fprintf(stderr, "emulator: -api-version: %v\n", err)
		return 2
	}
	srv, err := vclienttest.StartAt(*addr, vclienttest.WithAPIVersion(version),
		vclienttest.WithRequestLogLimit(emulatorLogRequests, emulatorLogBody))
	if err != nil {
		fmt.Fprintf(stderr, "emulator: %v\n", err)
		return 1
	}
	defer srv.Close()
	sb := vclienttest.SeedDemo(srv.Emulator)
	fmt.Fprintf(stdout, "Valentina emulator (API %s) on %s (API key %q)\n", version, srv.URL, vclienttest.DefaultAPIKey)
	fmt.Fprintf(stdout, "sandbox company %s, campaign %s; users Ada 100, Sam 200, Alice 300, Bob 400 (Discord ids)\n", sb.CompanyID, sb.CampaignID)
	fmt.Fprintf(stdout, "point noirbot at it: NOIRBOT_VALENTINA_BASE_URL=%s NOIRBOT_VALENTINA_API_KEY=%s\n", srv.URL, vclienttest.DefaultAPIKey)
	<-ctx.Done()
	return 0
}
