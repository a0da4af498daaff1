package bot

import (
	"context"
	"net/http"
	"net/url"

	"github.com/bwmarrin/discordgo"
)

// messageBody is the JSON of a message noirbot sends through a webhook or channel.
type messageBody struct {
	Content         string                            `json:"content"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
	Components      []discordgo.MessageComponent      `json:"components"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Flags           discordgo.MessageFlags            `json:"flags,omitempty"`
	Attachments     []attachmentRef                   `json:"attachments,omitempty"`
}

func newMessageBody(m *Message, ephemeral bool) *messageBody {
	return &messageBody{
		Content:         m.Content,
		Embeds:          nonNilEmbeds(m.Embeds),
		Components:      nonNilComponents(m.Components),
		AllowedMentions: noMentions(),
		Flags:           flags(ephemeral),
		Attachments:     attachmentRefs(m.Attachments),
	}
}

func seg(s string) string { return url.PathEscape(s) }

// Callback answers an interaction: POST /api/v9/interactions/{id}/{token}/callback,
// as multipart/form-data when the response carries files (Data.Files).
func (r *REST) Callback(ctx context.Context, interactionID, token string, resp *discordgo.InteractionResponse) error {
	if resp.Data != nil && resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult && resp.Type != discordgo.InteractionResponseModal {
		resp.Data.AllowedMentions = noMentions()
	}
	files, err := responseFiles(resp)
	if err != nil {
		return err
	}
	return r.do(ctx, call{
		method: http.MethodPost,
		path:   "/api/v9/interactions/" + seg(interactionID) + "/" + seg(token) + "/callback",
		route:  "POST /interactions/{id}/{token}/callback",
		bucket: tokenShard("callback", token),
		body:   callbackJSON{resp},
		files:  files,
	})
}

func (r *REST) originalPath(token string) string {
	return "/api/v9/webhooks/" + seg(r.app) + "/" + seg(token) + "/messages/@original"
}

// EditOriginal replaces the interaction's first response:
// PATCH /api/v9/webhooks/{app}/{token}/messages/@original (multipart/form-data
// when m has attachments, as for FollowUp and PostChannelMessage).
func (r *REST) EditOriginal(ctx context.Context, token string, m *Message) error {
	return r.do(ctx, call{
		method: http.MethodPatch,
		path:   r.originalPath(token),
		route:  "PATCH /webhooks/{app}/{token}/messages/@original",
		bucket: tokenShard("webhook", token),
		body:   newMessageBody(m, false),
		files:  m.Attachments,
	})
}

// DeleteOriginal deletes the interaction's first response:
// DELETE /api/v9/webhooks/{app}/{token}/messages/@original.
func (r *REST) DeleteOriginal(ctx context.Context, token string) error {
	return r.do(ctx, call{
		method: http.MethodDelete,
		path:   r.originalPath(token),
		route:  "DELETE /webhooks/{app}/{token}/messages/@original",
		bucket: tokenShard("webhook", token),
	})
}

// FollowUp sends a further message for an interaction (flags 64 when ephemeral):
// POST /api/v9/webhooks/{app}/{token}.
func (r *REST) FollowUp(ctx context.Context, token string, m *Message, ephemeral bool) error {
	return r.do(ctx, call{
		method: http.MethodPost,
		path:   "/api/v9/webhooks/" + seg(r.app) + "/" + seg(token),
		route:  "POST /webhooks/{app}/{token}",
		bucket: tokenShard("webhook", token),
		body:   newMessageBody(m, ephemeral),
		files:  m.Attachments,
	})
}

// PostChannelMessage posts a message to a channel as the bot:
// POST /api/v9/channels/{id}/messages.
func (r *REST) PostChannelMessage(ctx context.Context, channelID string, m *Message) error {
	return r.do(ctx, call{
		method: http.MethodPost,
		path:   "/api/v9/channels/" + seg(channelID) + "/messages",
		route:  "POST /channels/{id}/messages",
		bucket: "channel:" + channelID,
		body:   newMessageBody(m, false),
		files:  m.Attachments,
		auth:   true,
	})
}

// BulkOverwriteCommands replaces the application's commands, globally when
// guildID is "", else in that guild: PUT /api/v9/applications/{app}[/guilds/{g}]/commands.
func (r *REST) BulkOverwriteCommands(ctx context.Context, guildID string, cmds []*discordgo.ApplicationCommand) ([]*discordgo.ApplicationCommand, error) {
	path := "/api/v9/applications/" + seg(r.app) + "/commands"
	route := "PUT /applications/{app}/commands"
	if guildID != "" {
		path = "/api/v9/applications/" + seg(r.app) + "/guilds/" + seg(guildID) + "/commands"
		route = "PUT /applications/{app}/guilds/{guild}/commands"
	}
	if cmds == nil {
		cmds = []*discordgo.ApplicationCommand{}
	}
	var out []*discordgo.ApplicationCommand
	err := r.do(ctx, call{method: http.MethodPut, path: path, route: route, bucket: "commands", body: cmds, auth: true, out: &out})
	return out, err
}
