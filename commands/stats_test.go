package commands

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// statsTestRolls seeds rolls with fixed dice: Alice rolls twice with Mara in the campaign and once
// with no character or campaign; Bob rolls twice with Dmitri.
func statsTestRolls(h *harness) {
	six := 6
	t := h.sb.Traits
	seed := func(user, char, camp string, dice []int, traits ...string) {
		h.emu.AddDiceRoll(h.sb.CompanyID, user, vclienttest.DiceRoll{Dice: dice, Difficulty: &six,
			CharacterID: char, CampaignID: camp, TraitIDs: traits})
	}
	seed(h.sb.Alice, h.sb.Mara, h.sb.CampaignID, []int{10, 10, 7, 2}, t["Strength"], t["Brawl"])
	seed(h.sb.Alice, h.sb.Mara, h.sb.CampaignID, []int{1, 2, 3}, t["Strength"], t["Brawl"])
	seed(h.sb.Alice, "", "", []int{7, 8, 3}, t["Dexterity"], t["Firearms"], t["Strength"])
	seed(h.sb.Bob, h.sb.Dmitri, h.sb.CampaignID, []int{2, 3, 4, 5}, t["Wits"])
	seed(h.sb.Bob, h.sb.Dmitri, h.sb.CampaignID, []int{6, 6, 6}, t["Wits"], t["Melee"])
}

// statsTestExpected counts the outcomes the emulator scored for the rolls that keep selects.
func statsTestExpected(h *harness, keep func(vclient.DiceRoll) bool) (total int, counts map[vclient.ResultType]int) {
	counts = map[vclient.ResultType]int{}
	for _, r := range h.emu.DiceRolls(h.sb.CompanyID) {
		if keep(r) {
			total++
			counts[r.Result.TotalResultType]++
		}
	}
	return total, counts
}

// statsTestOutcomeLine is how the embed shows one outcome count.
func statsTestOutcomeLine(name string, count, total int) string {
	pct := 0.0
	if total > 0 {
		pct = float64(count) / float64(total) * 100
	}
	return fmt.Sprintf("%-8s %4d  %s", name, count, textBar(pct))
}

func TestStatsShowsTheRightRolls(t *testing.T) {
	tests := []struct {
		name, caller string
		opts         func(h *harness) []bottest.Opt
		keep         func(h *harness) func(vclient.DiceRoll) bool
		title        string
		traits       []string
		route        string
	}{
		{"a member's own statistics by default", aliceID, func(*harness) []bottest.Opt { return nil },
			func(h *harness) func(vclient.DiceRoll) bool {
				return func(r vclient.DiceRoll) bool { return r.UserID == h.sb.Alice }
			}, "Roll statistics — " + shown("Alice"), []string{"1. Strength — 3 rolls", "2. Brawl — 2 rolls"}, "GET /users/{user_id}/statistics"},
		{"another member's statistics", aliceID, func(*harness) []bottest.Opt { return []bottest.Opt{bottest.UserOpt("member", bobID)} },
			func(h *harness) func(vclient.DiceRoll) bool {
				return func(r vclient.DiceRoll) bool { return r.UserID == h.sb.Bob }
			}, "Roll statistics — " + shown("Bob"), []string{"1. Wits — 2 rolls", "2. Melee — 1 roll"}, "GET /users/{user_id}/statistics"},
		{"a campaign's statistics for all players, member ignored", aliceID, func(h *harness) []bottest.Opt {
			return []bottest.Opt{bottest.O("campaign", "chicago"), bottest.UserOpt("member", bobID)}
		}, func(h *harness) func(vclient.DiceRoll) bool {
			return func(r vclient.DiceRoll) bool { return r.CampaignID == h.sb.CampaignID }
		}, "Roll statistics — Chicago by Night (all players)", []string{"Strength — 2 rolls", "Wits — 2 rolls"},
			byDialect("GET /users/{user_id}/campaigns/{campaign_id}/statistics", "GET /campaigns/{campaign_id}/statistics")},
		{"a character's statistics", aliceID, func(h *harness) []bottest.Opt { return []bottest.Opt{bottest.O("character", h.sb.Mara)} },
			func(h *harness) func(vclient.DiceRoll) bool {
				return func(r vclient.DiceRoll) bool { return r.CharacterID == h.sb.Mara }
			}, "Roll statistics — Mara Voss — Chicago by Night", []string{"1. Strength — 2 rolls"},
			byDialect("GET /users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/statistics", "GET /characters/{character_id}/statistics")},
		{"a storyteller may look at any character", samID, func(h *harness) []bottest.Opt { return []bottest.Opt{bottest.O("character", "dmitri")} },
			func(h *harness) func(vclient.DiceRoll) bool {
				return func(r vclient.DiceRoll) bool { return r.CharacterID == h.sb.Dmitri }
			}, "Roll statistics — Dmitri Kale — Chicago by Night", []string{"1. Wits — 2 rolls"},
			byDialect("GET /users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/statistics", "GET /characters/{character_id}/statistics")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			statsTestRolls(h)
			h.warm(tt.caller, bottest.Command("/stats", tt.opts(h)...))
			resp := h.run(tt.caller, bottest.Command("/stats", tt.opts(h)...))
			require.Len(t, resp.Embeds, 1, text(resp))
			assert.True(t, resp.Ephemeral, "private by default")
			assert.Equal(t, tt.title, resp.Embeds[0].Title)
			out := text(resp)
			total, counts := statsTestExpected(h, tt.keep(h))
			require.NotZero(t, total)
			assert.Contains(t, out, fmt.Sprintf("Total rolls: %d", total))
			for _, o := range []struct {
				name string
				typ  vclient.ResultType
			}{{"Critical", vclient.ResultCritical}, {"Success", vclient.ResultSuccess}, {"Failure", vclient.ResultFailure}, {"Botch", vclient.ResultBotch}} {
				assert.Contains(t, out, statsTestOutcomeLine(o.name, counts[o.typ], total))
			}
			assert.Contains(t, out, "Average difficulty: 6.0")
			for _, tr := range tt.traits {
				assert.Contains(t, out, tr)
			}
			assert.NotRegexp(t, xpTestEmail, out)
			assert.Equal(t, 1, h.calls(), "warm: only the statistics request")
			assert.Equal(t, 1, h.emu.CountRequests("GET", tt.route))
			statsTestHasChart(t, resp)
		})
	}
}

