package bot

import (
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// ResponseKind says what a handler answers with.
type ResponseKind int

const (
	// NewMessage posts a new message (type 4 inline, type 5 then an edit when late).
	NewMessage ResponseKind = iota
	// UpdateMessage edits the clicked component's message (type 7, or type 6 then an edit).
	UpdateMessage
	// ModalForm opens a modal (type 9; never deferred).
	ModalForm
	// Choices answers an autocomplete (type 8; never deferred).
	Choices
)

// Message is the visible content of a message noirbot sends.
type Message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	// Attachments are files uploaded with the message (multipart/form-data);
	// an embed shows one through AttachmentURL(name).
	Attachments []Attachment
}

// Attachment is a file sent with a message, such as a chart drawn for it.
type Attachment struct {
	// Name is the file name Discord shows and embeds refer to; unique within a message.
	Name string
	// ContentType is the file's media type, e.g. "image/png".
	ContentType string
	// Data is the file's content.
	Data []byte
}

// AttachmentURL is how an embed (image, thumbnail) refers to the message's attachment called name.
func AttachmentURL(name string) string { return "attachment://" + name }

// Modal is a form opened in answer to a command or click.
type Modal struct {
	CustomID   string
	Title      string
	Components []discordgo.MessageComponent
}

// Response is what a handler returns; the engine decides how it reaches Discord.
type Response struct {
	Kind      ResponseKind
	Ephemeral bool
	Message   // for NewMessage/UpdateMessage
	// FollowUps are further messages sent after the main one, with the same ephemerality.
	FollowUps []Message
	Modal     *Modal
	Choices   []*discordgo.ApplicationCommandOptionChoice
	// Outcome labels logs and metrics: "ok", "user_error", "api_error", "denied", ... ("" means "ok").
	Outcome string
}

// Private is an ephemeral new message with the formatted text.
func Private(format string, args ...any) *Response {
	return &Response{Kind: NewMessage, Ephemeral: true, Message: Message{Content: sprintf(format, args)}}
}

// Public is a new message visible to the channel with the formatted text.
func Public(format string, args ...any) *Response {
	return &Response{Kind: NewMessage, Message: Message{Content: sprintf(format, args)}}
}

func sprintf(format string, args []any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// outcome is the Outcome label, defaulting to "ok".
func (r *Response) outcome() string {
	if r == nil || r.Outcome == "" {
		return "ok"
	}
	return r.Outcome
}

// noMentions is attached to everything noirbot sends: nobody is ever pinged.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func flags(ephemeral bool) discordgo.MessageFlags {
	if ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

func messageData(m *Message, ephemeral bool) *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{
		Content:         m.Content,
		Embeds:          nonNilEmbeds(m.Embeds),
		Components:      nonNilComponents(m.Components),
		AllowedMentions: noMentions(),
		Flags:           flags(ephemeral),
		Files:           discordFiles(m.Attachments),
	}
}

func nonNilEmbeds(e []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	if e == nil {
		return []*discordgo.MessageEmbed{}
	}
	return e
}

func nonNilComponents(c []discordgo.MessageComponent) []discordgo.MessageComponent {
	if c == nil {
		return []discordgo.MessageComponent{}
	}
	return c
}

// inline converts a response into the interaction callback that answers it at once.
func (r *Response) inline() *discordgo.InteractionResponse {
	switch r.Kind {
	case UpdateMessage:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: messageData(&r.Message, false)}
	case ModalForm:
		m := r.Modal
		if m == nil {
			m = &Modal{}
		}
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
			CustomID: m.CustomID, Title: m.Title, Components: nonNilComponents(m.Components),
		}}
	case Choices:
		return choicesResponse(r.Choices)
	default:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: messageData(&r.Message, r.Ephemeral)}
	}
}

func choicesResponse(c []*discordgo.ApplicationCommandOptionChoice) *discordgo.InteractionResponse {
	if c == nil {
		c = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: c}}
}

// deferredAck is the type-5 (with the ephemeral flag decided up front) or type-6 acknowledgement.
func deferredAck(updates, ephemeral bool) *discordgo.InteractionResponse {
	if updates {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	}
	ack := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if ephemeral {
		ack.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	return ack
}

// callbackJSON encodes an interaction response as Discord wants it: discordgo
// omits an empty "choices", which an autocomplete answer must still carry.
type callbackJSON struct {
	r *discordgo.InteractionResponse
}

// MarshalJSON implements json.Marshaler. A message with files also names
// them in data.attachments, by their index among the uploaded files.
func (c callbackJSON) MarshalJSON() ([]byte, error) {
	if hasFiles(c.r) {
		refs := make([]attachmentRef, len(c.r.Data.Files))
		for i, f := range c.r.Data.Files {
			refs[i] = attachmentRef{ID: i, Filename: f.Name}
		}
		type data struct {
			*discordgo.InteractionResponseData
			Attachments []attachmentRef `json:"attachments"`
		}
		return json.Marshal(struct {
			Type discordgo.InteractionResponseType `json:"type"`
			Data data                              `json:"data"`
		}{c.r.Type, data{c.r.Data, refs}})
	}
	if c.r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		return json.Marshal(c.r)
	}
	var choices []*discordgo.ApplicationCommandOptionChoice
	if c.r.Data != nil {
		choices = c.r.Data.Choices
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	type data struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	}
	return json.Marshal(struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data data                              `json:"data"`
	}{c.r.Type, data{choices}})
}
