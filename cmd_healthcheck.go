package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/noirbot/noirbot/config"
)

// cmdHealthcheck exits 0 when GET /healthz on http.addr answers 200: Docker's HEALTHCHECK.
func cmdHealthcheck(ctx context.Context, args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	fs := newFlags("healthcheck", "healthcheck [-config FILE]", stderr)
	path := fs.String("config", "", "configuration file (default ./config.toml when it exists)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg, ok := loadConfig(*path, true, config.CmdHealthcheck, lookupEnv, stderr)
	if !ok {
		return 2
	}
	url, err := healthURL(cfg.HTTP.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: http.addr: %v\n", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "unhealthy: %v\n", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "unhealthy: %s answered %d\n", url, resp.StatusCode)
		return 1
	}
	fmt.Fprintln(stdout, "ok")
	return 0
}

// healthURL is the /healthz URL for a listen address; an empty or unspecified host dials
// 127.0.0.1.
func healthURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}
