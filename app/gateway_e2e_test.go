package app

// End-to-end tests of gateway mode (issue 13): a real noirbot (App.Run) with a discordgo
// session on bottest's fake gateway, which discord.api_url names, answering through the
// fake's callback endpoint. Waiting is structural (FakeDiscord.WaitFor, the fake
// gateway's waits, polling /readyz); nothing asserts how long anything took.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
)

// withGateway runs the app in gateway mode only, as shard of count.
func withGateway(shard, count int) testOption {
	return withConfig(func(c *config.Config) {
		c.Discord.Gateway, c.Discord.InteractionsAddr = true, ""
		c.Discord.ShardID, c.Discord.ShardCount = shard, count
	})
}

// withDiscord makes the app talk to f (shared with other apps) instead of a fake of its own.
func withDiscord(f *bottest.FakeDiscord) testOption {
	return func(s *testSetup) { s.fake = f }
}

// gatewayAnswer waits for the answer to the interaction with token: the callback's
// message when it came inline, else the edit of @original that followed the deferral.
// It fails when the interaction got more than one first response.
func (ta *testApp) gatewayAnswer(t *testing.T, token string) e2eMessage {
	t.Helper()
	var cb *bottest.Request
	require.True(t, bottest.WaitUntil(func() bool {
		for _, r := range ta.fake.Requests(bottest.Callback) {
			if r.Token() == token {
				cb = &r
				return true
			}
		}
		return false
	}), "no callback for %s; logs:\n%s", token, grepLines(ta.logs.String(), token))
	var first struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	require.NoError(t, json.Unmarshal(cb.Payload, &first), string(cb.Payload))
	assert.Equal(t, discordBotUA, cb.Header.Get("User-Agent"))
	var m e2eMessage
	switch first.Type {
	case e2eMessageNow:
		require.NoError(t, json.Unmarshal(first.Data, &m), string(first.Data))
	case e2eDeferred:
		require.True(t, bottest.WaitUntil(func() bool {
			for _, r := range ta.fake.Requests(bottest.Edit) {
				if r.Token() == token {
					m = e2eDecodeMessage(t, r)
					return true
				}
			}
			return false
		}), "deferred, but @original of %s was never edited", token)
	default:
		t.Fatalf("first response of type %d: %s", first.Type, cb.Payload)
	}
	n := 0
	for _, r := range ta.fake.Requests(bottest.Callback) {
		if r.Token() == token {
			n++
		}
	}
	assert.Equal(t, 1, n, "one first response for %s", token)
	return m
}

// rolled checks that m is Alice's "Strength + Brawl" roll embed.
func rolledStrengthBrawl(t *testing.T, m e2eMessage) {
	t.Helper()
	require.Len(t, m.Embeds, 1, "a roll embed: %+v", m)
	assert.Contains(t, m.Embeds[0].field("Pool"), "Strength")
	assert.Contains(t, m.Embeds[0].field("Pool"), "Brawl")
	assert.NotEmpty(t, m.Embeds[0].field("Dice"))
}

// waitReadyz polls /readyz until it answers code, and returns its body.
func (ta *testApp) waitReadyz(t *testing.T, code int) map[string]string {
	t.Helper()
	var got int
	var body map[string]string
	ok := bottest.WaitUntil(func() bool {
		got, body = ta.readyz(t)
		return got == code
	})
	require.True(t, ok, "/readyz stayed %d %v", got, body)
	return body
}

func TestGatewayQuickrollIsAnsweredThroughTheCallbackEndpoint(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t, withGateway(0, 1))
	gw := ta.fake.Gateway()

	ids := gw.WaitIdentifies(t, 1)
	assert.Equal(t, [2]int{0, 1}, ids[0].Shard)
	assert.Equal(t, "Bot secret-bot-token", ids[0].Token)
	disc := ta.fake.Requests(bottest.Gateway)
	require.NotEmpty(t, disc, "gateway discovery went to discord.api_url")
	assert.Equal(t, discordBotUA, disc[0].Header.Get("User-Agent"))

	gw.DispatchInteraction(0, e2eAliceQuickroll().ID("7001").JSON())
	m := ta.gatewayAnswer(t, "token-7001")
	rolledStrengthBrawl(t, m)
	assert.Len(t, m.customIDs(), 1, "with its Re-roll button")
	cb := ta.fake.Requests(bottest.Callback)[0]
	assert.Equal(t, "/api/v9/interactions/7001/token-7001/callback", cb.Path)
	assert.NotContains(t, ta.logs.String(), "secret-bot-token")
}

