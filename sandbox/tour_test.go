package sandbox_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// tour is a session that runs every command once, each line with something
// its answer must say; wantV2, when set, is what it says in contract v2 instead
// (usernames as names; sandbox members linked by their own verified Discord
// identity, which an admin cannot override or remove when it is their only one).
var tour = []struct{ line, want, wantV2 string }{
	{`/roll pool:5 difficulty:7 comment:"into the dark"`, "Pool: 5 dice", ""},
	{`/quickrolls create name:"Wits + Awareness" trait1:Wits trait2:Awareness description:"Notice things"`, "Wits 3 + Awareness 2 = 5", ""},
	{`/quickrolls edit quickroll:"Wits + Awareness" description:"Spot the ambush"`, "Updated quickroll **Wits + Awareness**", ""},
	{"/quickrolls list", "*Spot the ambush*", ""},
	{`/quickrolls delete quickroll:"Wits + Awareness"`, "[Delete] [Cancel]", ""},
	{"click Delete", "(message updated)", ""},
	{`/quickroll name:"Strength + Brawl" desperation:1`, "Desperation: 1", ""},
	{`/character set character:"Mara Voss"`, "now use **Mara Voss**", ""},
	{"/notes create", "[form] New note", ""},
	{`submit title:"Hello" content:"World!"`, "Saved your note **Hello**", ""},
	{"/notes view note:Hello", "| World!", ""},
	{"/notes edit note:Hello", `now: "World!"`, ""},
	{`submit content:"World, again"`, "Updated your note **Hello**", ""},
	{"/notes list", "Hello — ", ""},
	{"/notes delete note:Hello", "[Delete] [Cancel]", ""},
	{"click Delete", "Deleted your note **Hello**", ""},
	{"as Sam", "now acting as Sam", ""},
	{`/xp add member:@Alice amount:10 reason:"good scene"`, "Current XP: 0 → 10", ""},
	{"/xp remove member:@Alice amount:3", "Current XP: 10 → 7", ""},
	{"/xp cool member:@Alice amount:1", "Cool points: 0 → 1", ""},
	{"/xp view member:@Alice", "Current XP: 17", ""},
	{`/campaign set campaign:"Chicago by Night"`, "now play **Chicago by Night**", ""},
	{`/stats campaign:"Chicago by Night"`, "(all players)", ""},
	{`/stats character:"Mara Voss"`, "Top traits:", ""},
	{"as Ada", "now acting as Ada", ""},
	{"/unlink member:@Bob", "Unlinked @Bob from Bob", "it is the only way bob signs in to Valentina; nothing was changed"},
	{"/link member:@Bob user:Bob", "Linked @Bob to Bob (PLAYER)", "@Bob is already linked to bob"},
	{"/users pending", "needs Valentina API v2", "No one is waiting for approval."},
	{"as Alice", "now acting as Alice", ""},
	{"/link", "Linking yourself needs Valentina API v2", "already linked to **alice** (PLAYER)"},
	{"/xp add member:@Alice amount:1", "Only storytellers and admins can change XP", ""},
	{"/help topic:xp", "**/xp cool**", ""},
	{"/whoami", "Valentina user: Alice (PLAYER)", "Valentina user: alice (PLAYER)"},
}

func TestEveryCommandRunsInTheSandbox(t *testing.T) {
	sb := start(t)
	lines := make([]string, 0, len(tour))
	for _, step := range tour {
		lines = append(lines, step.line)
	}
	out, code := run(t, sb, strings.Join(lines, "\n"))
	require.Equal(t, 0, code, out)
	assert.NotContains(t, out, "Unknown command")
	assert.NotContains(t, out, "Something went wrong")
	assert.NotContains(t, out, "@example.com", "no e-mail address is ever shown")

	rest := out
	for i, step := range tour {
		at := strings.Index(rest, "> "+step.line+"\n")
		require.GreaterOrEqual(t, at, 0, "step %d %q was not run", i, step.line)
		rest = rest[at+len(step.line)+3:]
		answer := rest
		if i+1 < len(tour) {
			if next := strings.Index(rest, "> "+tour[i+1].line+"\n"); next >= 0 {
				answer = rest[:next]
			}
		}
		want := step.want
		if step.wantV2 != "" && vclienttest.TestAPIVersion() == vclienttest.V2 {
			want = step.wantV2
		}
		assert.Contains(t, answer, want, "step %d %q", i, step.line)
	}
	assert.Equal(t, 17, sb.Emulator.Experience(sb.Data.Alice, sb.Data.CampaignID).XPCurrent)
	assert.Empty(t, sb.Emulator.Notes(sb.Data.Alice), "the note was created, edited and deleted")
	assert.Len(t, sb.Emulator.Quickrolls(sb.Data.Alice), 2, "the new quickroll was deleted again")
}
