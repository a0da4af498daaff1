package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// Custom_id prefixes of the approval queue's components (SPEC §11.5). Each carries the
// Valentina user it is about: "usr-ok:<user id>:<role>", "usr-no:<user id>",
// "usr-card:<user id>"; the list's pages are "usr-pg:<page>:<owner>".
const (
	approvePrefix = "usr-ok"
	denyPrefix    = "usr-no"
	cardPrefix    = "usr-card"
	pendingPrefix = "usr-pg"
)

// What the approval queue answers.
const (
	msgApprovalsNeedV2 = "The approval queue needs Valentina API v2 (the bot runs with `valentina.api_version = \"v1\"`)."
	msgAdminsOnly      = "Only a Valentina ADMIN can approve or deny users."
	msgNoLongerPending = "This user is no longer waiting for approval: someone approved or denied them already."
	msgBrokenUserBtn   = "This button is broken. Run `/users pending` again."
)

// usersCommand defines /users pending (SPEC §11.5): admins list the users waiting for
// approval and approve or deny them. Registered with Manage Server (§4.2); the Valentina
// role is still checked.
func usersCommand() Command {
	minPage := 1.0
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:                     "users",
			Description:              "Valentina users of this server's company (admins)",
			Contexts:                 guildOnly(),
			DefaultMemberPermissions: managersOnly(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: "pending",
				Description: "Users waiting for an admin's approval, with Approve and Deny buttons",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionInteger, Name: "page", Description: "Page number (1)", MinValue: &minPage},
				},
			}},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/users/pending", h.listCommand(h.pendingPage), bot.Ephemeral())
			m.Component(pendingPrefix, h.pageClick("/users pending", h.pendingPage), bot.Updates())
			m.Component(cardPrefix, bot.HandlerFunc(h.pendingCard), bot.Ephemeral())
			m.Component(approvePrefix, bot.HandlerFunc(h.approveClick), bot.Updates())
			m.Component(denyPrefix, bot.HandlerFunc(h.denyClick), bot.Updates())
		},
	}
}

// pendingPage shows one page of the users waiting for approval (username and when they
// registered, never an e-mail), with a button per user that opens their Approve/Deny card.
func (h *Handlers) pendingPage(ctx context.Context, in *bot.Interaction, c *Caller, page int, kind bot.ResponseKind) *bot.Response {
	if !h.verifiesIdentities() {
		return userError(msgApprovalsNeedV2)
	}
	if !c.IsAdmin() {
		return denied(msgAdminsOnly)
	}
	users, err := h.as(c).Users(c.CompanyID()).ListAllUnapproved(ctx)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	if len(users) == 0 {
		return &bot.Response{Kind: kind, Ephemeral: true, Message: bot.Message{
			Content: "No one is waiting for approval.", Components: []discordgo.MessageComponent{}}}
	}
	pages := pageCount(len(users))
	page = clampPage(page, pages)
	lo, hi := pageBounds(page, len(users))
	lines := make([]string, 0, hi-lo)
	var buttons []discordgo.MessageComponent
	for i, u := range users[lo:hi] {
		lines = append(lines, fmt.Sprintf("%d. **%s** — registered %s", lo+i+1, userLabel(&u), when(u)))
		buttons = append(buttons, discordgo.Button{Label: truncate(userLabel(&u), 80),
			Style: discordgo.SecondaryButton, CustomID: cardPrefix + ":" + u.ID})
	}
	var rows []discordgo.MessageComponent
	for len(buttons) > 0 {
		n := min(5, len(buttons))
		rows = append(rows, discordgo.ActionsRow{Components: buttons[:n]})
		buttons = buttons[n:]
	}
	rows = append(rows, pagerRow(pendingPrefix, page, pages, c.DiscordID)...)
	return &bot.Response{Kind: kind, Ephemeral: true, Message: bot.Message{
		Embeds: []*discordgo.MessageEmbed{{
			Title:       fmt.Sprintf("Waiting for approval (%d)", len(users)),
			Description: truncate(strings.Join(lines, "\n"), maxEmbedDescription),
			Color:       colorInfo,
			Footer:      &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d · choose a user to approve or deny them", page, pages)},
		}},
		Components: rows,
	}}
}