// statsTestHasChart checks a /stats answer carries the PNG chart and its embed shows it.
func statsTestHasChart(t *testing.T, resp *bot.Response) {
	t.Helper()
	require.Len(t, resp.Attachments, 1, "the chart")
	chart := resp.Attachments[0]
	assert.Equal(t, "stats.png", chart.Name)
	assert.Equal(t, "image/png", chart.ContentType)
	require.Len(t, resp.Embeds, 1)
	require.NotNil(t, resp.Embeds[0].Image, "the embed shows the chart")
	assert.Equal(t, "attachment://stats.png", resp.Embeds[0].Image.URL)
	decodeChart(t, chart.Data)
}

func TestStatsSeededOutcomesCoverEveryKind(t *testing.T) {
	h := newHarness(t)
	statsTestRolls(h)
	_, counts := statsTestExpected(h, func(vclient.DiceRoll) bool { return true })
	for _, k := range []vclient.ResultType{vclient.ResultCritical, vclient.ResultSuccess, vclient.ResultFailure, vclient.ResultBotch} {
		assert.NotZero(t, counts[k], "the seeded rolls include a %s", k)
	}
}

func TestStatsOptions(t *testing.T) {
	t.Run("top limits the traits shown", func(t *testing.T) {
		h := newHarness(t)
		statsTestRolls(h)
		resp := h.run(aliceID, bottest.Command("/stats", bottest.O("top", 1)))
		out := text(resp)
		assert.Contains(t, out, "1. Strength — 3 rolls")
		assert.NotContains(t, out, "Brawl")
		assert.Equal(t, "1", h.emu.Requests()[len(h.emu.Requests())-1].Query.Get("num_top_traits"))
	})
	t.Run("hidden:false posts publicly", func(t *testing.T) {
		h := newHarness(t)
		resp := h.run(aliceID, bottest.Command("/stats", bottest.O("hidden", false)))
		assert.False(t, resp.Ephemeral)
		assert.False(t, h.mux.Route(h.as(aliceID, bottest.Command("/stats", bottest.O("hidden", false))).Interaction()).Ephemeral)
		assert.True(t, h.mux.Route(h.as(aliceID, bottest.Command("/stats")).Interaction()).Ephemeral)
	})
	t.Run("no rolls yet", func(t *testing.T) {
		h := newHarness(t)
		resp := h.run(adaID, bottest.Command("/stats"))
		require.Len(t, resp.Embeds, 1)
		assert.Contains(t, resp.Embeds[0].Description, "No rolls yet")
		assert.Empty(t, resp.Attachments, "no chart of nothing")
		assert.Nil(t, resp.Embeds[0].Image)
	})
	t.Run("chart:true attaches the chart, chart:false answers in text only", func(t *testing.T) {
		h := newHarness(t)
		statsTestRolls(h)
		statsTestHasChart(t, h.run(aliceID, bottest.Command("/stats", bottest.O("chart", true))))
		resp := h.run(aliceID, bottest.Command("/stats", bottest.O("chart", false)))
		require.Len(t, resp.Embeds, 1)
		assert.Contains(t, text(resp), "Total rolls: 3", "the same text")
		assert.Empty(t, resp.Attachments)
		assert.Nil(t, resp.Embeds[0].Image)
	})
	for _, top := range []int{0, 11} {
		t.Run(fmt.Sprintf("top:%d is refused with zero calls", top), func(t *testing.T) {
			h := newHarness(t)
			resp := h.run(aliceID, bottest.Command("/stats", bottest.O("top", top)))
			assert.True(t, resp.Ephemeral)
			assert.Contains(t, resp.Content, "between 1 and 10")
			assert.Zero(t, h.calls())
		})
	}
}

