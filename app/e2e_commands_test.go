package app

// Issue 10's "Must show": the whole command set, driven through the signed HTTP endpoint of a
// real noirbot against the emulator, names the caller and nobody else on every API request. In
// v2 every request carries On-Behalf-Of = the caller's user id (the identity lookup, which is
// how the bot learns that id, may carry none), matches a v2 route and carries no
// requesting_user_id; in v1 the acting user of every write travels as requesting_user_id or
// the acting {user_id} path segment of dice rolls, and is the caller too. The same steps and
// answers hold in both.

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// The sandbox's Discord members.
var (
	e2eAda   = &discordgo.User{ID: "100", Username: "ada"}
	e2eSam   = &discordgo.User{ID: "200", Username: "sam"}
	e2eAlice = &discordgo.User{ID: "300", Username: "alice"}
	e2eBob   = &discordgo.User{ID: "400", Username: "bob"}
)

// e2eReply is one interaction's answer as its caller sees it: the first response's type and
// the message (inline, or the edit after a deferral), the modal, or the choices.
type e2eReply struct {
	first int
	data  e2eReplyData
}

// e2eReplyData decodes messages, modals and autocomplete choices alike.
type e2eReplyData struct {
	Content string `json:"content"`
	Title   string `json:"title"`     // a modal's
	Custom  string `json:"custom_id"` // a modal's
	Embeds  []struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Fields      []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"fields"`
		Footer *struct {
			Text string `json:"text"`
		} `json:"footer"`
	} `json:"embeds"`
	Components []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
			Label    string `json:"label"`
			Value    string `json:"value"`
		} `json:"components"`
	} `json:"components"`
	Choices []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"choices"`
}

// text renders the reply as a person reads it: content, embeds as "name: value" lines,
// buttons as [label], a modal as [form] title, choices one per line.
func (r e2eReply) text() string {
	var b strings.Builder
	d := r.data
	if r.first == int(discordgo.InteractionResponseModal) {
		fmt.Fprintf(&b, "[form] %s\n", d.Title)
	}
	if d.Content != "" {
		b.WriteString(d.Content + "\n")
	}
	for _, e := range d.Embeds {
		fmt.Fprintf(&b, "** %s **\n", e.Title)
		if e.Description != "" {
			b.WriteString(e.Description + "\n")
		}
		for _, f := range e.Fields {
			fmt.Fprintf(&b, "%s: %s\n", f.Name, f.Value)
		}
		if e.Footer != nil {
			b.WriteString(e.Footer.Text + "\n")
		}
	}
	for _, row := range d.Components {
		for _, c := range row.Components {
			fmt.Fprintf(&b, "[%s] ", c.Label)
		}
	}
	for _, c := range d.Choices {
		fmt.Fprintf(&b, "choice %s\n", c.Name)
	}
	return b.String()
}

// button is the custom_id of the button labelled label (the test fails without one).
func (r e2eReply) button(t *testing.T, label string) string {
	t.Helper()
	for _, row := range r.data.Components {
		for _, c := range row.Components {
			if c.Label == label {
				return c.CustomID
			}
		}
	}
	t.Fatalf("no %q button in %s", label, r.text())
	return ""
}

// submit answers the modal of r with values by input label (case-insensitive prefix), the
// other inputs keeping their prefilled values.
func (r e2eReply) submit(t *testing.T, values map[string]string) *bottest.Builder {
	t.Helper()
	require.Equal(t, int(discordgo.InteractionResponseModal), r.first, "a form: %s", r.text())
	in := map[string]string{}
	for _, row := range r.data.Components {
		for _, c := range row.Components {
			in[c.CustomID] = c.Value
			for label, v := range values {
				if strings.HasPrefix(strings.ToLower(c.Label), label) {
					in[c.CustomID] = v
				}
			}
		}
	}
	return bottest.Submit(r.data.Custom, in)
}

// e2eStep is one interaction of the command tour: who sends it, what (built from the
// previous reply, for clicks and form answers), and something its answer must say.
type e2eStep struct {
	as   *discordgo.User
	send func(t *testing.T, prev e2eReply) *bottest.Builder
	want string
}

