package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// runConsoleCmd runs `noirbot console args...` in-process with script on stdin.
func runConsoleCmd(t *testing.T, script string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code := cmdConsole(t.Context(), args, strings.NewReader(script), &out, &errOut, lookup)
	return code, out.String(), errOut.String()
}

func TestConsolePipedQuickrollPrintsTheRoll(t *testing.T) {
	code, out, errOut := runConsoleCmd(t, "/quickroll name:\"Strength + Brawl\"\n", nil)
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "alice> ", "Alice is the default user")
	assert.Regexp(t, `\*\* (Critical|Success|Failure|Botch)\b`, out, "the outcome")
	assert.Regexp(t, `Dice: \S`, out, "the dice")
	assert.Contains(t, out, "Pool: Strength 2 + Brawl 2 = 4", "the pool breakdown")
	assert.Empty(t, errOut, "nothing but the conversation by default")
}

func TestConsoleScriptRunsEachCommand(t *testing.T) {
	script := strings.Join([]string{
		"# a storyteller rewards a scene, then the player looks at their numbers",
		"as Sam",
		`/xp add member:@Alice amount:5 reason:"good scene"`,
		"as Alice",
		"/xp view",
		"/stats",
		"/notes create",
		`submit title:"Hello" content:"World!"`,
		"/notes list",
	}, "\n")
	code, out, errOut := runConsoleCmd(t, script, nil)
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "Current XP: 0 → 5")
	assert.Contains(t, out, "Reason: good scene")
	assert.Contains(t, out, "[audit #801]")
	assert.Contains(t, out, "Roll statistics")
	assert.Contains(t, out, "Saved your note **Hello**")
	assert.Contains(t, out, "Hello — ")
}

func TestConsoleActsAsTheGivenUser(t *testing.T) {
	for _, as := range []string{"Sam", "200", "<@200>"} {
		t.Run(as, func(t *testing.T) {
			code, out, errOut := runConsoleCmd(t, "/whoami\n", nil, "-as", as)
			require.Equal(t, 0, code, out+errOut)
			assert.Contains(t, out, "sam> /whoami")
			assert.Contains(t, out, "sam (STORYTELLER)")
		})
	}
}

func TestConsoleExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	require.NoError(t, os.WriteFile(good, []byte("[valentina]\napi_key = \"k\"\n[[guilds]]\nid = \"1\"\ncompany_id = \"c\"\n"), 0o600))
	two := filepath.Join(dir, "two.toml")
	require.NoError(t, os.WriteFile(two, []byte("[valentina]\napi_key = \"k\"\n[[guilds]]\nid = \"1\"\ncompany_id = \"c\"\n[[guilds]]\nid = \"2\"\ncompany_id = \"d\"\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "none.toml"), []byte("[valentina]\napi_key = \"k\"\n"), 0o600))
	tests := []struct {
		name   string
		args   []string
		script string
		code   int
		stderr string
	}{
		{"-h prints the flags", []string{"-h"}, "", 0, "Usage: noirbot console [-config FILE] [-as DISCORD_ID] [-guild ID]"},
		{"an unknown flag", []string{"-nope"}, "", 2, "flag provided but not defined: -nope"},
		{"an extra argument", []string{"quickroll"}, "", 2, `unexpected argument "quickroll"`},
		{"a missing config file", []string{"-config", filepath.Join(dir, "missing.toml")}, "", 2, "missing.toml"},
		{"a config needs -as", []string{"-config", good}, "", 2, "-as: required with -config"},
		{"a config with several guilds needs -guild", []string{"-config", two, "-as", "1"}, "", 2, "-guild: required (the config has 2 [[guilds]] blocks)"},
		{"a config without a guild", []string{"-config", filepath.Join(dir, "none.toml"), "-as", "1"}, "", 2, "guilds: the config has no [[guilds]] block"},
		{"a guild the config does not know", []string{"-config", good, "-as", "1", "-guild", "9"}, "", 2, "-guild: 9 has no [[guilds]] block"},
		{"the sandbox has one guild", []string{"-guild", "5"}, "", 2, "-guild: the sandbox has only guild 900"},
		{"an unknown sandbox user", []string{"-as", "zed"}, "", 2, `-as: no user "zed"`},
		{"a line that cannot be parsed", nil, "/quickroll name:\"open\n/whoami\n", 1, ""},
		{"an empty script", nil, "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runConsoleCmd(t, tt.script, nil, tt.args...)
			assert.Equal(t, tt.code, code, out+errOut)
			assert.Contains(t, errOut, tt.stderr)
		})
	}
}

func TestConsoleNeverReadsConfigTomlByItself(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.WriteFile("config.toml", []byte("this is not toml = = =\n"), 0o600))
	code, out, errOut := runConsoleCmd(t, "/whoami\n", nil)
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "alice (PLAYER)")
}

func TestConsoleWithAConfigUsesItsAPI(t *testing.T) {
	emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.TestAPIVersion()))
	data := vclienttest.SeedDemo(emu.Emulator)
	path := filepath.Join(t.TempDir(), "config.toml")
	require.NoError(t, os.WriteFile(path, []byte(fmt.Sprintf(
		"[valentina]\nbase_url = %q\napi_version = %q\n[[guilds]]\nid = \"77\"\ncompany_id = %q\n",
		emu.URL, vclienttest.TestAPIVersion(), data.CompanyID)), 0o600))
	env := map[string]string{"NOIRBOT_VALENTINA_API_KEY": vclienttest.DefaultAPIKey}

	code, out, errOut := runConsoleCmd(t, "/xp add member:@Bob amount:4\n", env, "-config", path, "-as", "100")
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "ada> /xp add")
	assert.Equal(t, 4, emu.Experience(data.Bob, data.CampaignID).XPCurrent)
}

func TestConsoleWithAConfigSpeaksItsAPIVersionWithItsRetriesAndUserAgent(t *testing.T) {
	// The embedded sandbox speaks v2; a configuration saying v1 gets v1 from the same flags.
	emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.V1))
	data := vclienttest.SeedDemo(emu.Emulator)
	path := filepath.Join(t.TempDir(), "config.toml")
	require.NoError(t, os.WriteFile(path, []byte(fmt.Sprintf(
		"[valentina]\nbase_url = %q\napi_version = \"v1\"\nmax_retries = 0\n[[guilds]]\nid = \"77\"\ncompany_id = %q\n",
		emu.URL, data.CompanyID)), 0o600))
	env := map[string]string{"NOIRBOT_VALENTINA_API_KEY": vclienttest.DefaultAPIKey}

	code, out, errOut := runConsoleCmd(t, "/whoami\n", env, "-config", path, "-as", "300")
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "Alice (PLAYER)")
	emu.ResetRequests()
	emu.InjectFault(vclienttest.Fault{Method: "GET", Route: "GET /users/{user_id}/quickrolls", Status: 503})
	code, out, errOut = runConsoleCmd(t, "/quickroll name:\"Strength + Brawl\"\n", env, "-config", path, "-as", "300")
	require.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "Valentina is unavailable")
	assert.Equal(t, 1, emu.CountRequests("GET", "GET /users/{user_id}/quickrolls"), "max_retries = 0 means one attempt")
	for _, r := range emu.Requests() {
		assert.Equal(t, "noirbot/dev", r.Header.Get("User-Agent"))
		assert.NotEmpty(t, r.Route, "a v1 route: %s %s", r.Method, r.Path)
		assert.Empty(t, r.OnBehalfOf, "no v2 header in v1")
	}
}
