package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
)

// linkCommand defines /link (SPEC §4.3, §11.5): without a member, any member links their own
// Discord account by signing in with Discord; with one, an admin links that member to a
// Valentina user. Everyone sees it: the Valentina role alone guards the admin path (§4.2).
func linkCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:        "link",
			Description: "Link your Discord account to Valentina (admins: link a member to a user)",
			Contexts:    guildOnly(),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Admins: the Discord member to link (leave out to link yourself)"},
				{Type: discordgo.ApplicationCommandOptionString, Name: "user", Description: "Admins: the Valentina user to link the member to", Autocomplete: true},
			},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/link", bot.HandlerFunc(h.link), bot.Ephemeral())
			m.Autocomplete("/link", h.autocomplete(choiceSources{"user": h.userChoices}))
		},
	}
}

// link links the caller themselves (no `member`: see selfLink) or, for an admin, a Discord
// member to a Valentina user of the company, the way the API's generation allows (see linker).
func (h *Handlers) link(ctx context.Context, in *bot.Interaction) *bot.Response {
	input, _ := in.StringOption("user")
	if _, given := in.UserOption("member"); !given {
		if strings.TrimSpace(input) != "" {
			return userError("Choose the member to link with `member:`, or leave out `user:` to link yourself.")
		}
		return h.selfLink(ctx, in)
	}
	member, resp := memberOption(in, "member")
	if resp != nil {
		return resp
	}
	if strings.TrimSpace(input) == "" {
		return userError("Choose the Valentina user with `user:`.")
	}
	c, resp := h.admin(ctx, in, msgLinkAdminsOnly)
	if resp != nil {
		return resp
	}
	return h.linker().link(ctx, in, c, member, input)
}

// linker is how /link and /unlink change a member's link. v1 writes the user's
// discord_profile; v2, which will not store a Discord id it has not verified, keeps admin
// links in the bot's state and unlinks verified identities through the identities endpoint.
type linker interface {
	link(ctx context.Context, in *bot.Interaction, c *Caller, member *discordgo.User, input string) *bot.Response
	unlink(ctx context.Context, in *bot.Interaction, c *Caller, member *discordgo.User) *bot.Response
}

// linker is the linker of the API's generation.
func (h *Handlers) linker() linker {
	if h.verifiesIdentities() {
		return adminLinks{h}
	}
	return profileLinks{h}
}

// msgLinkAdminsOnly refuses /link and /unlink to a caller who is not an ADMIN.
const msgLinkAdminsOnly = "Only a Valentina ADMIN can link or unlink members."

// admin resolves the caller and re-reads them (one GET), so a demoted admin is refused at
// once, with refusal.
func (h *Handlers) admin(ctx context.Context, in *bot.Interaction, refusal string) (*Caller, *bot.Response) {
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return nil, resp
	}
	if c, resp = h.freshCaller(ctx, in, c); resp != nil {
		return nil, resp
	}
	if !c.IsAdmin() {
		return nil, denied("%s", refusal)
	}
	return c, nil
}

// findUser resolves the `user` option among the company's users.
func findUser(input string, users []cache.Member) (*cache.Member, *bot.Response) {
	target, err := findByIDOrName("user", input, users,
		func(m cache.Member) string { return m.UserID },
		func(m cache.Member) string { return m.Name })
	if err != nil {
		return nil, unresolved(err)
	}
	return &target, nil
}

// linkChanged posts the changes made to a member's link to the audit channel under title
// and tells them to the admin, one sentence each.
func (h *Handlers) linkChanged(ctx context.Context, c *Caller, title string, changes []string) *bot.Response {
	h.auditLink(ctx, c, title, changes)
	return bot.Private("%s.", strings.Join(changes, ".\n"))
}

// notLinked refuses to unlink a member who has no link in the company.
func notLinked(member *discordgo.User) *bot.Response {
	return userError("%s is not linked to a Valentina user in this company.", mention(member.ID))
}

// auditLink posts link changes to the audit channel (never an e-mail); no changes, no post.
func (h *Handlers) auditLink(ctx context.Context, c *Caller, title string, changes []string) {
	if len(changes) == 0 {
		return
	}
	h.auditBy(ctx, c, &discordgo.MessageEmbed{Title: title, Color: colorInfo,
		Description: truncate(strings.Join(changes, "\n"), maxEmbedDescription)})
}

// userChoices is the `user` autocomplete: the company's users as "Name (ROLE)", to admins only.
func (h *Handlers) userChoices(ctx context.Context, in *bot.Interaction, c *Caller, query string) *bot.Response {
	if !c.IsAdmin() {
		return noChoices()
	}
	users, err := h.Lookups.CompanyUsers(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		h.choicesFailed(ctx, in, err)
		return noChoices()
	}
	items := make([]choice, 0, len(users))
	for _, u := range users {
		items = append(items, choice{Name: fmt.Sprintf("%s (%s)", u.Name, u.Role), Value: u.UserID})
	}
	return choices(query, items)
}
