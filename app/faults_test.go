package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// The fault suite (SPEC §10): each test runs the real app over HTTP, breaks one thing, and
// checks what a user and the API would notice: every interaction was answered (inline, or
// by an edit or follow-up after the deferred acknowledgement), no award was lost or doubled,
// and the app still serves and stops cleanly.

// xpAddRoute is the route template of the XP award.
const xpAddRoute = "POST /users/{user_id}/experience/xp/add"

// faultQuickroll is Alice's /quickroll of a sandbox quickroll.
func faultQuickroll(id string) *bottest.Builder {
	return bottest.Command("/quickroll", bottest.O("name", "Dexterity + Firearms")).ID(id)
}

// faultXPAdd is Sam (storyteller) awarding amount XP to Alice.
func faultXPAdd(id string, amount int) *bottest.Builder {
	return bottest.Command("/xp/add", bottest.UserOpt("member", "300"), bottest.O("amount", amount)).
		User("200", "sam").Resolve(&discordgo.User{ID: "300", Username: "alice"}).ID(id)
}

// delivery is what became of one interaction: the first response's type and the message the
// user ends up seeing (inline, or the edit or follow-up after a deferral), as JSON text.
type delivery struct {
	first int
	msg   string
}

// deliver posts a signed interaction and waits for the message the user ends up seeing. It
// is safe to call from several goroutines (it reports errors instead of failing the test).
func (ta *testApp) deliver(ctx context.Context, b *bottest.Builder) (delivery, error) {
	body := b.JSON()
	first, data, err := ta.postFirst(ctx, body)
	if err != nil || first != 5 && first != 6 {
		return delivery{first: first, msg: data}, err
	}
	var in struct{ Token string }
	_ = json.Unmarshal(body, &in)
	msg, err := ta.awaitEdit(in.Token)
	return delivery{first: first, msg: msg}, err
}

// awaitEdit waits for the edit of @original or the follow-up that finishes a deferred
// interaction, and returns its body.
func (ta *testApp) awaitEdit(token string) (string, error) {
	var msg string
	ok := bottest.WaitUntil(func() bool {
		for _, r := range ta.fake.Requests(bottest.Edit, bottest.FollowUp) {
			if r.Token() == token {
				msg = string(r.Body)
				return true
			}
		}
		return false
	})
	if !ok {
		return "", fmt.Errorf("deferred interaction %s was never edited", token)
	}
	return msg, nil
}

// postFirst posts a signed interaction and returns its first response's type and data.
func (ta *testApp) postFirst(ctx context.Context, body []byte) (int, string, error) {
	req, err := ta.signer.Request(ctx, "http://"+ta.app.interactionsAddr+"/interactions", body)
	if err != nil {
		return 0, "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("post: %w", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusAccepted {
		// An answer with files (the /stats chart) went through the callback endpoint, as
		// Discord wants for multipart answers: read it there.
		var in struct{ Token string }
		_ = json.Unmarshal(body, &in)
		for _, r := range ta.fake.Requests(bottest.Callback) {
			if r.Token() == in.Token {
				data = r.Payload
				resp.StatusCode = http.StatusOK
			}
		}
	}
	var first struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &first) != nil {
		return 0, "", fmt.Errorf("first response %d: %s", resp.StatusCode, data)
	}
	return first.Type, string(first.Data), nil
}

// answer is deliver for the test goroutine.
func (ta *testApp) answer(t *testing.T, b *bottest.Builder) delivery {
	t.Helper()
	d, err := ta.deliver(t.Context(), b)
	require.NoError(t, err)
	return d
}

// xpTotal is Alice's total XP in the sandbox campaign.
func (ta *testApp) xpTotal() int { return ta.emu.Experience(ta.sb.Alice, ta.sb.CampaignID).XPTotal }

// stillServes checks that the app answers and then stops with exit code 0 (nothing crashed).
// The answer may come inline or, on a loaded machine under a tiny defer_after, after the
// deferred acknowledgement: either way the user sees the help.
func (ta *testApp) stillServes(t *testing.T) {
	t.Helper()
	d := ta.answer(t, bottest.Command("/help"))
	assert.Contains(t, []int{4, 5}, d.first, "answered or acknowledged")
	assert.Contains(t, d.msg, "noirbot commands", "the help reached the user")
	assert.Equal(t, 0, ta.stop(t), "clean exit")
}

