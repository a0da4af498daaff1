package commands

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// Discord ids of the sandbox users (SPEC §8).
const (
	adaID   = "100"
	samID   = "200"
	aliceID = "300"
	bobID   = "400"
	guildID = bottest.DefaultGuildID
)

var discordNames = map[string]string{adaID: "ada", samID: "sam", aliceID: "alice", bobID: "bob"}

// harness runs the real command handlers against the emulator over HTTP and a real Redis
// (TEST_REDIS_URL) or an embedded one, with a key prefix of its own.
type harness struct {
	t     *testing.T
	emu   *vclienttest.Server
	sb    *vclienttest.Demo
	api   *vclient.Client
	store *cache.Store
	deps  *Deps
	mux   *bot.Mux
	rec   *bottest.Recorder
	audit *auditRecorder
	guild *config.Guild
}

type harnessOption func(*harness)

// withGuild changes the configured guild block before the handlers are built.
func withGuild(f func(g *config.Guild)) harnessOption {
	return func(h *harness) { f(h.guild) }
}

func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.TestAPIVersion()))
	sb := vclienttest.SeedDemo(emu.Emulator)
	api, err := vclient.New(emu.URL, vclienttest.DefaultAPIKey, vclient.WithBackoff(0, 0),
		vclient.WithAPIVersion(testAPIVersion()))
	require.NoError(t, err)
	prefix := make([]byte, 6)
	_, _ = rand.Read(prefix)
	store, err := cache.Open(t.Context(), cache.Options{
		URL:       os.Getenv("TEST_REDIS_URL"),
		KeyPrefix: "test-commands-" + hex.EncodeToString(prefix),
		Logger:    slog.New(slog.DiscardHandler),
		// A loaded CI machine must not turn a slow Redis reply into a fail-open API call: the
		// tests count upstream calls exactly.
		OpTimeout: 5 * time.Second,
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })

	h := &harness{t: t, emu: emu, sb: sb, api: api, store: store, audit: &auditRecorder{}}
	h.guild = &config.Guild{ID: guildID, CompanyID: sb.CompanyID, AuditChannelID: "555", XPPolicy: "storyteller", MaxXPPerCommand: 100}
	for _, o := range opts {
		o(h)
	}
	h.deps = &Deps{API: api, Lookups: cache.NewLookups(store, api), Store: store, Guilds: []config.Guild{*h.guild}, Auditor: h.audit, Logger: slog.New(slog.DiscardHandler)}
	h.mux = bot.NewMux()
	Mount(h.mux, h.deps)
	h.rec = bottest.NewRecorder(h.mux)
	return h
}

// as makes the builder's interaction come from a sandbox user, resolving user options.
func (h *harness) as(discordID string, b *bottest.Builder) *bottest.Builder {
	users := make([]*discordgo.User, 0, len(discordNames))
	for id, name := range discordNames {
		users = append(users, &discordgo.User{ID: id, Username: name})
	}
	return b.User(discordID, discordNames[discordID]).Resolve(users...)
}

// run runs one interaction as a sandbox user and returns the handler's response.
func (h *harness) run(discordID string, b *bottest.Builder) *bot.Response {
	h.t.Helper()
	return h.rec.Run(h.t.Context(), h.as(discordID, b))
}

// warm runs b once so the caches it touches are filled, then clears the request log.
func (h *harness) warm(discordID string, b *bottest.Builder) {
	h.t.Helper()
	h.run(discordID, b)
	h.emu.ResetRequests()
}

// calls is the number of API requests since the last reset, optionally only writes.
func (h *harness) calls() int { return len(h.emu.Requests()) }

func (h *harness) writes() int {
	n := 0
	for _, r := range h.emu.Requests() {
		if r.Method != "GET" {
			n++
		}
	}
	return n
}

// text flattens everything a user would read in a response.
func text(r *bot.Response) string {
	var b strings.Builder
	if r == nil {
		return ""
	}
	msgs := append([]bot.Message{r.Message}, r.FollowUps...)
	for _, m := range msgs {
		b.WriteString(m.Content + "\n")
		for _, e := range m.Embeds {
			fmt.Fprintf(&b, "%s\n%s\n", e.Title, e.Description)
			for _, f := range e.Fields {
				fmt.Fprintf(&b, "%s: %s\n", f.Name, f.Value)
			}
			if e.Footer != nil {
				b.WriteString(e.Footer.Text + "\n")
			}
			if e.Author != nil {
				b.WriteString(e.Author.Name + "\n")
			}
		}
	}
	if r.Modal != nil {
		b.WriteString(r.Modal.Title + "\n")
	}
	return b.String()
}

// auditRecorder is a bot.Auditor that remembers what would have been posted.
type auditRecorder struct {
	mu    sync.Mutex
	posts []*discordgo.MessageEmbed
	chans []string
}

func (a *auditRecorder) Audit(_ context.Context, channelID string, e *discordgo.MessageEmbed) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.posts = append(a.posts, e)
	a.chans = append(a.chans, channelID)
}

func (a *auditRecorder) all() []*discordgo.MessageEmbed {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*discordgo.MessageEmbed(nil), a.posts...)
}

// testAPIVersion is the dialect this run of the suite speaks ($NOIRBOT_TEST_API_VERSION, v2 by
// default); `make test` runs the package once per dialect.
func testAPIVersion() vclient.APIVersion { return vclient.APIVersion(vclienttest.TestAPIVersion()) }

// v2 reports whether this run of the suite speaks contract v2.
func v2() bool { return testAPIVersion() == vclient.APIv2 }

// byDialect picks the v1 or the v2 form of a wire detail (a route template, a path).
func byDialect(v1, v2form string) string {
	if v2() {
		return v2form
	}
	return v1
}

// byDialectInt is byDialect for numbers.
func byDialectInt(v1, v2form int) int {
	if v2() {
		return v2form
	}
	return v1
}

// shown is the name the bot shows for a sandbox user: the username in v2, which the sandbox
// derives from the first name in lower case; the name in v1.
func shown(name string) string {
	if v2() {
		return strings.ToLower(name)
	}
	return name
}

// rereads counts the re-reads of a user before role-gated writes: GET /users/{user_id}
// without include (v2's identity load asks for the user's lists, a re-read does not).
func (h *harness) rereads() int {
	n := 0
	for _, r := range h.emu.Requests() {
		if r.Method == "GET" && r.Route == "GET /users/{user_id}" && len(r.Query["include"]) == 0 {
			n++
		}
	}
	return n
}

// actsAs reports whether a request was made on behalf of userID: v1 names the acting user in
// the path or in requesting_user_id, v2 in the On-Behalf-Of header.
func actsAs(r vclienttest.Request, userID string) bool {
	if v2() {
		return r.OnBehalfOf == userID
	}
	return strings.Contains(r.Path, "/users/"+userID+"/") || strings.Contains(string(r.Body), `"requesting_user_id":"`+userID+`"`)
}

// idPattern matches an id of the dialect: 24 hex digits (v1) or a UUID (v2).
func idPattern() string {
	return byDialect(`^[0-9a-f]{24}$`, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
}

// v1Only skips a test of behaviour that exists only in contract v1; why names what v2 does
// instead.
func v1Only(t *testing.T, why string) {
	t.Helper()
	if v2() {
		t.Skip("v1 only: " + why)
	}
}

// v2Only skips a test of behaviour that exists only in contract v2.
func v2Only(t *testing.T) {
	t.Helper()
	if !v2() {
		t.Skip("v2 only")
	}
}
