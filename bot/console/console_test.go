package console_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/bot/console"
)

// consoleDefs are the commands the fake console handler answers.
var consoleDefs = []*discordgo.ApplicationCommand{
	{Name: "quickroll", Description: "Roll a quickroll", Options: []*discordgo.ApplicationCommandOption{
		{Name: "name", Type: discordgo.ApplicationCommandOptionString, Required: true},
		{Name: "difficulty", Type: discordgo.ApplicationCommandOptionInteger},
	}},
	{Name: "xp", Description: "Experience", Options: []*discordgo.ApplicationCommandOption{
		{Name: "add", Description: "Add XP", Type: discordgo.ApplicationCommandOptionSubCommand, Options: []*discordgo.ApplicationCommandOption{
			{Name: "member", Type: discordgo.ApplicationCommandOptionUser, Required: true},
			{Name: "amount", Type: discordgo.ApplicationCommandOptionInteger, Required: true},
		}},
	}},
	{Name: "notes", Description: "Notes", Options: []*discordgo.ApplicationCommandOption{
		{Name: "create", Description: "New note", Type: discordgo.ApplicationCommandOptionSubCommand},
	}},
	{Name: "pages", Description: "A paged list"},
	{Name: "boom", Description: "Panics"},
}

var consoleUsers = []console.User{{Name: "Sam", DiscordID: "200"}, {Name: "Alice", DiscordID: "300"}}

func row(buttons ...discordgo.MessageComponent) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

// fakeConsoleHandler answers like noirbot's commands do, echoing what it was sent.
func fakeConsoleHandler(audit *bot.Auditor) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, in *bot.Interaction) *bot.Response {
		switch path, id := in.CommandPath(), in.CustomID(); {
		case in.Type == discordgo.InteractionApplicationCommandAutocomplete:
			name, typed := in.Focused()
			return &bot.Response{Kind: bot.Choices, Choices: []*discordgo.ApplicationCommandOptionChoice{
				{Name: fmt.Sprintf("%s %s=%q", path, name, typed), Value: "id-1"},
			}}
		case path == "/quickroll":
			name, _ := in.StringOption("name")
			diff, _ := in.IntOption("difficulty")
			return &bot.Response{Message: bot.Message{
				Embeds: []*discordgo.MessageEmbed{{
					Title: "SUCCESS · 2 successes", Description: "Dice: 🎲 7 9 3",
					Fields: []*discordgo.MessageEmbedField{
						{Name: "Pool", Value: name + " = 5"}, {Name: "Difficulty", Value: fmt.Sprint(diff)},
						{Name: "Notes", Value: "line one\nline two"},
					},
					Footer: &discordgo.MessageEmbedFooter{Text: "rolled by " + in.User().Username},
				}},
				Components: row(discordgo.Button{Label: "Re-roll", CustomID: "qr:" + name},
					discordgo.Button{Label: "Share", CustomID: "share", Disabled: true}),
			}}
		case path == "/xp/add":
			m, _ := in.UserOption("member")
			n, _ := in.IntOption("amount")
			(*audit).Audit(ctx, "555", &discordgo.MessageEmbed{Title: "XP added", Description: fmt.Sprintf("%s +%d", m.Username, n)})
			return bot.Public("%s gave %s (<@%s>) %d XP", in.User().GlobalName, m.GlobalName, m.ID, n)
		case path == "/notes/create":
			return &bot.Response{Kind: bot.ModalForm, Modal: &bot.Modal{CustomID: "note:new", Title: "New note", Components: []discordgo.MessageComponent{
				discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{CustomID: "title", Label: "Title", Required: true, MinLength: 3, MaxLength: 50}}},
				discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{CustomID: "note_content", Label: "Content", Value: "prefilled"}}},
			}}}
		case path == "/pages":
			return &bot.Response{Ephemeral: true, Message: bot.Message{Content: "page 1", Components: row(discordgo.Button{Label: "Next", CustomID: "pg:2"})}}
		case path == "/boom":
			panic("boom")
		case strings.HasPrefix(id, "qr:"):
			return bot.Public("re-rolled %s on message %s by %s", strings.TrimPrefix(id, "qr:"), in.Message.ID, in.UserID())
		case id == "pg:2":
			return &bot.Response{Kind: bot.UpdateMessage, Message: bot.Message{Content: "page 2 (was " + in.Message.Content + ")",
				Components: row(discordgo.Button{Label: "Prev", CustomID: "pg:1"})}}
		case id == "note:new":
			return bot.Private("created %q: %q", in.ModalValue("title"), in.ModalValue("note_content"))
		}
		return bot.Private("Unknown command")
	})
}

