package commands

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// xpTestFault answers an XP write with an error status.
func xpTestFault(status int, action string) vclienttest.Fault {
	return vclienttest.Fault{Method: "POST", Route: xpTestRoute(action), Status: status}
}

// xpTestReplica is a second noirbot replica on the same emulator: its own API client, cache
// key prefix and handler stack (a different process, as far as the API can tell).
func xpTestReplica(t *testing.T, h *harness) *bottest.Recorder {
	t.Helper()
	return bottest.NewRecorder(xpTestReplicaMux(t, h))
}

// xpTestReplicaMux is the routed handler stack of another replica.
func xpTestReplicaMux(t *testing.T, h *harness) *bot.Mux {
	t.Helper()
	api, err := vclient.New(h.emu.URL, vclienttest.DefaultAPIKey, vclient.WithBackoff(0, 0),
		vclient.WithAPIVersion(testAPIVersion()))
	require.NoError(t, err)
	prefix := make([]byte, 6)
	_, _ = rand.Read(prefix)
	store, err := cache.Open(t.Context(), cache.Options{URL: os.Getenv("TEST_REDIS_URL"),
		KeyPrefix: "test-xp-replica-" + hex.EncodeToString(prefix), Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	mux := bot.NewMux()
	Mount(mux, &Deps{API: api, Lookups: cache.NewLookups(store, api), Store: store,
		Guilds: []config.Guild{*h.guild}, Logger: slog.New(slog.DiscardHandler)})
	return mux
}

// xpTestAddKeys are the Idempotency-Keys of every xp/add request the emulator saw.
func xpTestAddKeys(h *harness) []string {
	var keys []string
	for _, r := range h.emu.Requests() {
		if r.Route == xpTestRoute("xp/add") {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}
	}
	return keys
}

func TestXPAwardIsAppliedOnceWhenTheResponseIsLost(t *testing.T) {
	h := newHarness(t)
	h.warm(samID, bottest.Command("/xp/view"))
	h.emu.InjectFault(vclienttest.Fault{Method: "POST", Route: xpTestRoute("xp/add"), LoseResponse: true, Times: 1})

	resp := h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)).ID("5001"))

	require.Len(t, resp.Embeds, 1, text(resp))
	assert.Contains(t, text(resp), "Total XP: 0 → 5")
	assert.Equal(t, 5, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPTotal, "applied once")
	assert.Equal(t, []string{"noirbot-5001-xp-add", "noirbot-5001-xp-add"}, xpTestAddKeys(h),
		"the retry carries the same key and is answered from the API's idempotency store")
	reqs := h.emu.Requests()
	assert.True(t, reqs[len(reqs)-2].Lost)
}

func TestXPDuplicateDeliveryIsAppliedOnce(t *testing.T) {
	t.Run("the same interaction twice on one replica", func(t *testing.T) {
		h := newHarness(t)
		first := h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)).ID("5002"))
		second := h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)).ID("5002"))
		assert.Equal(t, 5, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPTotal)
		assert.Equal(t, []string{"noirbot-5002-xp-add", "noirbot-5002-xp-add"}, xpTestAddKeys(h))
		assert.Equal(t, text(first), text(second), "the replay shows the same before → after")
		assert.Contains(t, text(second), "Current XP: 0 → 5")
	})
	t.Run("the same interaction on two replicas", func(t *testing.T) {
		h := newHarness(t)
		other := xpTestReplica(t, h)
		cmd := func() *bottest.Builder {
			return h.as(samID, bottest.Command("/xp/cool", bottest.UserOpt("member", bobID), bottest.O("amount", 1)).ID("5003"))
		}
		first := h.rec.Run(t.Context(), cmd())
		second := other.Run(t.Context(), cmd())
		require.Len(t, second.Embeds, 1, text(second))
		assert.Equal(t, text(first), text(second))
		assert.Equal(t, vclient.CampaignExperience{CampaignID: h.sb.CampaignID, XPCurrent: 10, XPTotal: 10, CoolPoints: 1},
			h.emu.Experience(h.sb.Bob, h.sb.CampaignID))
		assert.Equal(t, 2, h.emu.CountRequests("POST", xpTestRoute("cp/add")))
	})
	t.Run("a new interaction is a new award", func(t *testing.T) {
		h := newHarness(t)
		h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)))
		resp := h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)))
		assert.Contains(t, text(resp), "Total XP: 5 → 10")
	})
}

func TestXPRemoveWithInsufficientXPChangesNothing(t *testing.T) {
	h := newHarness(t)
	xpTestGive(t, h, h.sb.Alice, 3)
	h.warm(samID, bottest.Command("/xp/view", bottest.UserOpt("member", aliceID)))
	resp := h.run(samID, bottest.Command("/xp/remove", bottest.UserOpt("member", aliceID), bottest.O("amount", 10)))
	assert.Equal(t, 1, h.writes(), "only the refused removal is written")
	if v2() {
		// v2's refusal carries no current_xp: the bot reads Alice's experience once, as Sam.
		var reads []vclienttest.Request
		for _, r := range h.emu.Requests() {
			if r.Method == "GET" && strings.Contains(r.Path, "/experience/") {
				reads = append(reads, r)
			}
		}
		require.Len(t, reads, 1)
		assert.Equal(t, h.sb.Sam, reads[0].OnBehalfOf)
		assert.Contains(t, reads[0].Path, "/users/"+h.sb.Alice+"/experience/"+h.sb.CampaignID)
	}
	assert.True(t, resp.Ephemeral)
	assert.Contains(t, resp.Content, shown("Alice")+" has only 3 XP in Chicago by Night")
	assert.Contains(t, resp.Content, "Nothing was changed")
	assert.Equal(t, vclient.CampaignExperience{CampaignID: h.sb.CampaignID, XPCurrent: 3, XPTotal: 3},
		h.emu.Experience(h.sb.Alice, h.sb.CampaignID))
	assert.Empty(t, h.audit.all(), "nothing changed, nothing audited")
}

