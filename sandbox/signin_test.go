package sandbox_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/vclient/vclienttest"
)

func TestANewcomerSignsInWithDiscordAndAnAdminDeniesThem(t *testing.T) {
	if vclienttest.TestAPIVersion() != vclienttest.V2 {
		t.Skip("v2 only: the v1 sandbox has no Sign in with Discord (the tour shows /link saying so)")
	}
	sb := start(t)

	out, code := run(t, sb, "as Nora\n/link\nlink\nas Ada\nclick Deny\n/users pending\n")

	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "# Welcome! Your Valentina account was created.")
	assert.Contains(t, out, "⛔ Denied **nora**: their Valentina account is archived (by @Ada).")
	assert.Contains(t, out, "| ** User denied **")
	assert.Contains(t, out, "No one is waiting for approval.")
	assert.NotContains(t, out, "@example.com")
}
