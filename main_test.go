package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// runCLI runs a command line in-process and returns its exit code and output.
func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code := run(t.Context(), args, strings.NewReader(""), &out, &errOut, lookup)
	return code, out.String(), errOut.String()
}

func TestVersionAndUsage(t *testing.T) {
	code, out, _ := runCLI(t, nil, "version")
	assert.Equal(t, 0, code)
	assert.Equal(t, "noirbot dev\n", out)

	code, out, _ = runCLI(t, nil, "-h")
	assert.Equal(t, 0, code)
	for _, cmd := range []string{"run", "register", "console", "link", "emulator", "healthcheck", "version"} {
		assert.Contains(t, out, "noirbot "+cmd)
	}

	code, _, errOut := runCLI(t, nil, "launch")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "launch"`)
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, cmd := range []string{"run", "register", "link", "emulator", "healthcheck"} {
		t.Run(cmd, func(t *testing.T) {
			code, _, errOut := runCLI(t, nil, cmd, "-h")
			assert.Equal(t, 0, code)
			assert.Contains(t, errOut, "Usage: noirbot "+cmd)
		})
	}
}

func TestBadFlagsAndConfigExitTwoWithOneLinePerProblem(t *testing.T) {
	code, _, errOut := runCLI(t, nil, "run", "-bogus")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "bogus")

	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	require.NoError(t, os.WriteFile(path, []byte("[discord]\ntokn = \"x\"\n"), 0o600))
	code, _, errOut = runCLI(t, nil, "run", "-config", path)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "discord.tokn")
	assert.Contains(t, errOut, "line 2")

	require.NoError(t, os.WriteFile(path, []byte("[discord]\ngateway = false\n"), 0o600))
	code, _, errOut = runCLI(t, nil, "run", "-config", path)
	assert.Equal(t, 2, code)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	assert.GreaterOrEqual(t, len(lines), 2, "one line per problem: %s", errOut)
	assert.Contains(t, errOut, "valentina.api_key")
}

func TestLinkPatchesTheUserAndPrintsNoEmail(t *testing.T) {
	// The v1 link: a PATCH of the user's discord_profile (v2 cannot write it).
	emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.V1))
	sb := vclienttest.SeedDemo(emu.Emulator)
	env := map[string]string{
		"NOIRBOT_VALENTINA_BASE_URL":    emu.URL,
		"NOIRBOT_VALENTINA_API_KEY":     vclienttest.DefaultAPIKey,
		"NOIRBOT_VALENTINA_API_VERSION": "v1",
	}
	cfgPath := writeConfig(t, "[[guilds]]\nid = \"900\"\ncompany_id = \""+sb.CompanyID+"\"\n")
	code, out, errOut := runCLI(t, env, "link", "-config", cfgPath, "-discord-id", "555555555555555555", "-user-id", sb.Bob)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "linked Discord 555555555555555555")
	assert.NotContains(t, out+errOut, "@example.com")

	u, ok := emu.User(sb.Bob)
	require.True(t, ok)
	assert.Equal(t, "555555555555555555", u.DiscordProfile.ID)
	reqs := emu.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "PATCH", reqs[0].Method)
	assert.JSONEq(t, `{"discord_profile":{"id":"555555555555555555"},"requesting_user_id":"`+sb.Bob+`"}`, string(reqs[0].Body))
}

func TestLinkWritesTheAdminLinkInV2(t *testing.T) {
	emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.V2))
	sb := vclienttest.SeedDemo(emu.Emulator)
	redis := miniredis.RunT(t)
	env := map[string]string{
		"NOIRBOT_VALENTINA_BASE_URL": emu.URL,
		"NOIRBOT_VALENTINA_API_KEY":  vclienttest.DefaultAPIKey,
		"NOIRBOT_REDIS_URL":          "redis://" + redis.Addr(),
	}
	cfgPath := writeConfig(t, "[[guilds]]\nid = \"900\"\ncompany_id = \""+sb.CompanyID+"\"\n")
	code, out, errOut := runCLI(t, env, "link", "-config", cfgPath, "-discord-id", "555555555555555555", "-user-id", sb.Bob)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "linked Discord 555555555555555555 to bob")
	assert.NotContains(t, out+errOut, "@example.com")

	got, err := redis.Get("noirbot:s:link:" + sb.CompanyID + ":555555555555555555")
	require.NoError(t, err)
	assert.Equal(t, sb.Bob, got, "the admin link is in the bot's state")
	reqs := emu.Requests()
	require.Len(t, reqs, 1, "the user is checked, nothing is written to the API")
	assert.Equal(t, "GET", reqs[0].Method)
	assert.Equal(t, sb.Bob, reqs[0].OnBehalfOf)

	code, _, errOut = runCLI(t, env, "link", "-config", cfgPath, "-discord-id", "555555555555555555", "-user-id", "01900000-0000-7000-8000-000000000bad")
	assert.Equal(t, 1, code, "an unknown user is refused")
	assert.Contains(t, errOut, "not found")
}

func TestLinkRefusesAnEmbeddedRedisInV2(t *testing.T) {
	env := map[string]string{"NOIRBOT_VALENTINA_API_KEY": "k"}
	code, _, errOut := runCLI(t, env, "link", "-config", writeConfig(t, ""), "-discord-id", "5", "-user-id", "u", "-company", "c")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "redis.url is empty")
}

func TestLinkNeedsItsFlags(t *testing.T) {
	code, _, errOut := runCLI(t, map[string]string{"NOIRBOT_VALENTINA_API_KEY": "k"}, "link", "-config", writeConfig(t, ""))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "-discord-id: required")
	assert.Contains(t, errOut, "-user-id: required")
	assert.Contains(t, errOut, "-company: required")
}

func TestRegisterSendsEveryValidatedCommandToTheGuild(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	env := map[string]string{"NOIRBOT_DISCORD_TOKEN": "secret-token", "NOIRBOT_DISCORD_APPLICATION_ID": "700", "NOIRBOT_DISCORD_API_URL": fake.URL}
	code, out, errOut := runCLI(t, env, "register", "-config", writeConfig(t, ""), "-guild", "900")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "for guild 900")
	reqs := fake.WaitFor(t, bottest.Commands, 1)
	assert.Contains(t, reqs[0].Path, "/api/v9/applications/700/guilds/900/commands")
	assert.NotContains(t, out+errOut, "secret-token")
}

// discordBotUA is the User-Agent Discord requires, for the tests' version "dev".
const discordBotUA = "DiscordBot (https://github.com/noirbot/noirbot, dev)"

func TestRegisterSendsTheDiscordBotUserAgent(t *testing.T) {
	t.Parallel()
	fake := bottest.NewFakeDiscord(t)
	env := map[string]string{"NOIRBOT_DISCORD_TOKEN": "secret-token", "NOIRBOT_DISCORD_APPLICATION_ID": "700", "NOIRBOT_DISCORD_API_URL": fake.URL}
	code, _, errOut := runCLI(t, env, "register", "-config", writeConfig(t, ""), "-guild", "900")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, discordBotUA, fake.WaitFor(t, bottest.Commands, 1)[0].Header.Get("User-Agent"))
}

func TestHealthcheck(t *testing.T) {
	// The admin server's /healthz (app's ops tests cover what it answers).
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	code, out, errOut := runCLI(t, map[string]string{"NOIRBOT_HTTP_ADDR": srv.Listener.Addr().String()}, "healthcheck", "-config", writeConfig(t, ""))
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "ok\n", out)

	code, _, _ = runCLI(t, map[string]string{"NOIRBOT_HTTP_ADDR": "127.0.0.1:1"}, "healthcheck", "-config", writeConfig(t, ""))
	assert.Equal(t, 1, code)
}

func TestHealthURLDialsLoopbackForAnEmptyHost(t *testing.T) {
	u, err := healthURL(":9090")
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9090/healthz", u)
	u, err = healthURL("0.0.0.0:9090")
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9090/healthz", u)
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}
