package app

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// Route templates of the emulator's request log that the end-to-end tests count, in the
// dialect the suite runs in (v2 rolls at company level, v1 under the acting user).
var (
	e2eQuickrollRoute = byDialect("POST /dicerolls/quickroll", "POST /users/{user_id}/dicerolls/quickroll")
	e2eDiceRollRoute  = byDialect("POST /dicerolls", "POST /users/{user_id}/dicerolls")
)

// e2eDeferAfter sets discord.defer_after, the time a command may take before it is
// acknowledged with type 5 and answered later by editing @original.
func e2eDeferAfter(d time.Duration) testOption {
	return func(s *testSetup) { s.cfg.Discord.DeferAfter = config.Duration{Duration: d} }
}

// e2eNoRetries makes every Valentina call a single attempt (a failure is final at once).
func e2eNoRetries() testOption {
	return func(s *testSetup) { s.cfg.Valentina.MaxRetries = 0 }
}

// e2eAnswer is the decoded HTTP answer to one interaction request.
type e2eAnswer struct {
	Status int
	Body   string
	Type   int
	Data   e2eMessage
}

// e2eMessage is the part of an interaction callback's data the tests look at.
type e2eMessage struct {
	Content    string `json:"content"`
	Flags      int    `json:"flags"`
	Embeds     []e2eEmbed
	Components []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
			Label    string `json:"label"`
		} `json:"components"`
	} `json:"components"`
	Choices []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"choices"`
}

// e2eEmbed is a roll embed as Discord receives it.
type e2eEmbed struct {
	Title  string `json:"title"`
	Fields []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
}

// field is the value of the embed field called name ("" when there is none).
func (e e2eEmbed) field(name string) string {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// customIDs lists the custom_ids of the message's buttons.
func (m e2eMessage) customIDs() []string {
	var ids []string
	for _, row := range m.Components {
		for _, c := range row.Components {
			ids = append(ids, c.CustomID)
		}
	}
	return ids
}

// e2eSend posts body to the app's interactions endpoint with the given headers (nil: none)
// and decodes the answer.
func (ta *testApp) e2eSend(t *testing.T, body []byte, header http.Header) e2eAnswer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
		"http://"+ta.app.interactionsAddr+"/interactions", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	return e2eDo(t, req)
}

// e2eSendSigned posts a correctly signed interaction stamped now and decodes the answer.
// It reports failures with t.Errorf, so goroutines may call it.
func (ta *testApp) e2eSendSigned(t *testing.T, body []byte) e2eAnswer {
	req, err := ta.signer.Request(t.Context(), "http://"+ta.app.interactionsAddr+"/interactions", body)
	if err != nil {
		t.Errorf("sign request: %v", err)
		return e2eAnswer{}
	}
	return e2eDo(t, req)
}

// e2eDo sends req and decodes the answer; it reports errors with t.Errorf so that
// goroutines may call it.
func e2eDo(t *testing.T, req *http.Request) e2eAnswer {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("send interaction: %v", err)
		return e2eAnswer{}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Errorf("read answer: %v", err)
	}
	a := e2eAnswer{Status: resp.StatusCode, Body: string(data)}
	var cb struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(data, &cb) == nil {
		a.Type = cb.Type
		if len(cb.Data) > 0 {
			if err := json.Unmarshal(cb.Data, &a.Data); err != nil {
				t.Errorf("decode answer data %s: %v", cb.Data, err)
			}
		}
	}
	return a
}

// e2eDecodeMessage decodes a message noirbot sent to the fake Discord (its JSON, payload_json
// when files came with it).
func e2eDecodeMessage(t *testing.T, r bottest.Request) e2eMessage {
	t.Helper()
	var m e2eMessage
	require.NoError(t, json.Unmarshal(r.Payload, &m), string(r.Payload))
	return m
}

// e2eRequestsAbout lists the logged API requests whose path, query or body mention id.
func e2eRequestsAbout(emu *vclienttest.Server, id string) []string {
	var about []string
	for _, r := range emu.Requests() {
		if strings.Contains(r.Path, id) || strings.Contains(r.Query.Encode(), id) || bytes.Contains(r.Body, []byte(id)) {
			about = append(about, r.Method+" "+r.Path)
		}
	}
	return about
}

// e2eWrites lists the logged API requests that are not reads.
func e2eWrites(emu *vclienttest.Server) []string {
	var w []string
	for _, r := range emu.Requests() {
		if r.Method != http.MethodGet {
			w = append(w, r.Method+" "+r.Path)
		}
	}
	return w
}

// e2eAliceQuickroll is Alice's /quickroll of the sandbox's "Strength + Brawl" with more options.
func e2eAliceQuickroll(opts ...bottest.Opt) *bottest.Builder {
	return bottest.Command("/quickroll", append([]bottest.Opt{bottest.O("name", "Strength + Brawl")}, opts...)...).
		User("300", "alice")
}

// e2eCompact is an id as a Re-roll custom_id stores it (lower case, no hyphens).
func e2eCompact(id string) string { return strings.ToLower(strings.ReplaceAll(id, "-", "")) }

// e2eExplainFailure logs, when t failed, what became of the interactions that did not end
// in an edit: their private follow-ups and the app's log lines about interactions.
func e2eExplainFailure(t *testing.T, ta *testApp) {
	if !t.Failed() {
		return
	}
	for _, f := range ta.fake.Requests(bottest.FollowUp) {
		t.Logf("follow-up %s: %s", f.Path, f.Body)
	}
	for line := range strings.Lines(ta.logs.String()) {
		if strings.Contains(line, `"interaction`) {
			t.Log(strings.TrimSpace(line))
		}
	}
}
