package console

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseTestDefs are small command definitions shaped like noirbot's.
func parseTestDefs() []*discordgo.ApplicationCommand {
	str := discordgo.ApplicationCommandOptionString
	num := discordgo.ApplicationCommandOptionInteger
	return []*discordgo.ApplicationCommand{
		{Name: "quickroll", Description: "Roll a quickroll", Options: []*discordgo.ApplicationCommandOption{
			{Name: "name", Type: str, Required: true},
			{Name: "difficulty", Type: num},
			{Name: "hidden", Type: discordgo.ApplicationCommandOptionBoolean},
		}},
		{Name: "xp", Description: "Experience", Options: []*discordgo.ApplicationCommandOption{
			{Name: "add", Type: discordgo.ApplicationCommandOptionSubCommand, Options: []*discordgo.ApplicationCommandOption{
				{Name: "member", Type: discordgo.ApplicationCommandOptionUser, Required: true},
				{Name: "amount", Type: num, Required: true},
				{Name: "reason", Type: str},
			}},
		}},
		{Name: "admin", Description: "Grouped", Options: []*discordgo.ApplicationCommandOption{
			{Name: "cache", Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: []*discordgo.ApplicationCommandOption{
				{Name: "drop", Type: discordgo.ApplicationCommandOptionSubCommand, Options: []*discordgo.ApplicationCommandOption{
					{Name: "scope", Type: str, Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "Everything", Value: "all"}, {Name: "Identity", Value: "identity"},
					}},
				}},
			}},
		}},
	}
}

// co is a parsed option.
func co(name string, t discordgo.ApplicationCommandOptionType, v any) typedOption {
	return typedOption{Name: name, Type: t, Value: v}
}

var parseTestUsers = []User{{Name: "Sam", DiscordID: "200"}, {Name: "Alice", DiscordID: "300"}}

func TestTokenizeConsole(t *testing.T) {
	tests := []struct {
		name, line string
		want       []token
		err        string
	}{
		{"bare words and options", `/xp add amount:5`, []token{{Value: "/xp"}, {Value: "add"}, {Key: "amount", Value: "5", HasKey: true}}, ""},
		{"a quoted value keeps its spaces", `/quickroll name:"Strength + Brawl"`, []token{{Value: "/quickroll"}, {Key: "name", Value: "Strength + Brawl", HasKey: true}}, ""},
		{"escaped quotes and backslashes", `c:"say \"hi\" \\ ok"`, []token{{Key: "c", Value: `say "hi" \ ok`, HasKey: true}}, ""},
		{"\\n is a new line, other escapes stay", `c:"a\nb\x"`, []token{{Key: "c", Value: "a\nb\\x", HasKey: true}}, ""},
		{"a value may hold colons", `comment:a:b`, []token{{Key: "comment", Value: "a:b", HasKey: true}}, ""},
		{"an empty quoted value", `c:""`, []token{{Key: "c", Value: "", HasKey: true}}, ""},
		{"extra spaces are ignored", "  /help \t topic:xp  ", []token{{Value: "/help"}, {Key: "topic", Value: "xp", HasKey: true}}, ""},
		{"an unterminated quote is an error", `name:"Strength`, nil, "missing closing quote"},
		{"text glued after a closing quote is an error", `name:"a"b`, nil, "after a closing quote"},
		{"a colon without a name is an error", `/x :5`, nil, "option name is missing"},
		{"a quote inside a word is an error", `na"me"`, nil, "unexpected quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tokenize(tt.line)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseConsoleCommand(t *testing.T) {
	tests := []struct {
		name, line string
		path       []string
		opts       []typedOption
		users      []string
		err        string
	}{
		{"a quoted string and an integer", `/quickroll name:"Strength + Brawl" difficulty:7`, nil,
			[]typedOption{co("name", discordgo.ApplicationCommandOptionString, "Strength + Brawl"), co("difficulty", discordgo.ApplicationCommandOptionInteger, 7.0)}, nil, ""},
		{"a bare word string and yes as true", `/QUICKROLL name:Strength hidden:yes`, nil,
			[]typedOption{co("name", discordgo.ApplicationCommandOptionString, "Strength"), co("hidden", discordgo.ApplicationCommandOptionBoolean, true)}, nil, ""},
		{"a subcommand with an @mention in any case", `/xp add member:@alice amount:5 reason:"good scene"`, []string{"add"},
			[]typedOption{co("member", discordgo.ApplicationCommandOptionUser, "300"), co("amount", discordgo.ApplicationCommandOptionInteger, 5.0), co("reason", discordgo.ApplicationCommandOptionString, "good scene")}, []string{"300"}, ""},
		{"a mention written <@id>", `/xp add member:<@!200> amount:1`, []string{"add"},
			[]typedOption{co("member", discordgo.ApplicationCommandOptionUser, "200"), co("amount", discordgo.ApplicationCommandOptionInteger, 1.0)}, []string{"200"}, ""},
		{"an unknown raw id is still a user", `/xp add member:555 amount:1`, []string{"add"},
			[]typedOption{co("member", discordgo.ApplicationCommandOptionUser, "555"), co("amount", discordgo.ApplicationCommandOptionInteger, 1.0)}, []string{"555"}, ""},
		{"a group and a choice by name", `/admin cache drop scope:identity`, []string{"cache", "drop"},
			[]typedOption{co("scope", discordgo.ApplicationCommandOptionString, "identity")}, nil, ""},
		{"unknown command", `/nope`, nil, nil, nil, "unknown command /nope"},
		{"missing subcommand", `/xp member:@Sam`, nil, nil, nil, "/xp needs one of: add"},
		{"unknown subcommand", `/xp grant`, nil, nil, nil, `no subcommand "grant"`},
		{"unknown option lists the options", `/quickroll name:x foo:1`, nil, nil, nil, `unknown option "foo" for /quickroll (options: name, difficulty, hidden)`},
		{"an option given twice", `/quickroll name:x name:y`, nil, nil, nil, "given twice"},
		{"a missing required option", `/xp add amount:5`, nil, nil, nil, "needs the option member"},
		{"not a number", `/quickroll name:x difficulty:seven`, nil, nil, nil, `"seven" is not a whole number`},
		{"not a boolean", `/quickroll name:x hidden:maybe`, nil, nil, nil, "not true, false, yes or no"},
		{"an unknown @name", `/xp add member:@Zed amount:1`, nil, nil, nil, `no user "@Zed" (known: @Sam, @Alice)`},
		{"a bare word after the options", `/quickroll name:x extra`, nil, nil, nil, `unexpected "extra"`},
		{"a choice that is not offered", `/admin cache drop scope:some`, nil, nil, nil, "is not one of: Everything, Identity"},
		{"an empty value", `/quickroll name:""`, nil, nil, nil, "a value is missing"},
		{"not a slash command", `quickroll`, nil, nil, nil, "starts with /"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, err := parseCommand(tt.line, parseTestDefs(), parseTestUsers)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.path, cmd.Path)
			assert.Equal(t, tt.opts, cmd.Options)
			var ids []string
			for _, u := range cmd.Users {
				ids = append(ids, u.DiscordID)
			}
			assert.Equal(t, tt.users, ids)
		})
	}
}

