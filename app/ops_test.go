package app

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
)

// The sandbox's Discord accounts (SPEC §8).
var (
	samUser   = &discordgo.User{ID: "200", Username: "sam"}
	aliceUser = &discordgo.User{ID: "300", Username: "alice"}
)

func TestMetricsCountEachInteractionWithItsOutcome(t *testing.T) {
	ta := startTestApp(t)

	status, out := ta.post(t, bottest.Command("/help").JSON())
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, float64(discordgo.InteractionResponseChannelMessageWithSource), out["type"])
	ta.waitMetric(t, `noirbot_interactions_total{command="/help",outcome="ok"} 1`)
	ta.waitMetric(t, `noirbot_responses_total{mode="inline"} 1`)
	ta.waitMetric(t, `noirbot_interaction_duration_seconds_count{command="/help"} 1`)

	_, before := ta.adminGet(t, "/metrics") // v2's start-up probe is a lookup too
	ta.emu.ResetRequests()
	status, _ = ta.post(t, bottest.Command("/whoami").JSON())
	require.Equal(t, http.StatusOK, status)
	ta.waitMetric(t, `noirbot_interactions_total{command="/whoami",outcome="ok"} 1`)
	reqs := ta.emu.Requests()
	require.NotEmpty(t, reqs, "/whoami asks the API who the caller is")
	n := 1
	var earlier int
	if _, err := fmt.Sscanf(metricLine(before, fmt.Sprintf(`noirbot_valentina_requests_total{attempt="1",route=%q,status="200"} `, reqs[0].Route)), "%d", &earlier); err == nil {
		n += earlier
	}
	ta.waitMetric(t, fmt.Sprintf(`noirbot_valentina_requests_total{attempt="1",route=%q,status="200"} %d`, reqs[0].Route, n))
	ta.waitMetric(t, fmt.Sprintf(`noirbot_valentina_request_duration_seconds_count{route=%q} %d`, reqs[0].Route, n))

	_, body := ta.adminGet(t, "/metrics")
	assert.Contains(t, body, "noirbot_cache_misses_total{", "the cold lookups were counted")
	assert.Contains(t, body, "go_goroutines ")
}

func TestMetricsCountDuplicateDeliveries(t *testing.T) {
	ta := startTestApp(t)
	help := bottest.Command("/help").ID("4242")
	status, _ := ta.post(t, help.JSON())
	require.Equal(t, http.StatusOK, status)
	status, _ = ta.post(t, help.JSON())
	require.Equal(t, http.StatusOK, status)
	ta.waitMetric(t, `noirbot_duplicate_deliveries_total 1`)
	ta.waitMetric(t, `noirbot_interactions_total{command="/help",outcome="ok"} 1`)
}

func TestReadyzSaysDegradedWhileRedisIsUnreachable(t *testing.T) {
	mr := miniredis.RunT(t)
	proxy := newRedisProxy(t, mr.Addr())
	ta := startTestApp(t, withConfig(func(c *config.Config) {
		c.Redis.URL = config.Secret("redis://" + proxy.addr() + "/0")
	}))

	code, body := ta.readyz(t)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, map[string]string{"status": "ok"}, body)

	proxy.cut()
	code, body = ta.readyz(t)
	assert.Equal(t, http.StatusOK, code, "Redis down must not pull the replica out of the load balancer")
	assert.Equal(t, map[string]string{"status": "degraded", "redis": "down"}, body)
	hz, _ := ta.adminGet(t, "/healthz")
	assert.Equal(t, http.StatusOK, hz)

	status, out := ta.post(t, bottest.Command("/whoami").JSON())
	assert.Equal(t, http.StatusOK, status, "the bot keeps answering (fail-open)")
	assert.Equal(t, float64(discordgo.InteractionResponseChannelMessageWithSource), out["type"])
	ta.waitMetric(t, `noirbot_interactions_total{command="/whoami",outcome="ok"} 1`)
	_, metrics := ta.adminGet(t, "/metrics")
	assert.Contains(t, metrics, "noirbot_redis_fail_open_total{")

	proxy.restore()
	code, body = ta.readyz(t)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, map[string]string{"status": "ok"}, body, "ok again as soon as Redis answers")
}

