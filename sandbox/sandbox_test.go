package sandbox_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/sandbox"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// start runs an embedded sandbox for one test.
func start(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.Start(t.Context(), sandbox.Options{})
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

func TestConfiguredSandboxUsesTheConfiguredAPI(t *testing.T) {
	emu := vclienttest.NewServer(t)
	data := vclienttest.SeedSandbox(emu.Emulator)
	cfg := config.Default()
	cfg.Valentina.BaseURL, cfg.Valentina.APIKey = emu.URL, vclienttest.DefaultAPIKey
	g := config.DefaultGuild()
	g.ID, g.CompanyID = "42", data.CompanyID
	cfg.Guilds = []config.Guild{g}

	sb, err := sandbox.Start(t.Context(), sandbox.Options{Config: cfg})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	assert.Equal(t, "42", sb.GuildID, "the only guild block")
	assert.Nil(t, sb.Emulator)

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
			_, err := sandbox.Start(t.Context(), sandbox.Options{Config: tt.cfg, GuildID: tt.guild})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
}

func TestConfiguredSandboxHonoursMaxRetriesZeroAndTheUserAgent(t *testing.T) {
	emu := vclienttest.NewServer(t)
	data := vclienttest.SeedSandbox(emu.Emulator)
	cfg := config.Default()
	cfg.Valentina.BaseURL, cfg.Valentina.APIKey = emu.URL, vclienttest.DefaultAPIKey
	cfg.Valentina.MaxRetries = 0
	g := config.DefaultGuild()
	g.ID, g.CompanyID = "42", data.CompanyID
	cfg.Guilds = []config.Guild{g}

	sb, err := sandbox.Start(t.Context(), sandbox.Options{Config: cfg, UserAgent: "noirbot/1.2.3"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	emu.ResetRequests()
	emu.InjectFault(vclienttest.Fault{Method: "GET", Route: "GET /users/{user_id}/quickrolls", Status: 503})

	var out strings.Builder
	sb.Console(&out, "300", false).Run(t.Context(), strings.NewReader("/quickroll name:\"Strength + Brawl\"\n"))
	assert.Contains(t, out.String(), "Valentina is unavailable")
	assert.Equal(t, 1, emu.CountRequests("GET", "GET /users/{user_id}/quickrolls"), "max_retries = 0 means one attempt")
	for _, r := range emu.Requests() {
		assert.Equal(t, "noirbot/1.2.3", r.Header.Get("User-Agent"))
	}
}