// FuzzConsoleLine checks that no line crashes the parser, and that the values
// read from a line survive being quoted and read again.
func FuzzConsoleLine(f *testing.F) {
	for _, s := range []string{
		`/quickroll name:"Strength + Brawl" difficulty:7`,
		`/xp add member:@Alice amount:5 reason:"good \"scene\""`,
		`submit title:"Hello" content:"World!\nline two"`,
		`/admin cache drop scope:Everything`,
		`complete /xp add member:@Sam amount:`, `click Re-roll`, `as 200`,
		`c:"\\"`, `:`, `"`, `a"b`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		_, _ = parseCommand(line, parseTestDefs(), parseTestUsers)
		_ = fuzzConsole(t).exec(t.Context(), line) // only crashes matter here
		toks, err := tokenize(line)
		if err != nil {
			return
		}
		parts := make([]string, 0, len(toks))
		for _, tok := range toks {
			if tok.HasKey {
				parts = append(parts, tok.Key+":"+quote(tok.Value))
			} else {
				parts = append(parts, quote(tok.Value))
			}
		}
		again, err := tokenize(strings.Join(parts, " "))
		require.NoError(t, err, "re-reading %q", strings.Join(parts, " "))
		require.Equal(t, toks, again)
	})
}

// fuzzConsole is a console with a message with buttons on screen and a form
// open, so that any line (command, click, submit, as) has something to act on.
func fuzzConsole(t *testing.T) *REPL {
	h := bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
		return &bot.Response{Message: bot.Message{Content: "ok", Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "Re-roll", CustomID: "qr:1"}}},
		}}}
	})
	c := New(Config{Router: bottest.AnyRoute(h), Commands: parseTestDefs(), GuildID: "900", Users: parseTestUsers, Out: io.Discard})
	c.show(&bot.Response{Message: bot.Message{Components: []discordgo.MessageComponent{
		discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "Next", CustomID: "pg:2"}}},
	}}}, "")
	c.show(&bot.Response{Kind: bot.ModalForm, Modal: &bot.Modal{CustomID: "note:new", Title: "New note", Components: []discordgo.MessageComponent{
		discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{CustomID: "title", Label: "Title", Required: true}}},
	}}}, "")
	require.NoError(t, c.userErr)
	return c
}