// withUpstream puts wrap in front of the emulator.
func withUpstream(wrap func(http.Handler) http.Handler) testOption {
	return func(s *testSetup) { s.upstream = wrap }
}

// withRedis points the app at a Redis URL and key prefix.
func withRedis(url, prefix string) testOption {
	return withConfig(func(c *config.Config) { c.Redis.URL, c.Redis.KeyPrefix = config.Secret(url), prefix })
}

// rolled says the message is a /quickroll result; awarded that it is an XP change.
func rolled(t *testing.T, d delivery) {
	t.Helper()
	assert.Contains(t, d.msg, "Dexterity + Firearms", d.msg)
}
func awarded(t *testing.T, d delivery) { t.Helper(); assert.Contains(t, d.msg, "Total XP", d.msg) }

func TestFaultRedisCutThenBackKeepsCommandsWorking(t *testing.T) {
	t.Parallel()
	proxy := newRedisProxy(t, miniredis.RunT(t).Addr())
	ta := startTestApp(t, withRedis("redis://"+proxy.addr()+"/0", "fault-cut"))
	before := ta.xpTotal()
	rolled(t, ta.answer(t, faultQuickroll("6100001")))

	proxy.cut()
	// Without Redis the channel binding and default character cannot be read, but Alice plays one
	// character in the company's only campaign, so the roll cannot depend on them and goes ahead
	// (commands/resolve_target_test.go covers the case that does need them); lookups fail open to the API.
	rolled(t, ta.answer(t, faultQuickroll("6100002")))
	rolled(t, ta.answer(t, bottest.Command("/quickroll", bottest.O("name", "Dexterity + Firearms"),
		bottest.O("character", ta.sb.Mara)).ID("6100003")))
	awarded(t, ta.answer(t, bottest.Command("/xp/add", bottest.UserOpt("member", "300"), bottest.O("amount", 2),
		bottest.O("campaign", ta.sb.CampaignID)).User("200", "sam").
		Resolve(&discordgo.User{ID: "300", Username: "alice"}).ID("6100004")))
	assert.Equal(t, 8, ta.answer(t, bottest.Autocomplete("/quickroll", "name", bottest.O("name", "Dex")).ID("6100005")).first)

	proxy.restore()
	rolled(t, ta.answer(t, faultQuickroll("6100006")))
	awarded(t, ta.answer(t, faultXPAdd("6100007", 3)))
	assert.Equal(t, before+5, ta.xpTotal(), "each award applied once")
	ta.stillServes(t)
}

// apiSwitch is a Valentina API that can go away: while down, every connection is dropped
// before the API sees the request.
type apiSwitch struct {
	mu   sync.Mutex
	down bool
}

func (s *apiSwitch) set(down bool) { s.mu.Lock(); s.down = down; s.mu.Unlock() }

func (s *apiSwitch) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		down := s.down
		s.mu.Unlock()
		if down {
			panic(http.ErrAbortHandler)
		}
		next.ServeHTTP(w, r)
	})
}

func TestFaultAPIDownAnswersEveryInteractionPrivately(t *testing.T) {
	t.Parallel()
	for name, breakAPI := range map[string]func(*testApp, *apiSwitch) func(){
		"connections dropped": func(_ *testApp, sw *apiSwitch) func() { sw.set(true); return func() { sw.set(false) } },
		"503 on every route":  func(ta *testApp, _ *apiSwitch) func() { return ta.emu.InjectFault(vclienttest.Fault{Status: 503}) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sw := &apiSwitch{}
			ta := startTestApp(t, withUpstream(sw.wrap), withConfig(func(c *config.Config) { c.Valentina.MaxRetries = 1 }))
			before := ta.xpTotal()
			rolled(t, ta.answer(t, faultQuickroll("6200001")))

			repair := breakAPI(ta, sw)
			for _, b := range []*bottest.Builder{faultQuickroll("6200002"), faultXPAdd("6200003", 2)} {
				d := ta.answer(t, b)
				assert.Contains(t, d.msg, "Valentina is unavailable right now", d.msg)
				assert.Contains(t, d.msg, `"flags":64`, "private")
			}
			repair()
			awarded(t, ta.answer(t, faultXPAdd("6200004", 3)))
			assert.Equal(t, before+3, ta.xpTotal(), "the failed award was not applied, the later one once")
			ta.stillServes(t)
		})
	}
}
