package sandbox_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/sandbox"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// start runs an embedded sandbox for one test, in the dialect NOIRBOT_TEST_API_VERSION picks.
func start(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.Start(t.Context(), sandbox.Options{APIVersion: vclienttest.TestAPIVersion()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

// run pipes script into a console over sb as the default user.
func run(t *testing.T, sb *sandbox.Sandbox, script string) (string, int) {
	t.Helper()
	var out strings.Builder
	code := sb.Console(&out, "", false).Run(t.Context(), strings.NewReader(script))
	return out.String(), code
}

func TestQuickrollPrintsTheRoll(t *testing.T) {
	sb := start(t)
	out, code := run(t, sb, `/quickroll name:"Strength + Brawl"`+"\n")
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "alice> /quickroll")
	assert.Regexp(t, `(?i)success|failure|critical|botch`, out, "the outcome")
	assert.Contains(t, out, "Strength 2 + Brawl 2 = 4", "the pool with the trait values of Mara Voss")
	assert.Contains(t, out, "[Re-roll]")
	assert.Len(t, sb.Emulator.DiceRolls(sb.Data.CompanyID), 1)

	out, code = run(t, sb, `/quickroll name:"Strength + Brawl"`+"\nclick Re-roll\n")
	require.Equal(t, 0, code, out)
	assert.Len(t, sb.Emulator.DiceRolls(sb.Data.CompanyID), 3, "the Re-roll button rolls again")
}

func TestStorytellerAwardsXPAndThePlayerSeesStats(t *testing.T) {
	sb := start(t)
	out, code := run(t, sb, strings.Join([]string{
		"as Sam",
		`/xp add member:@Alice amount:5 reason:"good scene"`,
		"as Alice",
		`/quickroll name:"Dexterity + Firearms"`,
		"/stats",
	}, "\n"))
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "sam> /xp add")
	assert.Contains(t, out, "good scene")
	assert.Contains(t, out, "0 → 5", "the XP change, before → after")
	assert.Contains(t, out, "[audit #"+sandbox.AuditChannelID+"]", "the audit post is shown, not sent")
	assert.Equal(t, 5, sb.Emulator.Experience(sb.Data.Alice, sb.Data.CampaignID).XPCurrent)
	stats := out[strings.Index(out, "alice> /stats"):]
	assert.Contains(t, stats, "(only you can see this)", "statistics are private by default")
	assert.Regexp(t, `(?i)rolls`, stats)
}

func TestNotesCreateOpensAFormAndSubmitSavesTheNote(t *testing.T) {
	sb := start(t)
	out, code := run(t, sb, "/notes create\nsubmit title:\"Hello\" content:\"World!\"\n")
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "[form] New note")
	notes := sb.Emulator.Notes(sb.Data.Alice)
	require.Len(t, notes, 1)
	assert.Equal(t, "Hello", notes[0].Title)
	assert.Equal(t, "World!", notes[0].Content)
}

func TestEveryCommandIsListedInHelp(t *testing.T) {
	sb := start(t)
	out, code := run(t, sb, "help\n/nope\n")
	assert.Equal(t, 1, code, "an unknown command is a line that could not be run")
	for _, cmd := range []string{"/quickroll", "/roll", "/quickrolls list", "/xp add", "/stats", "/notes create", "/character set", "/campaign set", "/link", "/unlink", "/whoami", "/help"} {
		assert.Contains(t, out, "  "+cmd+" ", cmd)
	}
	assert.Contains(t, out, "error (line 2): unknown command /nope")
}

// configuredAPI is an emulator in the test dialect with the demo data, and a client of it.
func configuredAPI(t *testing.T) (*vclienttest.Server, *vclienttest.Demo, *vclient.Client) {
	t.Helper()
	v := vclienttest.TestAPIVersion()
	emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(v))
	data := vclienttest.SeedDemo(emu.Emulator)
	api, err := vclient.New(emu.URL, vclienttest.DefaultAPIKey, vclient.WithAPIVersion(vclient.APIVersion(v)))
	require.NoError(t, err)
	return emu, data, api
}

func TestEmbeddedSandboxSpeaksV2UnlessToldOtherwise(t *testing.T) {
	for want, opt := range map[vclienttest.APIVersion]vclienttest.APIVersion{vclienttest.V2: "", vclienttest.V1: vclienttest.V1} {
		sb, err := sandbox.Start(t.Context(), sandbox.Options{APIVersion: opt})
		require.NoError(t, err)
		assert.Equal(t, want, sb.Emulator.APIVersion())
		assert.Equal(t, vclient.APIVersion(want), sb.API.APIVersion())
		require.NoError(t, sb.Close())
	}
}

func TestConfiguredSandboxUsesTheConfiguredAPI(t *testing.T) {
	emu, data, api := configuredAPI(t)
	cfg := config.Default()
	cfg.Valentina.BaseURL, cfg.Valentina.APIKey = emu.URL, vclienttest.DefaultAPIKey
	g := config.DefaultGuild()
	g.ID, g.CompanyID = "42", data.CompanyID
	cfg.Guilds = []config.Guild{g}

	store, err := cache.Open(t.Context(), cache.Options{Logger: slog.New(slog.DiscardHandler)}) // embedded
	require.NoError(t, err)
	sb, err := sandbox.Start(t.Context(), sandbox.Options{Config: cfg, API: api, Store: store})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	assert.Equal(t, "42", sb.GuildID, "the only guild block")
	assert.Nil(t, sb.Emulator)
	assert.Same(t, api, sb.API, "the caller's client, in the caller's dialect")

	var out strings.Builder
	code := sb.Console(&out, "200", false).Run(t.Context(), strings.NewReader("/xp add member:@alice amount:3\n"))
	require.Equal(t, 0, code, out.String())
	assert.Contains(t, out.String(), "sam> ", "company users are known by name")
	assert.Equal(t, 3, emu.Experience(data.Alice, data.CampaignID).XPCurrent)
}

func TestConfiguredSandboxNeedsAGuild(t *testing.T) {
	two := config.Default()
	two.Guilds = []config.Guild{{ID: "1"}, {ID: "2"}}
	tests := []struct {
		name  string
		cfg   *config.Config
		guild string
		err   string
	}{
		{"no guild block", config.Default(), "", "no [[guilds]] block"},
		{"several guild blocks", two, "", "choose one with -guild"},
		{"a guild that is not configured", two, "3", "guild 3 has no [[guilds]] block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sandbox.Start(t.Context(), sandbox.Options{Config: tt.cfg, GuildID: tt.guild, API: &vclient.Client{}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
}

func TestConfiguredSandboxNeedsItsAPIClient(t *testing.T) {
	cfg := config.Default()
	cfg.Guilds = []config.Guild{{ID: "1", CompanyID: "c"}}
	_, err := sandbox.Start(t.Context(), sandbox.Options{Config: cfg})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Options.API")
}
