package commands

import (
	"context"
	"strings"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// quickrollsCreate creates a quickroll from the caller's character's traits.
func (h *Handlers) quickrollsCreate(ctx context.Context, in *bot.Interaction) *bot.Response {
	qi, resp := readQuickrollInput(in)
	if resp != nil {
		return resp
	}
	if qi.Name == nil {
		return userError(msgQRNeedsName, quickrollNameMin, quickrollNameMax)
	}
	if len(qi.Traits) == 0 {
		return userError(msgQRNeedsTrait)
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	if resp := h.quickrollNameFree(ctx, in, c, *qi.Name, ""); resp != nil {
		return resp
	}
	char, traits, resp := h.qrsCharacterTraits(ctx, in, c)
	if resp != nil {
		return resp
	}
	ids, labels, resp := qrsResolveTraits(qi.Traits, traits)
	if resp != nil {
		return resp
	}
	q, err := h.as(c).Users(c.CompanyID()).CreateQuickroll(writeContext(ctx, in, "quickroll-create"), c.UserID,
		&vclient.QuickrollCreate{Name: *qi.Name, Description: qi.Description, TraitIDs: ids})
	// A failed write may still have been applied (a lost response): forget the list either way.
	h.Lookups.InvalidateQuickrolls(ctx, c.CompanyID(), c.UserID)
	if err != nil {
		return h.quickrollWriteFailed(ctx, in, c, *qi.Name, err)
	}
	h.audit(ctx, c, quickrollAuditEmbed("created", c, q.Name, labels, deref(qi.Description)))
	return bot.Private(msgQRCreated, q.Name, qrsPoolText(labels, true), char.Name)
}

// quickrollsEdit changes the given fields of one of the caller's quickrolls; any trait given
// replaces the whole trait list.
func (h *Handlers) quickrollsEdit(ctx context.Context, in *bot.Interaction) *bot.Response {
	qi, resp := readQuickrollInput(in)
	if resp != nil {
		return resp
	}
	if qi.Name == nil && qi.Description == nil && len(qi.Traits) == 0 {
		return userError(msgQRNothingToChange)
	}
	c, q, resp := callerAnd(ctx, h, in, "quickroll", h.ownQuickroll)
	if resp != nil {
		return resp
	}
	if qi.Name != nil {
		if resp := h.quickrollNameFree(ctx, in, c, *qi.Name, q.ID); resp != nil {
			return resp
		}
	}
	upd := &vclient.QuickrollUpdate{Name: qi.Name, Description: qi.Description}
	var labels []poolTrait
	if len(qi.Traits) > 0 {
		_, traits, resp := h.qrsCharacterTraits(ctx, in, c)
		if resp != nil {
			return resp
		}
		if upd.TraitIDs, labels, resp = qrsResolveTraits(qi.Traits, traits); resp != nil {
			return resp
		}
	}
	name := q.Name
	if qi.Name != nil {
		name = *qi.Name
	}
	updated, err := h.as(c).Users(c.CompanyID()).UpdateQuickroll(writeContext(ctx, in, "quickroll-edit"), c.UserID, q.ID, upd)
	h.Lookups.InvalidateQuickrolls(ctx, c.CompanyID(), c.UserID)
	if err != nil {
		return h.quickrollWriteFailed(ctx, in, c, name, err)
	}
	h.audit(ctx, c, quickrollAuditEmbed("edited", c, updated.Name, labels, deref(qi.Description)))
	return bot.Private(msgQRUpdated, updated.Name, changedFields(qi, q.Name, labels))
}

// changedFields says what an edit changed, for the reply.
func changedFields(qi quickrollInput, oldName string, labels []poolTrait) string {
	var parts []string
	if qi.Name != nil && *qi.Name != oldName {
		parts = append(parts, "renamed from "+oldName)
	}
	if qi.Description != nil {
		parts = append(parts, "new description")
	}
	if labels != nil {
		parts = append(parts, "traits: "+traitNames(labels, ", "))
	}
	if len(parts) == 0 {
		return "no visible change"
	}
	return strings.Join(parts, "; ")
}

// quickrollsDelete asks for confirmation before deleting a quickroll.
func (h *Handlers) quickrollsDelete(ctx context.Context, in *bot.Interaction) *bot.Response {
	c, q, resp := callerAnd(ctx, h, in, "quickroll", h.ownQuickroll)
	if resp != nil {
		return resp
	}
	return confirmDelete("quickroll", q.Name, quickrollDelPrefix+":"+q.ID+":"+c.DiscordID, quickrollKeepPrefix+":"+c.DiscordID)
}

// quickrollDeleteClick deletes the quickroll once its owner confirms.
func (h *Handlers) quickrollDeleteClick(ctx context.Context, in *bot.Interaction) *bot.Response {
	id, c, resp := h.confirmedClick(ctx, in)
	if resp != nil {
		return resp
	}
	q, resp := h.ownQuickrollByToken(ctx, in, c, id)
	if resp != nil {
		return resp
	}
	err := h.as(c).Users(c.CompanyID()).DeleteQuickroll(writeContext(ctx, in, "quickroll-delete"), c.UserID, q.ID)
	h.Lookups.InvalidateQuickrolls(ctx, c.CompanyID(), c.UserID)
	if !deleteGone(err) {
		return h.failAsCaller(ctx, in, c, err)
	}
	h.audit(ctx, c, quickrollAuditEmbed("deleted", c, q.Name, nil, ""))
	return updateMessage(msgQRDeleted, q.Name)
}