func TestSIGTERMDuringASlowCommandLetsItFinishAndAnswer(t *testing.T) {
	gate := newUpstreamGate(t, http.MethodPost, "/dicerolls/quickroll")
	ta := startTestApp(t, withGate(gate), deferAtOnce())

	roll := bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")).User(aliceUser.ID, aliceUser.Username)
	status, out := ta.post(t, roll.JSON())
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, float64(discordgo.InteractionResponseDeferredChannelMessageWithSource), out["type"])
	gate.waitArrived(t, 1)

	ta.cancel() // SIGTERM
	require.True(t, bottest.WaitUntil(func() bool { code, _ := ta.readyz(t); return code == http.StatusServiceUnavailable }))
	code, body := ta.readyz(t)
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Equal(t, map[string]string{"status": "unavailable", "reason": "shutting down"}, body)
	hz, _ := ta.adminGet(t, "/healthz")
	assert.Equal(t, http.StatusOK, hz, "the process still runs")

	gate.open() // Valentina answers
	assert.Equal(t, 0, ta.stop(t))
	edits := ta.fake.WaitFor(t, bottest.Edit, 1)
	require.Len(t, edits, 1)
	assert.Contains(t, string(edits[0].Body), "Strength + Brawl", "the roll itself reached the channel")
	assert.NotContains(t, string(edits[0].Body), "restarted")
	assert.Len(t, ta.emu.DiceRolls(ta.sb.CompanyID), 1)
}

func TestShutdownTellsStillDeferredInteractionsTheBotRestarted(t *testing.T) {
	tests := []struct {
		name, suffix string
		cmd          *bottest.Builder
		want         string
	}{
		{"a roll", "/dicerolls/quickroll",
			bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")).User(aliceUser.ID, aliceUser.Username),
			"noirbot restarted"},
		{"an XP award", "/experience/xp/add",
			bottest.Command("/xp/add", bottest.UserOpt("member", aliceUser.ID), bottest.O("amount", 5)).
				User(samUser.ID, samUser.Username).Resolve(aliceUser, samUser),
			"noirbot restarted — the award may or may not have been applied, check /xp view"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" still running after the grace period", func(t *testing.T) {
			gate := newUpstreamGate(t, http.MethodPost, tt.suffix)
			ta := startTestApp(t, withGate(gate), deferAtOnce(), withApp(withShutdownGrace(20*time.Millisecond)))

			status, out := ta.post(t, tt.cmd.JSON())
			require.Equal(t, http.StatusOK, status)
			require.Equal(t, float64(discordgo.InteractionResponseDeferredChannelMessageWithSource), out["type"])
			gate.waitArrived(t, 1)

			assert.Equal(t, 0, ta.stop(t), "SIGTERM with the API still holding the write")
			edits := ta.fake.WaitFor(t, bottest.Edit, 1)
			require.Len(t, edits, 1)
			assert.Equal(t, tt.want, edits[0].JSON()["content"])
			assert.True(t, strings.Contains(ta.logs.String(), "in-flight interactions cut short"))
		})
	}
}

func TestMetricsCountDeferredAnswersAndDiscord429s(t *testing.T) {
	gate := newUpstreamGate(t, http.MethodPost, "/dicerolls/quickroll")
	ta := startTestApp(t, withGate(gate), deferAtOnce())
	ta.fake.ReplyNext(bottest.Edit, bottest.Reply{Status: http.StatusTooManyRequests, Body: `{"retry_after":0.001,"global":false}`})

	roll := bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")).User(aliceUser.ID, aliceUser.Username)
	status, out := ta.post(t, roll.JSON())
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, float64(discordgo.InteractionResponseDeferredChannelMessageWithSource), out["type"])
	gate.waitArrived(t, 1)
	gate.open()

	edits := ta.fake.WaitFor(t, bottest.Edit, 2)
	assert.Contains(t, string(edits[1].Body), "Strength + Brawl", "the edit went through after the 429")
	ta.waitMetric(t, `noirbot_responses_total{mode="deferred"} 1`)
	ta.waitMetric(t, `noirbot_interactions_total{command="/quickroll",outcome="ok"} 1`)
	_, body := ta.adminGet(t, "/metrics")
	assert.Regexp(t, `(?m)^noirbot_discord_rate_limited_total\{route="[^"]+"\} 1$`, body)
}

// metricLine is what follows prefix on its line of a /metrics body ("" when absent).
func metricLine(body, prefix string) string {
	for line := range strings.SplitSeq(body, "\n") {
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			return rest
		}
	}
	return ""
}
