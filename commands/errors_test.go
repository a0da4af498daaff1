package commands

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/noirbot/noirbot/bot/bottest"
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
