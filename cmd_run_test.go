package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func TestRunCommandServesUntilSIGTERMThenStopsCleanly(t *testing.T) {
	emu := vclienttest.NewServer(t)
	sb := vclienttest.SeedSandbox(emu.Emulator)
	fake := bottest.NewFakeDiscord(t)
	signer := bottest.NewSigner()
	interactions, admin := freeAddr(t), freeAddr(t)
	env := map[string]string{
		"NOIRBOT_DISCORD_TOKEN":             "run-cmd-secret-token",
		"NOIRBOT_DISCORD_APPLICATION_ID":    bottest.DefaultAppID,
		"NOIRBOT_DISCORD_PUBLIC_KEY":        hex.EncodeToString(signer.Public),
		"NOIRBOT_DISCORD_GATEWAY":           "false",
		"NOIRBOT_DISCORD_INTERACTIONS_ADDR": interactions,
		"NOIRBOT_DISCORD_API_URL":           fake.URL,
		"NOIRBOT_VALENTINA_BASE_URL":        emu.URL,
		"NOIRBOT_VALENTINA_API_KEY":         vclienttest.DefaultAPIKey,
		"NOIRBOT_HTTP_ADDR":                 admin,
	}
	cfgPath := writeConfig(t, "[[guilds]]\nid = \""+bottest.DefaultGuildID+"\"\ncompany_id = \""+sb.CompanyID+"\"\n")
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }

	ctx, sigterm := context.WithCancel(t.Context())
	defer sigterm()
	stderr := &lockedWriter{w: &bytes.Buffer{}}
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"run", "-config", cfgPath}, strings.NewReader(""), io.Discard, stderr, lookup)
	}()

	get := func(path string) int {
		resp, err := http.Get("http://" + admin + path)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	require.True(t, waitUntil(func() bool { return get("/readyz") == http.StatusOK }), stderr.String())

	req, err := signer.Request(t.Context(), "http://"+interactions+"/interactions", bottest.Command("/help").JSON())
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.True(t, waitUntil(func() bool { return strings.Contains(stderr.String(), `"command":"/help"`) }))
	assert.Equal(t, http.StatusOK, get("/metrics"))

	sigterm()
	assert.Equal(t, 0, <-exited)
	logs := stderr.String()
	assert.Contains(t, logs, `"msg":"starting noirbot"`, "JSON logs on stderr")
	assert.Contains(t, logs, `"msg":"stopped"`)
	assert.NotContains(t, logs, "run-cmd-secret-token")
	assert.Zero(t, get("/healthz"), "the admin server is closed after shutdown")
}