func TestXPAPIErrorsAreMapped(t *testing.T) {
	tests := []struct {
		name  string
		fault vclienttest.Fault
		want  string
		posts int
	}{
		{"403", xpTestFault(403, "xp/add"), "You are not allowed to do that.", 1},
		{"500 after the retries", xpTestFault(500, "xp/add"), "Valentina is unavailable", 4},
		{"503 after the retries", xpTestFault(503, "xp/add"), "Valentina is unavailable", 4},
		{"429", vclienttest.Fault{Method: "POST", Route: xpTestRoute("xp/add"), Status: 429, RetryAfter: 3 * time.Second},
			"Valentina is busy, try again in 3 s.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is answered privately and changes nothing", func(t *testing.T) {
			h := newHarness(t)
			h.warm(samID, bottest.Command("/xp/view"))
			h.emu.InjectFault(tt.fault)
			// A deadline shorter than the 429's wait makes the client give up at once, as a
			// real interaction near its 60 s budget would; the other cases finish long before.
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
			defer cancel()
			resp := h.rec.Run(ctx, h.as(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5))))
			assert.True(t, resp.Ephemeral)
			assert.Contains(t, resp.Content, tt.want)
			assert.Equal(t, tt.posts, h.emu.CountRequests("POST", xpTestRoute("xp/add")))
			assert.Zero(t, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPTotal)
			assert.Empty(t, h.audit.all())
		})
	}
}

func TestXPView(t *testing.T) {
	tests := []struct {
		name, caller string
		member       string // "" = no option
		want         []string
		denied       bool
		calls        int
	}{
		{"a player sees their own XP", aliceID, "", []string{"Current XP: 7", "Total XP: 17", "Cool points: 1", shown("Alice")}, false, 1},
		{"naming yourself is the same", aliceID, aliceID, []string{"Current XP: 7"}, false, 1},
		{"a storyteller sees a player's XP", samID, aliceID, []string{"Current XP: 7", shown("Alice") + " (<@300>)"}, false, 2},
		{"an admin sees a player's XP", adaID, aliceID, []string{"Total XP: 17"}, false, 2},
		{"a player may not see another's XP", bobID, aliceID, []string{"Only storytellers and admins"}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			xpTestGive(t, h, h.sb.Alice, 7)
			_, err := h.api.OnBehalfOf(h.sb.Ada).Users(h.sb.CompanyID).AddCoolPoints(t.Context(), h.sb.Alice, h.sb.CampaignID, 1)
			require.NoError(t, err)
			_, err = h.api.OnBehalfOf(h.sb.Ada).Users(h.sb.CompanyID).RemoveXP(t.Context(), h.sb.Alice, h.sb.CampaignID, 10)
			require.NoError(t, err)
			h.warm(aliceID, bottest.Command("/whoami")) // the member's identity is warm too: the test counts the command's own calls
			h.warm(tt.caller, bottest.Command("/xp/view", bottest.UserOpt("member", bobID)))
			h.warm(tt.caller, bottest.Command("/xp/view"))
			var opts []bottest.Opt
			if tt.member != "" {
				opts = append(opts, bottest.UserOpt("member", tt.member))
			}
			resp := h.run(tt.caller, bottest.Command("/xp/view", opts...))
			assert.True(t, resp.Ephemeral, "always private")
			out := text(resp)
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
			assert.NotRegexp(t, xpTestEmail, out)
			assert.Zero(t, h.writes())
			assert.Equal(t, tt.calls, h.calls(), "fresh caller read only when viewing someone else")
			if tt.denied {
				assert.Equal(t, outcomeDenied, resp.Outcome)
				assert.Zero(t, h.emu.CountRequests("GET", "GET /users/{user_id}/experience/{campaign_id}"))
			}
		})
	}
}

func TestXPSameInteractionOnTwoReplicasAtOnceIsAwardedOnce(t *testing.T) {
	h := newHarness(t)
	fake := bottest.NewFakeDiscord(t)
	var mu sync.Mutex
	var answers []*discordgo.InteractionResponse
	first := func(r *discordgo.InteractionResponse) error {
		mu.Lock()
		defer mu.Unlock()
		answers = append(answers, r)
		return nil
	}
	cmd := h.as(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)).ID("5004"))
	var wg sync.WaitGroup
	for range 2 {
		// Each replica has its own handlers and caches; they share Redis, as deployed.
		engine := bot.NewEngine(bot.EngineConfig{Router: xpTestReplicaMux(t, h), REST: bot.NewREST(fake.URL, "token", bottest.DefaultAppID),
			ApplicationID: bottest.DefaultAppID, Dedup: h.store, Logger: slog.New(slog.DiscardHandler),
			After: func(time.Duration) <-chan time.Time { return nil }})
		in := cmd.Interaction()
		wg.Go(func() { engine.Dispatch(t.Context(), in, first) })
	}
	wg.Wait()
	require.Len(t, answers, 1, "the duplicate is ignored by the replica that lost the race")
	require.NotNil(t, answers[0].Data)
	require.Len(t, answers[0].Data.Embeds, 1)
	assert.Equal(t, 5, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPTotal)
	assert.Equal(t, 1, h.emu.CountRequests("POST", xpTestRoute("xp/add")))
}
