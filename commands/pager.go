package commands

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// pageSize is how many items a paginated list shows per page.
const pageSize = 10

// pageCount is the number of pages n items fill (at least one, so an empty list has a page).
func pageCount(n int) int {
	return max(1, (n+pageSize-1)/pageSize)
}

// clampPage keeps a requested page within 1..pages.
func clampPage(page, pages int) int {
	return min(max(page, 1), pages)
}

// pageBounds is the slice range of page (1-based) in a list of n items.
func pageBounds(page, n int) (lo, hi int) {
	lo = min((page-1)*pageSize, n)
	return lo, min(lo+pageSize, n)
}

// pageID is the custom_id of a pagination button: "<prefix>:<page>:<owner discord id>". The
// whole state of the list lives in it, so it works after a restart and on any replica.
func pageID(prefix string, page int, owner string) string {
	return fmt.Sprintf("%s:%d:%s", prefix, page, owner)
}

// parsePageID reads a pagination custom_id back; ok is false when it was tampered with.
func parsePageID(customID string) (page int, owner string, ok bool) {
	parts := strings.Split(customID, ":")
	if len(parts) != 3 || parts[2] == "" {
		return 0, "", false
	}
	page, err := strconv.Atoi(parts[1])
	if err != nil || page < 0 {
		return 0, "", false
	}
	return page, parts[2], true
}

// pagerRow is the Prev/Next row of a list on page of pages; nil when everything fits one page.
// The two buttons always carry different custom_ids, as Discord requires.
func pagerRow(prefix string, page, pages int, owner string) []discordgo.MessageComponent {
	if pages <= 1 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "◀ Prev", Style: discordgo.SecondaryButton, CustomID: pageID(prefix, page-1, owner), Disabled: page <= 1},
		discordgo.Button{Label: "Next ▶", Style: discordgo.SecondaryButton, CustomID: pageID(prefix, page+1, owner), Disabled: page >= pages},
	}}}
}

// confirmRow is a destructive-action confirmation: a red button doing the action and a grey one
// cancelling it.
func confirmRow(label, confirmID, cancelID string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: label, Style: discordgo.DangerButton, CustomID: confirmID},
		discordgo.Button{Label: "Cancel", Style: discordgo.SecondaryButton, CustomID: cancelID},
	}}}
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

// ownedClick splits a "<prefix>:<id>:<owner>" custom_id and checks the clicker is the owner.
func ownedClick(in *bot.Interaction) (id string, resp *bot.Response) {
	parts := strings.Split(in.CustomID(), ":")
	if len(parts) != 3 || parts[1] == "" {
		return "", userError("This button is broken. Run the command again.")
	}
	if parts[2] != in.UserID() {
		return "", notYours()
	}
	return parts[1], nil
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
