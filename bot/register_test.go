package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{Name: "xp", Description: "Experience", Options: []*discordgo.ApplicationCommandOption{{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Award XP",
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Who", Required: true},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "amount", Description: "How much", Required: true},
			{Type: discordgo.ApplicationCommandOptionString, Name: "kind", Description: "XP or cool points",
				Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "XP", Value: "xp"}, {Name: "Cool points", Value: "cp"}}},
		},
	}}}
}

func TestValidateCommandsAcceptsAValidTree(t *testing.T) {
	require.NoError(t, bot.ValidateCommands([]*discordgo.ApplicationCommand{validCommand()}))
}

func TestValidateCommandsListsEveryProblem(t *testing.T) {
	many := make([]*discordgo.ApplicationCommandOption, 26)
	for i := range many {
		many[i] = &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "o" + strings.Repeat("x", i%5) + string(rune('a'+i)), Description: "d"}
	}
	choices := make([]*discordgo.ApplicationCommandOptionChoice, 26)
	for i := range choices {
		choices[i] = &discordgo.ApplicationCommandOptionChoice{Name: "c", Value: "v"}
	}
	long := strings.Repeat("d", 100)
	huge := make([]*discordgo.ApplicationCommandOption, 25)
	for i := range huge {
		sub := make([]*discordgo.ApplicationCommandOption, 25)
		for j := range sub {
			sub[j] = &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "p" + string(rune('a'+j)), Description: long}
		}
		huge[i] = &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "s" + string(rune('a'+i)), Description: long, Options: sub}
	}
	cmds := []*discordgo.ApplicationCommand{
		{Name: "Roll", Description: "upper case"},
		{Name: "bad name", Description: "space"},
		{Name: strings.Repeat("a", 33), Description: "too long name"},
		{Name: "nodesc", Description: ""},
		{Name: "longdesc", Description: strings.Repeat("x", 101)},
		{Name: "many", Description: "too many options", Options: many},
		{Name: "choices", Description: "too many choices", Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "c", Description: "c", Choices: choices}}},
		{Name: "order", Description: "required after optional", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "a", Description: "a"},
			{Type: discordgo.ApplicationCommandOptionString, Name: "b", Description: "b", Required: true}}},
		{Name: "huge", Description: "too many characters", Options: huge},
		validCommand(),
	}
	err := bot.ValidateCommands(cmds)
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		`/Roll: name "Roll" must be lower case`,
		`/bad name: name "bad name" must be 1-32`,
		`/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: name`,
		"/nodesc: description must be 1-100 characters, has 0",
		"/longdesc: description must be 1-100 characters, has 101",
		"/many: 26 options, Discord allows 25",
		"/choices c: 26 choices, Discord allows 25",
		"/order b: required option after an optional one",
		"/huge: ",
		"characters in names, descriptions and choices, Discord allows 8000",
	} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "/xp", "the valid command has no problems")
	assert.Len(t, strings.Split(msg, "\n"), 9, "one line per problem")
}
