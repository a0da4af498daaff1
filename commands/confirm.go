package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// confirmDelete asks the caller, privately, to confirm deleting their <what> called name: a red
// Delete button (confirmID, "<prefix>:<id>:<owner>") and a grey Cancel one (cancelID,
// "<prefix>:<owner>").
func confirmDelete(what, name, confirmID, cancelID string) *bot.Response {
	return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Message: bot.Message{
		Content: fmt.Sprintf("Delete your %s **%s**? This cannot be undone.", what, name),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Delete", Style: discordgo.DangerButton, CustomID: confirmID},
			discordgo.Button{Label: "Cancel", Style: discordgo.SecondaryButton, CustomID: cancelID},
		}}},
	}}
}

// keepClick is the Cancel button of a delete confirmation: nothing is asked of the API.
func keepClick(what string) bot.Handler {
	return bot.HandlerFunc(func(_ context.Context, in *bot.Interaction) *bot.Response {
		if ownerOf(in.CustomID()) != in.UserID() {
			return notYours()
		}
		return updateMessage("Kept your %s.", what)
	})
}

// notYours answers a click on a button that belongs to someone else's message.
func notYours() *bot.Response {
	return denied("These buttons are not yours. Run the command yourself.")
}

// updateMessage replaces the clicked message with text and no buttons.
func updateMessage(format string, args ...any) *bot.Response {
	return &bot.Response{Kind: bot.UpdateMessage, Message: bot.Message{
		Content: fmt.Sprintf(format, args...), Components: []discordgo.MessageComponent{},
	}}
}

// confirmedClick reads a click on a confirm button, "<prefix>:<id>:<owner>": only its owner may
// click it, and they must still be linked. The id is untrusted: resolve it in the caller's list.
func (h *Handlers) confirmedClick(ctx context.Context, in *bot.Interaction) (id string, c *Caller, resp *bot.Response) {
	parts := strings.Split(in.CustomID(), ":")
	if len(parts) != 3 || parts[1] == "" {
		return "", nil, userError("This button is broken. Run the command again.")
	}
	if parts[2] != in.UserID() {
		return "", nil, notYours()
	}
	c, resp = h.caller(ctx, in)
	return parts[1], c, resp
}

// ownerOf is the owner discord id at the end of a "<prefix>:...:<owner>" custom_id.
func ownerOf(customID string) string {
	i := strings.LastIndexByte(customID, ':')
	return customID[i+1:]
}

// deleteGone reports whether a DELETE's error means the thing is already gone: the API's 404 for
// it (a retry after a lost response finds it deleted), not for the caller's own user.
func deleteGone(err error) bool {
	return err == nil || (errors.Is(err, vclient.ErrNotFound) && !isUserGone(err))
}
