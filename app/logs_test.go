package app

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// withEmulator passes options to the emulator.
func withEmulator(opts ...vclienttest.Option) testOption {
	return func(s *testSetup) { s.emuOpts = append(s.emuOpts, opts...) }
}

// logLines decodes the app's JSON log lines.
func logLines(t *testing.T, text string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for line := range strings.Lines(text) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		lines = append(lines, m)
	}
	return lines
}

func TestAFullRunLogsEveryInteractionAndNoSecret(t *testing.T) {
	const (
		token         = "bot-token-MTIzNDU2Nzg5.s3cret"
		apiKey        = "vk-live-0123456789abcdef"
		redisPassword = "redis-pa55-s3cret"
	)
	mr := miniredis.RunT(t)
	mr.RequireAuth(redisPassword)
	ta := startTestApp(t,
		withEmulator(vclienttest.WithAPIKey(apiKey)),
		withConfig(func(c *config.Config) {
			c.Discord.Token = config.Secret(token)
			c.Valentina.APIKey = config.Secret(apiKey)
			c.Valentina.MaxRetries = 0
			c.Redis.URL = config.Secret("redis://:" + redisPassword + "@" + mr.Addr() + "/0")
			c.Log.Level = "debug"
		}))
	ta.emu.InjectFault(vclienttest.Fault{Method: http.MethodPost, Route: e2eQuickrollRoute, Status: http.StatusInternalServerError})

	type sent struct {
		id, command string
		builder     *bottest.Builder
	}
	interactions := []sent{
		{"5001", "/help", bottest.Command("/help")},
		{"5002", "/whoami", bottest.Command("/whoami")},
		{"5003", "/quickroll", bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl"))},
		{"5004", "/xp/add", bottest.Command("/xp/add", bottest.UserOpt("member", aliceUser.ID), bottest.O("amount", 2)).
			User(samUser.ID, samUser.Username).Resolve(aliceUser, samUser)},
	}
	for _, in := range interactions {
		status, _ := ta.post(t, in.builder.ID(in.id).JSON())
		require.Equal(t, http.StatusOK, status, in.command)
	}
	ta.waitMetric(t, `noirbot_interactions_total{command="/xp/add",outcome="ok"} 1`)
	require.Equal(t, 0, ta.stop(t))

	text := ta.logs.String()
	require.Contains(t, text, `"msg":"stopped"`, "the whole run, shutdown included, was logged")
	for name, secret := range map[string]string{"bot token": token, "API key": apiKey, "Redis password": redisPassword} {
		assert.NotContains(t, text, secret, "the %s leaked into the logs", name)
	}

	byID := map[string]map[string]any{}
	for _, line := range logLines(t, text) {
		if line["msg"] == "interaction" {
			byID[line["interaction_id"].(string)] = line
		}
	}
	for _, in := range interactions {
		line, ok := byID[in.id]
		if !assert.True(t, ok, "no interaction line for %s", in.command) {
			continue
		}
		for _, key := range []string{"guild", "user", "command", "latency", "outcome"} {
			assert.Contains(t, line, key, "%s's line", in.command)
		}
		assert.Equal(t, in.command, line["command"])
		assert.Equal(t, bottest.DefaultGuildID, line["guild"])
	}
	assert.Equal(t, "ok", byID["5001"]["outcome"])
	assert.NotEqual(t, "ok", byID["5003"]["outcome"], "the API failure is visible in the outcome")
	var failure string
	for _, line := range strings.Split(grepLines(text, `"level":"ERROR"`), "\n") {
		if strings.Contains(line, `"5003"`) {
			failure = line
		}
	}
	assert.Contains(t, failure, "500 Internal Server Error", "the API's error is logged with the interaction id")
}