func TestGatewayForcedResumeLosesNoInteractionAndReadyzFollowsTheSession(t *testing.T) {
	t.Parallel()
	ta := startTestApp(t, withGateway(0, 1))
	gw := ta.fake.Gateway()
	ta.waitReadyz(t, http.StatusOK)

	release := gw.HoldConnections()
	gw.CloseConnection(0)
	body := ta.waitReadyz(t, http.StatusServiceUnavailable)
	assert.Equal(t, "gateway disconnected", body["reason"])

	// Sent while the session is down: Discord keeps them for the RESUME.
	for i := range 3 {
		gw.DispatchInteraction(0, e2eAliceQuickroll().ID(fmt.Sprint(7101+i)).JSON())
	}
	code, _ := ta.readyz(t)
	assert.Equal(t, http.StatusServiceUnavailable, code, "still down until the connection is let through")
	release()

	body = ta.waitReadyz(t, http.StatusOK)
	assert.NotEqual(t, "unavailable", body["status"])
	res := gw.WaitResumes(t, 1)
	assert.True(t, res[0].Resumed)
	assert.Len(t, gw.Identifies(), 1, "resumed the session, not a new IDENTIFY")

	// And sent after the RESUME.
	gw.DispatchInteraction(0, e2eAliceQuickroll().ID("7104").JSON())
	for i := range 4 {
		rolledStrengthBrawl(t, ta.gatewayAnswer(t, fmt.Sprintf("token-%d", 7101+i)))
	}
}

func TestGatewayTwoProcessesWithTwoShardsEachIdentifyWithTheirOwn(t *testing.T) {
	t.Parallel()
	fake := bottest.NewFakeDiscord(t)
	gw := fake.Gateway()
	shard0 := startTestApp(t, withGateway(0, 2), withDiscord(fake))
	shard1 := startTestApp(t, withGateway(1, 2), withDiscord(fake))

	ids := gw.WaitIdentifies(t, 2)
	shards := [][2]int{ids[0].Shard, ids[1].Shard}
	assert.ElementsMatch(t, [][2]int{{0, 2}, {1, 2}}, shards)
	assert.NotEqual(t, ids[0].SessionID, ids[1].SessionID)

	// Each shard's interaction reaches the process that identified on it.
	gw.DispatchInteraction(0, e2eAliceQuickroll().ID("7200").JSON())
	gw.DispatchInteraction(1, e2eAliceQuickroll().ID("7201").JSON())
	rolledStrengthBrawl(t, shard0.gatewayAnswer(t, "token-7200"))
	rolledStrengthBrawl(t, shard1.gatewayAnswer(t, "token-7201"))
	handled := func(ta *testApp, id string) bool {
		return strings.Contains(ta.logs.String(), `"msg":"interaction","interaction_id":"`+id+`"`)
	}
	require.True(t, bottest.WaitUntil(func() bool { return handled(shard0, "7200") && handled(shard1, "7201") }))
	assert.False(t, handled(shard0, "7201"), "shard 0 never saw shard 1's interaction")
	assert.False(t, handled(shard1, "7200"), "shard 1 never saw shard 0's interaction")
}

// discordBotUA is the User-Agent Discord requires, for the tests' version "dev".
const discordBotUA = "DiscordBot (https://github.com/noirbot/noirbot, dev)"

func TestTheAppsDiscordRESTCallsSendTheDiscordBotUserAgent(t *testing.T) {
	t.Parallel()
	gate := newUpstreamGate(t, http.MethodPost, e2eRollSuffix)
	ta := startTestApp(t, e2eDeferAfter(e2eSlowAPI), withGate(gate))
	a := ta.e2eSendSigned(t, e2eAliceQuickroll().JSON())
	require.Equal(t, e2eDeferred, a.Type, a.Body)
	gate.open()
	assert.Equal(t, discordBotUA, ta.fake.WaitFor(t, bottest.Edit, 1)[0].Header.Get("User-Agent"))
}
