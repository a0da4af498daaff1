package app

// Issue 12 end to end: the play commands (/xp spend, /character sheet, /rolls history,
// /campaign view, danger and desperation) driven through the signed HTTP endpoint of a real
// noirbot against the emulator, buttons included. v1 answers "needs API v2" where it must.

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// e2ePlayTour is the play commands in order; v2 says what each answers in v2, v1 in v1.
func e2ePlayTour(v2 bool) []e2eStep {
	needs := "needs Valentina API v2"
	pick := func(v1Want, v2Want string) string {
		if v2 {
			return v2Want
		}
		return v1Want
	}
	click := func(label, want string) e2eStep {
		return e2eStep{as: e2eAlice, want: want, send: func(t *testing.T, prev e2eReply) *bottest.Builder {
			return bottest.Click(prev.button(t, label))
		}}
	}
	steps := []e2eStep{
		cmd(e2eSam, bottest.Command("/xp/add", bottest.UserOpt("member", e2eAlice.ID), bottest.O("amount", 25)).Resolve(e2eAlice),
			"Current XP: 0 → 25"),
		cmd(e2eAlice, bottest.Command("/xp/spend", bottest.O("trait", "Firearms")),
			pick(needs, "Raise **Firearms** of **Mara Voss** from ●●●●○ 4 to ●●●●● 5 for **10 XP**? XP: 25 → 15.")),
	}
	if v2 {
		steps = append(steps, click("Confirm", "XP: 25 → 15"))
	}
	steps = append(steps,
		cmd(e2eAlice, bottest.Command("/character/sheet"), pick(needs, "Mara Voss — Attributes")))
	if v2 {
		steps = append(steps, click("Next ▶", "Mara Voss — Abilities"))
	}
	return append(steps,
		cmd(e2eAlice, bottest.Command("/roll", bottest.O("pool", 3), bottest.O("difficulty", 7)), "3 dice"),
		cmd(e2eAlice, bottest.Command("/rolls/history"), "pool 3 · difficulty 7"),
		cmd(e2eAlice, bottest.Command("/campaign/view"), "Danger: 2/5 ●●○○○"),
		cmd(e2eSam, bottest.Command("/campaign/danger", bottest.O("level", 4)),
			pick(needs, "⚠️ Danger in **Chicago by Night** is now **4/5 ●●●●○**.")),
		cmd(e2eAlice, bottest.Command("/campaign/view"), pick("Danger: 2/5", "Danger: 4/5")),
		cmd(e2eAlice, bottest.Command("/campaign/desperation", bottest.O("level", 1)),
			pick(needs, "Only storytellers and admins can set a campaign's desperation")),
	)
}

func TestE2EPlayCommandsOverHTTP(t *testing.T) {
	t.Parallel()
	ta := e2eTourApp(t)
	sb := ta.sb
	users := map[string]string{e2eSam.ID: sb.Sam, e2eAlice.ID: sb.Alice}
	v2 := testAPIVersion() == vclienttest.V2

	e2eRunTour(t, ta, e2ePlayTour(v2), 7_100_001, func(name string, step e2eStep, _ string) {
		if step.want == "needs Valentina API v2" {
			assert.Empty(t, ta.emu.Requests(), "%s: nothing is asked of a v1 API", name)
		}
		for _, r := range ta.emu.Requests() {
			if v2 {
				e2eAssertV2Acting(t, fmt.Sprintf("%s: %s %s", name, r.Method, r.Path), r, users[step.as.ID])
			}
		}
	})
	want := 25
	if v2 {
		want = 15
	}
	assert.Equal(t, want, ta.emu.Experience(sb.Alice, sb.CampaignID).XPCurrent, "the fifth dot of Firearms cost 10 XP, once")
	require.Equal(t, 0, ta.stop(t))
}
