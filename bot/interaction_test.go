package bot_test

import (
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInteractionReadsCommandPathAndOptions(t *testing.T) {
	in := bottest.Command("/xp/add",
		bottest.UserOpt("member", "400"), bottest.O("amount", 5), bottest.O("reason", "good play"), bottest.O("public", true),
	).Resolve(&discordgo.User{ID: "400", Username: "bob", Bot: true}).ID("99").Interaction()

	assert.Equal(t, "/xp/add", in.CommandPath())
	assert.Equal(t, bottest.DefaultUserID, in.UserID())
	assert.True(t, in.InGuild())
	amount, ok := in.IntOption("amount")
	assert.True(t, ok)
	assert.EqualValues(t, 5, amount)
	reason, _ := in.StringOption("reason")
	assert.Equal(t, "good play", reason)
	public, ok := in.BoolOption("public")
	assert.True(t, ok && public)
	member, ok := in.UserOption("member")
	require.True(t, ok)
	assert.Equal(t, "bob", member.Username)
	assert.True(t, member.Bot, "the bot flag is kept")
	_, ok = in.StringOption("missing")
	assert.False(t, ok)
	assert.Equal(t, "noirbot-99-xp-add", in.IdempotencyKey("xp-add"))
}

func TestInteractionSubcommandGroupPath(t *testing.T) {
	in := bottest.Command("/campaign/channel/set", bottest.O("campaign", "c1")).Interaction()
	assert.Equal(t, "/campaign/channel/set", in.CommandPath())
	v, _ := in.StringOption("campaign")
	assert.Equal(t, "c1", v)
}

func TestInteractionFromADMUsesTheUser(t *testing.T) {
	in := bottest.Command("/whoami").User("555", "dee").DM().Interaction()
	assert.False(t, in.InGuild())
	assert.Equal(t, "555", in.UserID())
}

func TestInteractionAutocompleteFocusedOption(t *testing.T) {
	in := bottest.Autocomplete("/quickroll", "name", bottest.O("name", "Stre"), bottest.O("difficulty", 6)).Interaction()
	name, value := in.Focused()
	assert.Equal(t, "name", name)
	assert.Equal(t, "Stre", value)
}

func TestInteractionComponentAndModalData(t *testing.T) {
	assert.Equal(t, "qr:abc:def", bottest.Click("qr:abc:def").Interaction().CustomID())
	in := bottest.Submit("note:new", map[string]string{"title": "Elysium", "content": "Prince is angry"}).Interaction()
	assert.Equal(t, "note:new", in.CustomID())
	assert.Equal(t, "Elysium", in.ModalValue("title"))
	assert.Equal(t, "Prince is angry", in.ModalValue("content"))
	assert.Empty(t, in.ModalValue("nope"))
}

func TestInteractionThreadParent(t *testing.T) {
	assert.Equal(t, "801", bottest.Command("/quickroll").Thread("1234", "801").Interaction().ParentChannelID())
	assert.Empty(t, bottest.Command("/quickroll").Interaction().ParentChannelID(), "a plain channel has no parent")
}
