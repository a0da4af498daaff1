// Package bot is noirbot's Discord framework: it decodes interactions (gateway
// and HTTP alike), routes them through one Mux to handlers that return their
// Response, and delivers that response inline or after a deferred
// acknowledgement, through noirbot's own rate-limited Discord REST client.
package bot

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Interaction is one Discord interaction as handlers see it (gateway and HTTP alike).
type Interaction struct {
	*discordgo.Interaction
	// Received is when noirbot decoded the interaction.
	Received time.Time
	// Channel is the partial channel Discord sends with the interaction
	// (discordgo v0.29.0 drops it); nil when absent.
	Channel *Channel
}

// Channel is the part of the interaction's channel object noirbot needs.
type Channel struct {
	ID       string                `json:"id"`
	Type     discordgo.ChannelType `json:"type"`
	ParentID string                `json:"parent_id"`
}

// ParseInteraction decodes raw interaction JSON (an HTTP body or a gateway
// INTERACTION_CREATE payload), keeping the channel object discordgo drops.
func ParseInteraction(raw []byte, received time.Time) (*Interaction, error) {
	var di discordgo.Interaction
	if err := json.Unmarshal(raw, &di); err != nil {
		return nil, fmt.Errorf("decode interaction: %w", err)
	}
	var extra struct {
		Channel *Channel `json:"channel"`
	}
	if err := json.Unmarshal(raw, &extra); err != nil {
		return nil, fmt.Errorf("decode interaction channel: %w", err)
	}
	return &Interaction{Interaction: &di, Received: received, Channel: extra.Channel}, nil
}

// User is the invoking Discord user: member.user in a guild, user in DMs.
func (in *Interaction) User() *discordgo.User {
	if m := in.Interaction.Member; m != nil && m.User != nil {
		return m.User
	}
	return in.Interaction.User
}

// UserID is the invoking user's id (member.user.id, or user.id in DMs); "" when unknown.
func (in *Interaction) UserID() string {
	if u := in.User(); u != nil {
		return u.ID
	}
	return ""
}

// InGuild reports whether the interaction comes from a server rather than a DM.
func (in *Interaction) InGuild() bool { return in.GuildID != "" }

func (in *Interaction) commandData() (discordgo.ApplicationCommandInteractionData, bool) {
	d, ok := in.Data.(discordgo.ApplicationCommandInteractionData)
	return d, ok
}

// CommandPath is the slash command with its subcommand group and subcommand,
// e.g. "/quickroll" or "/xp/add"; "" when the interaction is not a command.
func (in *Interaction) CommandPath() string {
	d, ok := in.commandData()
	if !ok || d.Name == "" {
		return ""
	}
	path := "/" + d.Name
	opts := d.Options
	for len(opts) == 1 && IsSubcommand(opts[0].Type) {
		path += "/" + opts[0].Name
		opts = opts[0].Options
	}
	return path
}

// IsSubcommand tells whether an option is a subcommand or a subcommand group rather than a value.
func IsSubcommand(t discordgo.ApplicationCommandOptionType) bool {
	return t == discordgo.ApplicationCommandOptionSubCommand || t == discordgo.ApplicationCommandOptionSubCommandGroup
}

// leafOptions are the options of the innermost (sub)command.
func (in *Interaction) leafOptions() []*discordgo.ApplicationCommandInteractionDataOption {
	d, ok := in.commandData()
	if !ok {
		return nil
	}
	opts := d.Options
	for len(opts) == 1 && IsSubcommand(opts[0].Type) {
		opts = opts[0].Options
	}
	return opts
}

func (in *Interaction) option(name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range in.leafOptions() {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// StringOption is the named option of the leaf (sub)command as text; false when absent.
func (in *Interaction) StringOption(name string) (string, bool) {
	o := in.option(name)
	if o == nil || o.Value == nil {
		return "", false
	}
	switch v := o.Value.(type) {
	case string:
		return v, true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	default:
		return fmt.Sprint(v), true
	}
}

// IntOption is the named integer option; false when absent or not a whole number.
func (in *Interaction) IntOption(name string) (int64, bool) {
	o := in.option(name)
	if o == nil {
		return 0, false
	}
	switch v := o.Value.(type) {
	case float64:
		if v != float64(int64(v)) {
			return 0, false
		}
		return int64(v), true
	case int64:
		return v, true
	case int:
		return int64(v), true
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case string:
		var n int64
		_, err := fmt.Sscan(v, &n)
		return n, err == nil
	}
	return 0, false
}

// BoolOption is the named boolean option; false, false when absent.
func (in *Interaction) BoolOption(name string) (bool, bool) {
	o := in.option(name)
	if o == nil {
		return false, false
	}
	b, ok := o.Value.(bool)
	return b, ok
}

// UserOption is the named user option resolved through data.resolved (the Bot flag
// is kept); when Discord sent no resolved user, only the ID is filled in.
func (in *Interaction) UserOption(name string) (*discordgo.User, bool) {
	id, ok := in.StringOption(name)
	if !ok || id == "" {
		return nil, false
	}
	if d, ok := in.commandData(); ok && d.Resolved != nil {
		if u, ok := d.Resolved.Users[id]; ok && u != nil {
			return u, true
		}
		if m, ok := d.Resolved.Members[id]; ok && m != nil && m.User != nil {
			return m.User, true
		}
	}
	return &discordgo.User{ID: id}, true
}

// Focused is the option being typed in an autocomplete interaction.
func (in *Interaction) Focused() (name, value string) {
	for _, o := range in.leafOptions() {
		if o.Focused {
			v, _ := in.StringOption(o.Name)
			return o.Name, v
		}
	}
	return "", ""
}

// CustomID is the custom_id of a component click or modal submit; "" otherwise.
func (in *Interaction) CustomID() string {
	switch d := in.Data.(type) {
	case discordgo.MessageComponentInteractionData:
		return d.CustomID
	case discordgo.ModalSubmitInteractionData:
		return d.CustomID
	}
	return ""
}

// ModalValue is the value of the modal text input with the given custom_id.
func (in *Interaction) ModalValue(customID string) string {
	d, ok := in.Data.(discordgo.ModalSubmitInteractionData)
	if !ok {
		return ""
	}
	return findInput(d.Components, customID)
}

func findInput(comps []discordgo.MessageComponent, customID string) string {
	for _, c := range comps {
		switch c := c.(type) {
		case *discordgo.ActionsRow:
			if v := findInput(c.Components, customID); v != "" {
				return v
			}
		case *discordgo.TextInput:
			if c.CustomID == customID {
				return c.Value
			}
		}
	}
	return ""
}

// ParentChannelID is a thread's parent channel id ("" when not a thread or unknown).
func (in *Interaction) ParentChannelID() string {
	if in.Channel == nil {
		return ""
	}
	switch in.Channel.Type {
	case discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread, discordgo.ChannelTypeGuildNewsThread:
		return in.Channel.ParentID
	}
	return ""
}

// IdempotencyKey is the key of the API write op made for this interaction:
// "noirbot-<interaction id>-<op>", the same on every delivery and replica.
func (in *Interaction) IdempotencyKey(op string) string {
	return "noirbot-" + in.ID + "-" + op
}