// cmd is a step that needs nothing from the previous reply.
func cmd(as *discordgo.User, b *bottest.Builder, want string) e2eStep {
	return e2eStep{as: as, send: func(*testing.T, e2eReply) *bottest.Builder { return b }, want: want}
}

// e2eTour runs every command of noirbot at least once (SPEC §4.3), as the console tour does.
func e2eTour(sb *vclienttest.Demo) []e2eStep {
	member := func(u *discordgo.User) bottest.Opt { return bottest.UserOpt("member", u.ID) }
	click := func(as *discordgo.User, label, want string) e2eStep {
		return e2eStep{as: as, want: want, send: func(t *testing.T, prev e2eReply) *bottest.Builder {
			return bottest.Click(prev.button(t, label))
		}}
	}
	form := func(as *discordgo.User, values map[string]string, want string) e2eStep {
		return e2eStep{as: as, want: want, send: func(t *testing.T, prev e2eReply) *bottest.Builder {
			return prev.submit(t, values)
		}}
	}
	return []e2eStep{
		cmd(e2eAlice, bottest.Command("/whoami"), shown("Alice")+" (PLAYER)"),
		cmd(e2eAlice, bottest.Command("/help"), "/quickroll"),
		cmd(e2eAlice, bottest.Command("/help", bottest.O("topic", "xp")), "/xp cool"),
		cmd(e2eAlice, bottest.Autocomplete("/quickroll", "name", bottest.O("name", "Str")), "choice Strength + Brawl"),
		cmd(e2eAlice, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl"), bottest.O("difficulty", 7)), "Strength 2 + Brawl 2 = 4"),
		click(e2eAlice, "Re-roll", "Strength 2 + Brawl 2 = 4"),
		cmd(e2eAlice, bottest.Command("/quickroll", bottest.O("name", "Dexterity + Firearms"), bottest.O("desperation", 1)), "Desperation: 1"),
		cmd(e2eAlice, bottest.Command("/roll", bottest.O("pool", 5), bottest.O("difficulty", 7), bottest.O("comment", "into the dark")), "5 dice"),
		cmd(e2eAlice, bottest.Autocomplete("/quickrolls/create", "trait1", bottest.O("name", "Wits + Awareness"), bottest.O("trait1", "Wi")), "choice Wits"),
		cmd(e2eAlice, bottest.Command("/quickrolls/create", bottest.O("name", "Wits + Awareness"), bottest.O("trait1", "Wits"),
			bottest.O("trait2", "Awareness"), bottest.O("description", "Notice things")), "Wits 3 + Awareness 2 = 5"),
		cmd(e2eAlice, bottest.Command("/quickrolls/edit", bottest.O("quickroll", "Wits + Awareness"), bottest.O("description", "Spot the ambush")),
			"Updated quickroll **Wits + Awareness**"),
		cmd(e2eAlice, bottest.Command("/quickrolls/list"), "Spot the ambush"),
		cmd(e2eAlice, bottest.Command("/quickrolls/delete", bottest.O("quickroll", "Wits + Awareness")), "[Delete]"),
		click(e2eAlice, "Delete", "Wits + Awareness"),
		cmd(e2eAlice, bottest.Command("/character/set", bottest.O("character", "Mara Voss")), "Mara Voss"),
		cmd(e2eAlice, bottest.Command("/notes/create"), "[form]"),
		form(e2eAlice, map[string]string{"title": "Hello", "content": "World!"}, "Saved your note **Hello**"),
		cmd(e2eAlice, bottest.Command("/notes/view", bottest.O("note", "Hello")), "World!"),
		cmd(e2eAlice, bottest.Command("/notes/edit", bottest.O("note", "Hello")), "[form]"),
		form(e2eAlice, map[string]string{"content": "World, again"}, "Updated your note **Hello**"),
		cmd(e2eAlice, bottest.Command("/notes/list"), "Hello"),
		cmd(e2eAlice, bottest.Command("/notes/delete", bottest.O("note", "Hello")), "[Delete]"),
		click(e2eAlice, "Delete", "Deleted your note **Hello**"),
		cmd(e2eAlice, bottest.Command("/xp/view"), "Current XP: 0"),
		cmd(e2eAlice, bottest.Command("/stats"), "Roll statistics"),
		cmd(e2eAlice, bottest.Command("/xp/add", member(e2eAlice), bottest.O("amount", 1)).Resolve(e2eAlice),
			"Only storytellers and admins can change XP"),

		cmd(e2eSam, bottest.Command("/xp/add", member(e2eAlice), bottest.O("amount", 10), bottest.O("reason", "good scene")).Resolve(e2eAlice),
			"Current XP: 0 → 10"),
		cmd(e2eSam, bottest.Command("/xp/remove", member(e2eAlice), bottest.O("amount", 3)).Resolve(e2eAlice), "Current XP: 10 → 7"),
		cmd(e2eSam, bottest.Command("/xp/cool", member(e2eAlice), bottest.O("amount", 1)).Resolve(e2eAlice), "Cool points: 0 → 1"),
		cmd(e2eSam, bottest.Command("/xp/view", member(e2eAlice)).Resolve(e2eAlice), "Current XP: 17"),
		cmd(e2eSam, bottest.Autocomplete("/campaign/set", "campaign", bottest.O("campaign", "Chi")), "choice Chicago by Night"),
		cmd(e2eSam, bottest.Command("/campaign/set", bottest.O("campaign", "Chicago by Night")), "Chicago by Night"),
		cmd(e2eSam, bottest.Command("/stats", bottest.O("campaign", "Chicago by Night")), "(all players)"),
		cmd(e2eSam, bottest.Command("/stats", bottest.O("character", "Mara Voss")), "Top traits"),
		cmd(e2eSam, bottest.Command("/whoami"), shown("Sam")+" (STORYTELLER)"),

		// v2: Bob signs in with his verified Discord identity, which neither /unlink nor /link
		// may take from him.
		cmd(e2eAda, bottest.Command("/unlink", member(e2eBob)).Resolve(e2eBob), byDialect("nothing was changed", "Unlinked")),
		cmd(e2eAda, bottest.Autocomplete("/link", "user", member(e2eBob), bottest.O("user", "Bo")).Resolve(e2eBob), "choice "+shown("Bob")),
		cmd(e2eAda, bottest.Command("/link", member(e2eBob), bottest.O("user", sb.Bob)).Resolve(e2eBob), byDialect("is already linked to bob", "Bob (PLAYER)")),
		cmd(e2eBob, bottest.Command("/whoami"), shown("Bob")+" (PLAYER)"),
		cmd(e2eBob, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")), `No quickroll called "Strength + Brawl"`),
	}
}

// e2eTourApp is the app the tours run against. Its defer_after is the longest Discord
// deadline, so that a loaded machine rarely defers; a deferred answer is awaited all the same.
func e2eTourApp(t *testing.T) *testApp {
	ta := startTestApp(t, withConfig(func(c *config.Config) { c.Discord.DeferAfter = config.Duration{Duration: 2 * time.Second} }))
	t.Cleanup(func() { e2eExplainFailure(t, ta) })
	return ta
}

// e2eRunTour sends the steps in order, each as its user and built from the previous reply,
// with interaction ids from firstID on, and checks that each answer says what its step wants
// and no "Something went wrong"; check adds a tour's own checks on each step's text (the
// emulator's requests then are the step's).
func e2eRunTour(t *testing.T, ta *testApp, steps []e2eStep, firstID int, check func(name string, step e2eStep, text string)) {
	var prev e2eReply
	for i, step := range steps {
		b := step.send(t, prev).User(step.as.ID, step.as.Username).ID(fmt.Sprint(firstID + i))
		name := fmt.Sprintf("step %d (%s)", i, step.as.Username)
		ta.emu.ResetRequests()
		d, err := ta.deliver(t.Context(), b)
		require.NoError(t, err, name)
		prev = e2eReply{first: d.first}
		require.NoError(t, json.Unmarshal([]byte(d.msg), &prev.data), "%s: %s", name, d.msg)
		text := prev.text()
		assert.Contains(t, text, step.want, "%s answered:\n%s", name, text)
		assert.NotContains(t, text, "Something went wrong", name)
		check(name, step, text)
	}
}

func TestE2EEveryCommandNamesTheCallerAndOnlyTheCallerOnEveryAPIRequest(t *testing.T) {
	t.Parallel()
	ta := e2eTourApp(t)
	sb := ta.sb
	users := map[string]string{e2eAda.ID: sb.Ada, e2eSam.ID: sb.Sam, e2eAlice.ID: sb.Alice, e2eBob.ID: sb.Bob}
	v2 := testAPIVersion() == vclienttest.V2

	e2eRunTour(t, ta, e2eTour(sb), 7_000_001, func(name string, step e2eStep, text string) {
		assert.NotContains(t, text, "@example.com", "%s: no e-mail address is ever shown", name)

		caller := users[step.as.ID]
		for _, r := range ta.emu.Requests() {
			what := fmt.Sprintf("%s: %s %s?%s", name, r.Method, r.Path, r.Query.Encode())
			assert.NotEmpty(t, r.Route, "%s matches a route of API %s", what, testAPIVersion())
			if v2 {
				e2eAssertV2Acting(t, what, r, caller)
			} else {
				e2eAssertV1Acting(t, what, r, caller)
			}
		}
	})

	assert.Equal(t, 17, ta.emu.Experience(sb.Alice, sb.CampaignID).XPCurrent, "10 − 3 + 10 for the cool point")
	assert.Empty(t, ta.emu.Notes(sb.Alice), "the note was created, edited and deleted")
	assert.Len(t, ta.emu.Quickrolls(sb.Alice), 2, "the new quickroll was deleted again")
	require.Equal(t, 0, ta.stop(t))
}

// e2eAssertV2Acting checks a v2 request: On-Behalf-Of is the caller (the identity lookup may
// carry none: it is how the caller's id is found), and no requesting_user_id anywhere.
func e2eAssertV2Acting(t *testing.T, what string, r vclienttest.Request, caller string) {
	t.Helper()
	if r.Route == "GET /users/lookup" {
		assert.Contains(t, []string{"", caller}, r.OnBehalfOf, "%s: the lookup names nobody else", what)
	} else {
		assert.Equal(t, caller, r.OnBehalfOf, "%s: On-Behalf-Of is the caller", what)
	}
	assert.False(t, r.Query.Has("requesting_user_id"), "%s: no requesting_user_id in v2", what)
	assert.NotContains(t, string(r.Body), "requesting_user_id", "%s: no requesting_user_id in v2", what)
}

// e2eAssertV1Acting checks a v1 request: no On-Behalf-Of, and requesting_user_id and the
// acting {user_id} segment of dice rolls are the caller. (v1's campaign and character lists,
// cached per company, are read under an admin's {user_id}: v1 checks nothing there, and the
// v2 run is the one that proves the caller is named on every read.)
func e2eAssertV1Acting(t *testing.T, what string, r vclienttest.Request, caller string) {
	t.Helper()
	assert.Empty(t, r.OnBehalfOf, "%s: no On-Behalf-Of in v1", what)
	if q := r.Query.Get("requesting_user_id"); q != "" {
		assert.Equal(t, caller, q, "%s: requesting_user_id is the caller", what)
	}
	var body map[string]any
	if json.Unmarshal(r.Body, &body) == nil {
		if id, ok := body["requesting_user_id"]; ok {
			assert.Equal(t, caller, id, "%s: requesting_user_id is the caller", what)
		}
	}
	_, rest, _ := strings.Cut(r.Route, " ")
	if strings.HasPrefix(rest, "/users/{user_id}/dicerolls") {
		assert.Equal(t, caller, e2ePathUser(r.Path), "%s: the acting {user_id} is the caller", what)
	}
}

// e2ePathUser is the {user_id} segment of a company path.
func e2ePathUser(path string) string {
	_, rest, _ := strings.Cut(path, "/users/")
	id, _, _ := strings.Cut(rest, "/")
	id, _ = url.PathUnescape(id)
	return id
}
