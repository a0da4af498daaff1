package commands

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alicebob/miniredis/v2"
	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// ntAssertLimits checks every message of a response against Discord's limits: content 2000,
// embed title 256 and description 4096, ≤25 non-empty fields of ≤1024, 6000 characters per
// message across its embeds, custom_ids ≤100.
func ntAssertLimits(t *testing.T, r *bot.Response) {
	t.Helper()
	require.NotNil(t, r)
	for i, m := range append([]bot.Message{r.Message}, r.FollowUps...) {
		assert.LessOrEqual(t, utf8.RuneCountInString(m.Content), maxContent, "message %d content", i)
		total := 0
		for _, e := range m.Embeds {
			n := func(s string) int { return utf8.RuneCountInString(s) }
			assert.LessOrEqual(t, n(e.Title), maxEmbedTitle, "message %d title", i)
			assert.LessOrEqual(t, n(e.Description), maxEmbedDescription, "message %d description", i)
			assert.LessOrEqual(t, len(e.Fields), maxFields, "message %d fields", i)
			total += n(e.Title) + n(e.Description)
			for _, f := range e.Fields {
				assert.LessOrEqual(t, n(f.Name), maxFieldName)
				assert.LessOrEqual(t, n(f.Value), maxFieldValue)
				assert.NotEmpty(t, strings.TrimSpace(f.Value), "field %q is empty", f.Name)
				total += n(f.Name) + n(f.Value)
			}
			if e.Footer != nil {
				total += n(e.Footer.Text)
			}
			if e.Author != nil {
				total += n(e.Author.Name)
			}
		}
		assert.LessOrEqual(t, total, maxEmbedTotal, "message %d embed total", i)
		for _, id := range ntCustomIDs(m.Components) {
			assert.LessOrEqual(t, len(id), 100, "custom_id %q", id)
		}
	}
	assert.NotRegexp(t, `[\w.+-]+@[\w-]+\.[\w.]+`, text(r), "no e-mail address in output")
}

// ntCustomIDs lists the custom_ids of a message's buttons, in order.
func ntCustomIDs(comps []discordgo.MessageComponent) []string {
	var out []string
	for _, c := range comps {
		switch c := c.(type) {
		case discordgo.ActionsRow:
			out = append(out, ntCustomIDs(c.Components)...)
		case *discordgo.ActionsRow:
			out = append(out, ntCustomIDs(c.Components)...)
		case discordgo.Button:
			out = append(out, c.CustomID)
		case *discordgo.Button:
			out = append(out, c.CustomID)
		}
	}
	return out
}

// ntTextInputs maps a modal's text inputs by custom_id.
func ntTextInputs(m *bot.Modal) map[string]discordgo.TextInput {
	out := map[string]discordgo.TextInput{}
	for _, c := range m.Components {
		if row, ok := c.(discordgo.ActionsRow); ok {
			for _, in := range row.Components {
				if ti, ok := in.(discordgo.TextInput); ok {
					out[ti.CustomID] = ti
				}
			}
		}
	}
	return out
}

// ntRequestsOn is the emulator requests whose path mentions id.
func ntRequestsOn(h *harness, id string) []vclienttest.Request {
	var out []vclienttest.Request
	for _, r := range h.emu.Requests() {
		if strings.Contains(r.Path, id) {
			out = append(out, r)
		}
	}
	return out
}

// ntBody decodes the JSON body of the only request of a route.
func ntBody(t *testing.T, h *harness, method, route string) map[string]any {
	t.Helper()
	var found []vclienttest.Request
	for _, r := range h.emu.Requests() {
		if r.Method == method && r.Route == method+" "+route {
			found = append(found, r)
		}
	}
	require.Len(t, found, 1, "%s %s requests", method, route)
	var m map[string]any
	require.NoError(t, json.Unmarshal(found[0].Body, &m))
	return m
}

// ntBreakState gives the harness a store on a private Redis and then stops that Redis, so
// durable state cannot be read or written (lookups fail open to the API).
func ntBreakState(t *testing.T, h *harness) {
	t.Helper()
	mr := miniredis.RunT(t)
	store, err := cache.Open(t.Context(), cache.Options{URL: "redis://" + mr.Addr(), KeyPrefix: "broken"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	mr.Close()
	h.deps.Store = store
	h.deps.Lookups = cache.NewLookups(store, h.api)
}

func TestPageIDsRoundTrip(t *testing.T) {
	tests := []struct {
		id    string
		page  int
		owner string
		ok    bool
	}{
		{"nl:2:300", 2, "300", true},
		{"ql:0:400", 0, "400", true},
		{"nl:x:300", 0, "", false},
		{"nl:2", 0, "", false},
		{"nl:2:", 0, "", false},
		{"nl:-1:300", 0, "", false},
		{"nl:2:300:extra", 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			page, owner, ok := parsePageID(tt.id)
			assert.Equal(t, tt.ok, ok)
			if ok {
				assert.Equal(t, tt.page, page)
				assert.Equal(t, tt.owner, owner)
				assert.Equal(t, tt.id, pageID(strings.Split(tt.id, ":")[0], page, owner))
			}
		})
	}
}

func TestSplitTextKeepsEverythingWithinTheChunk(t *testing.T) {
	long := strings.Repeat("word ", 3000) + strings.Repeat("x", 9000)
	for _, s := range []string{"abc", strings.Repeat("é", 4000), strings.Repeat("é", 4001), long} {
		parts := splitText(s, noteChunk)
		assert.Equal(t, s, strings.Join(parts, ""))
		for _, p := range parts {
			assert.LessOrEqual(t, utf8.RuneCountInString(p), noteChunk)
		}
	}
	assert.Equal(t, []string{"—"}, splitText("  ", noteChunk))
}

func FuzzParsePageID(f *testing.F) {
	for _, s := range []string{"nl:2:300", "ql:0:400", "nl::", "nl:9999999999999999999999:1", ":::", "nl:2:300:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		page, owner, ok := parsePageID(s)
		if !ok {
			return
		}
		if page < 0 || owner == "" || strings.Contains(owner, ":") {
			t.Fatalf("parsePageID(%q) = %d, %q", s, page, owner)
		}
		if got := clampPage(page, 3); got < 1 || got > 3 {
			t.Fatalf("clampPage(%d, 3) = %d", page, got)
		}
	})
}