// runConsole runs script through a console over the fake handler.
func runConsole(t *testing.T, script string) (string, int) {
	t.Helper()
	var out strings.Builder
	var audit bot.Auditor
	c := console.New(console.Config{
		Router: bottest.AnyRoute(fakeConsoleHandler(&audit)), Commands: consoleDefs, GuildID: "900", ChannelID: "800",
		Users: consoleUsers, As: "alice", Out: &out,
	})
	audit = c
	code := c.Run(t.Context(), strings.NewReader(script))
	return out.String(), code
}

func TestConsoleRendersAnEmbedWithButtons(t *testing.T) {
	out, code := runConsole(t, "/quickroll name:\"Strength + Brawl\" difficulty:7\n")
	assert.Equal(t, 0, code)
	assert.Equal(t, `alice> /quickroll name:"Strength + Brawl" difficulty:7
| ** SUCCESS · 2 successes **
| Dice: 🎲 7 9 3
| Pool: Strength + Brawl = 5
| Difficulty: 7
| Notes:
|   line one
|   line two
| -- rolled by alice
[Re-roll] [Share](disabled)

`, out)
}

func TestConsoleScripts(t *testing.T) {
	tests := []struct {
		name, script string
		code         int
		want, absent []string
	}{
		{"as switches the acting user; mentions resolve by name and show as @Name",
			"as Sam\n/xp add member:@ALICE amount:5\n", 0,
			[]string{"now acting as Sam (Discord 200)", "sam> /xp add", "Sam gave Alice (@Alice) 5 XP", "[audit #555]\n| ** XP added **\n| alice +5"}, nil},
		{"click presses the button of the last message with that label",
			"/quickroll name:Str\nclick re-roll\n", 0, []string{"re-rolled Str on message ", "by 300"}, nil},
		{"a click that updates its message replaces it",
			"/pages\nclick Next\nclick Prev\n", 0,
			[]string{"(only you can see this)\npage 1\n[Next]", "(message updated)\n(only you can see this)\npage 2 (was page 1)\n[Prev]", "Unknown command"}, nil},
		{"a disabled button cannot be clicked",
			"/quickroll name:x\nclick Share\n", 1, []string{`error (line 2): the button "Share" is disabled`}, nil},
		{"an unknown button lists the buttons there are",
			"/quickroll name:x\nclick Delete\n", 1, []string{`no button "Delete" on the last message (buttons: [Re-roll] [Share])`}, nil},
		{"submit answers the open form by custom_id or label, keeping prefilled fields",
			"/notes create\nsubmit Title:\"Hello\"\n", 0,
			[]string{"[form] New note", "title (Title) required, 3-50 characters", `now: "prefilled"`, `answer with: submit title:"…" note_content:"…"`, `created "Hello": "prefilled"`}, nil},
		{"submit by label with escapes",
			"/notes create\nsubmit title:Hi content:\"World \\\"quoted\\\"\"\n", 0, []string{`created "Hi": "World \"quoted\""`}, nil},
		{"submit without a form is an error and the form closes after a submit",
			"submit title:x\n/notes create\nsubmit title:abc\nsubmit title:abc\n", 1,
			[]string{"error (line 1): no form is open", "error (line 4): no form is open"}, nil},
		{"a required field cannot be left empty",
			"/notes create\nsubmit content:x\n", 1, []string{"the field title is required"}, nil},
		{"a bad line is reported and the next lines still run",
			"/quickroll nam:x\n/xp add member:@Alice amount:2\n", 1,
			[]string{`error (line 1): unknown option "nam" for /quickroll (options: name, difficulty)`, "Alice gave Alice (@Alice) 2 XP"}, nil},
		{"blank lines and comments are skipped, exit stops",
			"\n# a comment\n/pages\nexit\n/quickroll name:never\n", 0, []string{"page 1"}, []string{"never", "comment"}},
		{"a panicking handler becomes an error message",
			"/boom\n", 0, []string{"(only you can see this)\nSomething went wrong (ref "}, nil},
		{"help lists console and slash commands",
			"help\n", 0, []string{"click LABEL", "as NAME|ID", "Sam 200, Alice 300",
				"/quickroll name:… [difficulty:N] — Roll a quickroll", "/xp add member:@user amount:N — Add XP", "/notes create — New note"}, nil},
		{"complete asks for the suggestions of the last option, even before required ones",
			"complete /xp add amount:5 member:Al\ncomplete /quickroll difficulty:\ncomplete /quickroll\n", 1,
			[]string{"suggestions (name = value sent):\n  /xp/add member=\"Al\" = id-1", `/quickroll difficulty="" = id-1`,
				"error (line 3): complete needs the option being typed last"}, nil},
		{"something that is not a command",
			"roll 5\n", 1, []string{`"roll" is not a command`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code := runConsole(t, tt.script)
			assert.Equal(t, tt.code, code, out)
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
			for _, a := range tt.absent {
				assert.NotContains(t, out, a)
			}
		})
	}
}

