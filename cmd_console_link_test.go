package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConsoleLinkSignsANewcomerInAndAnAdminApprovesThem(t *testing.T) {
	script := strings.Join([]string{
		"as Nora",
		"/link",
		"link",
		"/whoami",
		"as Alice",
		"click Approve as PLAYER",
		"as Ada",
		"click Approve as PLAYER",
		"as Nora",
		"/whoami",
	}, "\n")

	code, out, errOut := runConsoleCmd(t, script, nil)

	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "[Sign in with Discord]")
	assert.Contains(t, out, "# Welcome! Your Valentina account was created.", "link prints the callback's page")
	assert.Contains(t, out, "| ** New member waiting for approval **\n| **nora** · @Nora")
	assert.Contains(t, out, "[Approve as PLAYER] [Approve as STORYTELLER] [Deny]")
	assert.Contains(t, out, "Your Valentina account is waiting for an admin's approval.")
	assert.Contains(t, out, "Only a Valentina ADMIN can approve or deny users.")
	assert.Contains(t, out, "✅ Approved **nora** as PLAYER (by @Ada).")
	assert.Contains(t, out, "Valentina user: nora (PLAYER)")
	assert.NotContains(t, out, "nora@example.com")
}

func TestConsoleLinkNeedsASignInButton(t *testing.T) {
	code, out, errOut := runConsoleCmd(t, "link\n", nil)

	assert.Equal(t, 1, code, "link without a button is a line the console cannot run")
	assert.Contains(t, out+errOut, "there is no Sign in with Discord button yet: run /link first")
}
