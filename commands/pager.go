package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
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

// listPage renders a page of one of the caller's lists: as a new message for the command, as an
// update of the clicked message for Prev/Next.
type listPage func(ctx context.Context, in *bot.Interaction, c *Caller, page int, kind bot.ResponseKind) *bot.Response

// listCommand is the handler of a paginated list command: `page` (default 1) is checked before
// anything else.
func (h *Handlers) listCommand(show listPage) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, in *bot.Interaction) *bot.Response {
		page, ok := in.IntOption("page")
		if !ok {
			page = 1
		}
		if page < 1 {
			return userError("`page` must be 1 or more.")
		}
		c, resp := h.caller(ctx, in)
		if resp != nil {
			return resp
		}
		return show(ctx, in, c, int(page), bot.NewMessage)
	})
}

// pageClick is the handler of a list's Prev/Next buttons; only the list's owner may turn its
// pages. command names the list command, for when a button is broken.
func (h *Handlers) pageClick(command string, show listPage) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, in *bot.Interaction) *bot.Response {
		page, owner, ok := parsePageID(in.CustomID())
		if !ok {
			return userError("This button is broken. Run `%s` again.", command)
		}
		if owner != in.UserID() {
			return notYours()
		}
		c, resp := h.caller(ctx, in)
		if resp != nil {
			return resp
		}
		return show(ctx, in, c, page, bot.UpdateMessage)
	})
}