func TestConsoleInteractionsLookLikeDiscords(t *testing.T) {
	var seen []*bot.Interaction
	h := bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
		seen = append(seen, in)
		return bot.Public("ok")
	})
	c := console.New(console.Config{Router: bottest.AnyRoute(h), Commands: consoleDefs, GuildID: "900", ChannelID: "800", Users: consoleUsers})
	require.Equal(t, 0, c.Run(t.Context(), strings.NewReader("/xp add member:<@200> amount:3\n/xp add member:@sam amount:4\n")))
	require.Len(t, seen, 2)
	in := seen[0]
	assert.Equal(t, "/xp/add", in.CommandPath())
	assert.Equal(t, "900", in.GuildID)
	assert.Equal(t, "800", in.ChannelID)
	assert.Equal(t, "200", in.UserID(), "the first user acts when As is empty")
	m, ok := in.UserOption("member")
	require.True(t, ok)
	assert.Equal(t, "sam", m.Username)
	n, _ := in.IntOption("amount")
	assert.Equal(t, int64(3), n)
	assert.NotEqual(t, seen[0].ID, seen[1].ID, "each interaction has a fresh id")
	assert.NotEqual(t, seen[0].IdempotencyKey("xp"), seen[1].IdempotencyKey("xp"))
}

func TestConsoleStartUser(t *testing.T) {
	tests := []struct {
		name, as, prompt string
		code             int
	}{
		{"by name", "SAM", "sam> ", 0},
		{"by discord id", "300", "alice> ", 0},
		{"an unknown id acts as that id", "12345", "12345> ", 0},
		{"an unknown name stops the console", "zed", `error: no user "zed"`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			c := console.New(console.Config{Router: bottest.AnyRoute(fakeConsoleHandler(nil)), Commands: consoleDefs, GuildID: "900", Users: consoleUsers, As: tt.as, Out: &out})
			assert.Equal(t, tt.code, c.Run(t.Context(), strings.NewReader("/pages\n")))
			assert.Contains(t, out.String(), tt.prompt)
		})
	}
}

func TestConsolePromptModeKeepsGoingAfterMistakes(t *testing.T) {
	var out strings.Builder
	c := console.New(console.Config{Router: bottest.AnyRoute(fakeConsoleHandler(nil)), Commands: consoleDefs, GuildID: "900", Users: consoleUsers, As: "Alice", Out: &out, Prompt: true})
	code := c.Run(t.Context(), strings.NewReader("/nope\nas sam\n"))
	assert.Equal(t, 0, code, "a person at a terminal corrects typing mistakes; they do not fail the run")
	assert.Contains(t, out.String(), "noirbot console: acting as Alice (Discord 300)")
	assert.Contains(t, out.String(), "alice> error: unknown command /nope (type help for the list)\n\nalice> now acting as Sam")
	assert.True(t, strings.HasSuffix(out.String(), "sam> \n"))
}

func TestConsoleStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	c := console.New(console.Config{Router: bottest.AnyRoute(fakeConsoleHandler(nil)), Commands: consoleDefs, Users: consoleUsers})
	blocking, w := io.Pipe()
	defer w.Close()
	assert.Equal(t, 0, c.Run(ctx, blocking))
}
