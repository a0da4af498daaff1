package console_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/bot/console"
)

// signInConsole is a console whose /link answers with a link button and whose `link`
// records the sign-in and posts an audit message with a button, as the sandbox's does.
func signInConsole(t *testing.T, out *strings.Builder) (*console.REPL, *[]string) {
	t.Helper()
	var c *console.REPL
	var signIns []string
	h := bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
		if in.CustomID() == "ok:1" {
			return &bot.Response{Kind: bot.UpdateMessage, Message: bot.Message{Content: "approved by " + in.UserID()}}
		}
		return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Message: bot.Message{Content: "sign in:",
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "Sign in with Discord", Style: discordgo.LinkButton, URL: "https://discord.com/oauth2/authorize?state=X"},
			}}}}}
	})
	c = console.New(console.Config{Router: bottest.AnyRoute(h), Commands: consoleDefs, GuildID: "900", ChannelID: "800",
		Users: consoleUsers, As: "alice", Out: out,
		SignIn: func(ctx context.Context, authorizeURL, discordID string) (string, error) {
			signIns = append(signIns, discordID+" "+authorizeURL)
			c.AuditMessage(ctx, "801", &bot.Message{Content: "newcomer", Components: []discordgo.MessageComponent{
				discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "Approve", CustomID: "ok:1"}}}}})
			return "# Welcome!", nil
		}})
	return c, &signIns
}

func TestConsoleLinkFollowsTheLastSignInButtonAndItsAuditPostIsClickable(t *testing.T) {
	var out strings.Builder
	c, signIns := signInConsole(t, &out)

	code := c.Run(t.Context(), strings.NewReader("/pages\nlink\nclick Approve\n"))

	require.Equal(t, 0, code, out.String())
	assert.Equal(t, []string{"300 https://discord.com/oauth2/authorize?state=X"}, *signIns, "as the acting user")
	assert.Contains(t, out.String(), "alice> link\n[browser, signed in with Discord as Alice (Discord 300)]\n# Welcome!\n[audit #801]\nnewcomer\n[Approve]\n")
	assert.Contains(t, out.String(), "(message updated)\napproved by 300")
}

func TestConsoleLinkWithoutASignInIsRefused(t *testing.T) {
	out, code := runConsole(t, "link\n")

	assert.Equal(t, 1, code)
	assert.Contains(t, out, "link completes a Sign in with Discord only in the embedded sandbox")
}