// pendingCard answers a user's button in the list: privately, their card with the same
// Approve/Deny buttons as the audit post of their sign-in.
func (h *Handlers) pendingCard(ctx context.Context, in *bot.Interaction) *bot.Response {
	userID, ok := parseUserButton(in.CustomID(), 2)
	if !ok {
		return userError(msgBrokenUserBtn)
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	if !c.IsAdmin() {
		return denied(msgAdminsOnly)
	}
	u, resp := h.pendingUser(ctx, in, c, userID)
	if resp != nil {
		return resp
	}
	m := pendingMessage(u, "Waiting for approval", "Registered "+when(*u)+".")
	return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Message: *m}
}

// pendingMessage is a message about a user waiting for approval: an embed titled title
// with the text, and the Approve (as PLAYER or STORYTELLER) and Deny buttons.
func pendingMessage(u *vclient.User, title, text string) *bot.Message {
	desc := fmt.Sprintf("**%s**", userLabel(u))
	if id := u.DiscordID(); id != "" {
		desc += " · " + mention(id)
	}
	return &bot.Message{
		Embeds: []*discordgo.MessageEmbed{{Title: title, Color: colorInfo, Description: desc + "\n" + text}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Approve as PLAYER", Style: discordgo.SuccessButton, CustomID: approveID(u.ID, vclient.RolePlayer)},
			discordgo.Button{Label: "Approve as STORYTELLER", Style: discordgo.PrimaryButton, CustomID: approveID(u.ID, vclient.RoleStoryteller)},
			discordgo.Button{Label: "Deny", Style: discordgo.DangerButton, CustomID: denyPrefix + ":" + u.ID},
		}}},
	}
}

// approveID is the custom_id of an Approve button.
func approveID(userID string, role vclient.Role) string {
	return approvePrefix + ":" + userID + ":" + string(role)
}

// parseUserButton reads "<prefix>:<user id>[:…]" with n parts; ok is false when the id is
// not a UUID (v2's ids), so a tampered button makes no request.
func parseUserButton(customID string, n int) (userID string, ok bool) {
	parts := strings.Split(customID, ":")
	if len(parts) != n || !isUUID(parts[1]) {
		return "", false
	}
	return strings.ToLower(parts[1]), true
}

// isUUID reports whether s has a UUID's shape (8-4-4-4-12 hexadecimal digits).
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if s[i] != '-' {
				return false
			}
		case !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])):
			return false
		}
	}
	return true
}

// pendingUser finds userID among the company's unapproved users, read fresh as the admin:
// a button's user id is untrusted and may be stale (someone else decided already).
func (h *Handlers) pendingUser(ctx context.Context, in *bot.Interaction, c *Caller, userID string) (*vclient.User, *bot.Response) {
	if !h.verifiesIdentities() {
		return nil, userError(msgApprovalsNeedV2)
	}
	users, err := h.as(c).Users(c.CompanyID()).ListAllUnapproved(ctx)
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	for i := range users {
		if users[i].ID == userID {
			return &users[i], nil
		}
	}
	return nil, userError(msgNoLongerPending)
}

// userLabel is how a user is named: their username (v2), else their name.
func userLabel(u *vclient.User) string {
	return nameOr(oneLine(nameOr(u.Username, u.Name)), "(no name)")
}

// when is a user's registration as a Discord relative timestamp.
func when(u vclient.User) string {
	if u.DateCreated.IsZero() {
		return "at an unknown time"
	}
	return fmt.Sprintf("<t:%d:R>", u.DateCreated.Unix())
}