func TestStatsRefusesWhatTheCallerMayNotUse(t *testing.T) {
	h := newHarness(t)
	statsTestRolls(h)
	h.warm(aliceID, bottest.Command("/stats", bottest.O("character", h.sb.Mara)))
	for _, v := range []string{h.sb.Dmitri, "Dmitri"} {
		resp := h.run(aliceID, bottest.Command("/stats", bottest.O("character", v)))
		assert.True(t, resp.Ephemeral)
		assert.Regexp(t, `^(Character not found\.|No character called "Dmitri"\.)$`, resp.Content)
	}
	resp := h.run(aliceID, bottest.Command("/stats", bottest.O("campaign", "Atlantis")))
	assert.Contains(t, resp.Content, `No campaign called "Atlantis"`)
	assert.Zero(t, h.calls(), "nothing is asked about Bob's character")
}

func TestStatsAPIErrorsAreMapped(t *testing.T) {
	h := newHarness(t)
	h.emu.InjectFault(vclienttest.Fault{Method: "GET", Route: "GET /users/{user_id}/statistics", Status: 503})
	resp := h.run(aliceID, bottest.Command("/stats"))
	assert.True(t, resp.Ephemeral)
	assert.Contains(t, resp.Content, "Valentina is unavailable")
}

func TestStatsAutocomplete(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, bottest.Autocomplete("/stats", "character"))
	h.warm(aliceID, bottest.Autocomplete("/stats", "campaign"))
	resp := h.run(aliceID, bottest.Autocomplete("/stats", "character", bottest.O("character", "ma")))
	require.Len(t, resp.Choices, 1, "Alice sees only her own character")
	assert.Equal(t, "Mara Voss — Chicago by Night", resp.Choices[0].Name)
	assert.Equal(t, h.sb.Mara, resp.Choices[0].Value)
	resp = h.run(aliceID, bottest.Autocomplete("/stats", "campaign"))
	require.Len(t, resp.Choices, 1)
	assert.Equal(t, h.sb.CampaignID, resp.Choices[0].Value)
	assert.Zero(t, h.calls())
}

// statsTestBlankNames proxies the emulator, blanking the names of top traits, as the API does
// for a trait it can no longer name.
func statsTestBlankNames(emu http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		emu.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasSuffix(r.URL.Path, "/statistics") {
			var st map[string]any
			if json.Unmarshal(body, &st) == nil {
				for _, tr := range st["top_traits"].([]any) {
					tr.(map[string]any)["name"] = ""
				}
				body, _ = json.Marshal(st)
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(bytes.Clone(body))
	})
}

func TestStatsNamesUnnamedTopTraitsFromTheBlueprint(t *testing.T) {
	h := newHarness(t)
	statsTestRolls(h)
	srv := httptest.NewServer(statsTestBlankNames(h.emu.Emulator))
	t.Cleanup(srv.Close)
	api, err := vclient.New(srv.URL, vclienttest.DefaultAPIKey, vclient.WithAPIVersion(testAPIVersion()))
	require.NoError(t, err)
	mux := bot.NewMux()
	Mount(mux, &Deps{API: api, Lookups: cache.NewLookups(h.store, api), Store: h.store,
		Guilds: []config.Guild{*h.guild}, Logger: slog.New(slog.DiscardHandler)})
	resp := bottest.NewRecorder(mux).Run(t.Context(), h.as(aliceID, bottest.Command("/stats")))
	out := text(resp)
	assert.Contains(t, out, "1. Strength — 3 rolls")
	assert.Contains(t, out, "2. Brawl — 2 rolls")
	assert.Contains(t, out, "Dexterity — 1 roll")
	assert.Equal(t, 4, h.emu.CountRequests("GET", "GET /characterblueprint/traits/{trait_id}"), "one lookup per unnamed trait")
}
