package commands

import (
	"bytes"
	"fmt"
	"log/slog"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

func TestFailuresAreLoggedUnderTheEnginesInteractionKey(t *testing.T) {
	h := newHarness(t)
	var logs bytes.Buffer
	h.deps.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	h.warm(aliceID, bottest.Command("/notes/list"))
	h.emu.InjectFault(vclienttest.Fault{Method: "POST", Route: "POST " + noteCreateRoute, Status: 500})

	h.rec.Run(t.Context(), h.as(aliceID, ntSubmit("nn", "Elysium", "Court tonight").ID("424242")))

	assert.Contains(t, logs.String(), `"interaction_id":"424242"`)
	assert.NotContains(t, logs.String(), `"interaction":`)
}

func TestClientSideValidationReadsAsAnInvalidOption(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"an API field named after its option", &vclient.RequestValidationError{Field: "num_dice", Message: "must be at least 1, got 0"},
			"Invalid `pool`: must be at least 1, got 0."},
		{"a field with the option's name", &vclient.RequestValidationError{Field: "title", Message: "must be 3 to 50 characters, got 2"},
			"Invalid `title`: must be 3 to 50 characters, got 2."},
		{"a wrapped error", fmt.Errorf("create note: %w", &vclient.RequestValidationError{Field: "trait_ids", Message: "must not contain an empty id"}),
			"Invalid `traits`: must not contain an empty id."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			r := (&Handlers{Deps: h.deps}).fail(t.Context(), bottest.Command("/roll").Interaction(), tt.err)
			assert.True(t, r.Ephemeral)
			assert.Equal(t, tt.want, r.Content)
			assert.Equal(t, outcomeUserError, r.Outcome)
		})
	}
}

func TestAPIErrorsAreLoggedWithTheirRequestIDAndA5xxAnswerQuotesIt(t *testing.T) {
	h := newHarness(t)
	var logs bytes.Buffer
	h.deps.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	h.warm(aliceID, rollTestQuickroll("Strength + Brawl"))
	h.emu.InjectFault(vclienttest.Fault{Method: "POST", Route: routeQuickrollRoll, Status: 503})

	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl"))

	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "Valentina is unavailable")
	if !v2() {
		assert.NotContains(t, r.Content, "ref", "v1 has no request ids")
		return
	}
	ref := regexp.MustCompile("\\(ref `(req_[A-Za-z0-9_-]+)`\\)$").FindStringSubmatch(r.Content)
	require.Len(t, ref, 2, "the answer ends with the request id: %q", r.Content)
	assert.Contains(t, logs.String(), `"request_id":"`+ref[1]+`"`, "the log line names the same request")
}

func TestA4xxAnswerDoesNotQuoteTheRequestID(t *testing.T) {
	h := newHarness(t)
	h.emu.InjectFault(vclienttest.Fault{Method: "POST", Route: routeQuickrollRoll, Status: 403})
	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl"))
	assert.Equal(t, "You are not allowed to do that.", r.Content)
}
