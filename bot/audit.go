package bot

import (
	"context"
	"log/slog"

	"github.com/bwmarrin/discordgo"
)

// Auditor posts audit embeds (XP changes, links, quickroll edits) to a channel.
// It never fails the command: errors are logged, not returned.
type Auditor interface {
	Audit(ctx context.Context, channelID string, embed *discordgo.MessageEmbed)
}

// MessageAuditor is an Auditor that can also post a whole message, buttons included
// (a newcomer's Approve/Deny post). Callers fall back to Audit when an Auditor is not one.
type MessageAuditor interface {
	Auditor
	AuditMessage(ctx context.Context, channelID string, m *Message)
}

type restAuditor struct {
	rest *REST
	log  *slog.Logger
}

// NewAuditor returns an Auditor posting through r; an empty channel id is a no-op.
func NewAuditor(r *REST, log *slog.Logger) Auditor {
	if log == nil {
		log = slog.Default()
	}
	return &restAuditor{rest: r, log: log}
}

// Audit posts embed to channelID with no pings, logging any failure.
func (a *restAuditor) Audit(ctx context.Context, channelID string, embed *discordgo.MessageEmbed) {
	if channelID == "" || embed == nil {
		return
	}
	m := &Message{Embeds: []*discordgo.MessageEmbed{embed}}
	if err := a.rest.PostChannelMessage(ctx, channelID, m); err != nil {
		a.log.ErrorContext(ctx, "audit post failed", "channel", channelID, "title", embed.Title, "error", err)
	}
}

// AuditMessage posts m to channelID with no pings, logging any failure.
func (a *restAuditor) AuditMessage(ctx context.Context, channelID string, m *Message) {
	if channelID == "" || m == nil {
		return
	}
	if err := a.rest.PostChannelMessage(ctx, channelID, m); err != nil {
		a.log.ErrorContext(ctx, "audit post failed", "channel", channelID, "error", err)
	}
}
