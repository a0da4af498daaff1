package console

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// appID is the application id console interactions claim to come from.
const appID = "700"

// discordEpoch is the first millisecond of 2015, where Discord snowflakes start.
const discordEpoch = 1420070400000

// snowflakes hands out fresh Discord-style ids: the time in the high bits makes
// them unique across console runs too, which matters because interaction ids
// feed the API's idempotency keys.
type snowflakes struct {
	now func() time.Time
	seq atomic.Uint64
}

func (s *snowflakes) next() string {
	ms := uint64(max(s.now().UnixMilli()-discordEpoch, 0))
	return strconv.FormatUint(ms<<22|(s.seq.Add(1)&0x3fffff), 10)
}

// envelope is the part of an interaction every type shares: ids, token,
// where it comes from and who sent it.
func (c *REPL) envelope(t discordgo.InteractionType, data any) map[string]any {
	id := c.ids.next()
	name := strings.ToLower(c.user.Name)
	if name == "" {
		name = "user" + c.user.DiscordID
	}
	user := map[string]any{"id": c.user.DiscordID, "username": name, "global_name": c.user.Name, "bot": c.user.Bot}
	raw := map[string]any{
		"id": id, "application_id": appID, "type": int(t), "token": "console-" + id, "version": 1,
		"channel_id": c.cfg.ChannelID, "data": data,
	}
	if c.cfg.GuildID == "" {
		raw["user"] = user
		raw["channel"] = map[string]any{"id": c.cfg.ChannelID, "type": int(discordgo.ChannelTypeDM)}
	} else {
		raw["guild_id"] = c.cfg.GuildID
		raw["member"] = map[string]any{"user": user, "roles": []string{}}
		raw["channel"] = map[string]any{"id": c.cfg.ChannelID, "type": int(discordgo.ChannelTypeGuildText)}
	}
	return raw
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only maps, strings, numbers and discordgo types go in: this cannot fail.
		panic(fmt.Sprintf("encode console interaction: %v", err))
	}
	return b
}

// commandInteraction is the APPLICATION_COMMAND interaction for a parsed line.
func (c *REPL) commandInteraction(cmd *typedCommand) []byte {
	leaf := make([]any, 0, len(cmd.Options))
	for _, o := range cmd.Options {
		opt := map[string]any{"name": o.Name, "type": int(o.Type), "value": o.Value}
		if o.Focused {
			opt["focused"] = true
		}
		leaf = append(leaf, opt)
	}
	for i := len(cmd.Path) - 1; i >= 0; i-- {
		t := discordgo.ApplicationCommandOptionSubCommand
		if i < len(cmd.Path)-1 {
			t = discordgo.ApplicationCommandOptionSubCommandGroup
		}
		leaf = []any{map[string]any{"name": cmd.Path[i], "type": int(t), "options": leaf}}
	}
	data := map[string]any{"id": "cmd-" + cmd.Name, "name": cmd.Name, "type": int(discordgo.ChatApplicationCommand), "options": leaf}
	if len(cmd.Users) > 0 {
		users := map[string]any{}
		for _, u := range cmd.Users {
			name := strings.ToLower(u.Name)
			if name == "" {
				name = "user" + u.DiscordID
			}
			users[u.DiscordID] = map[string]any{"id": u.DiscordID, "username": name, "global_name": u.Name, "bot": u.Bot}
		}
		data["resolved"] = map[string]any{"users": users}
	}
	t := discordgo.InteractionApplicationCommand
	if cmd.Autocomplete {
		t = discordgo.InteractionApplicationCommandAutocomplete
	}
	return mustJSON(c.envelope(t, data))
}

// click presses the button labelled label on the newest recent message that has one.
func (c *REPL) click(ctx context.Context, label string) error {
	if label == "" {
		return fmt.Errorf("click needs a button label, e.g. click Re-roll")
	}
	for i := len(c.history) - 1; i >= 0; i-- {
		m := c.history[i]
		b := findButton(m.Message.Components, label)
		if b == nil {
			continue
		}
		if b.Disabled {
			return fmt.Errorf("the button %q is disabled", label)
		}
		if b.URL != "" {
			fmt.Fprintf(c.cfg.Out, "(link) %s\n", b.URL)
			return nil
		}
		flags := 0
		if m.Ephemeral {
			flags = int(discordgo.MessageFlagsEphemeral)
		}
		raw := c.envelope(discordgo.InteractionMessageComponent, map[string]any{
			"custom_id": b.CustomID, "component_type": int(discordgo.ButtonComponent),
		})
		raw["message"] = map[string]any{
			"id": m.ID, "channel_id": c.cfg.ChannelID, "content": m.Message.Content, "flags": flags,
			"embeds": nonNil(m.Message.Embeds), "components": nonNil(m.Message.Components),
			"author": map[string]any{"id": appID, "username": "noirbot", "bot": true},
		}
		c.modal = nil
		return c.dispatch(ctx, mustJSON(raw), m.ID)
	}
	if len(c.history) == 0 {
		return fmt.Errorf("there is no message with buttons yet")
	}
	return fmt.Errorf("no button %q on the last message (buttons: %s)", label, buttonList(c.history[len(c.history)-1].Message.Components))
}

// findButton finds a button by label (case-insensitive), emoji name or custom_id.
func findButton(comps []discordgo.MessageComponent, label string) *discordgo.Button {
	for _, b := range allButtons(comps) {
		if strings.EqualFold(strings.TrimSpace(b.Label), label) || b.CustomID == label ||
			(b.Label == "" && b.Emoji != nil && b.Emoji.Name == label) {
			return b
		}
	}
	return nil
}

// allButtons lists the buttons of a message's components, in order.
func allButtons(comps []discordgo.MessageComponent) []*discordgo.Button {
	var out []*discordgo.Button
	for _, comp := range comps {
		switch v := comp.(type) {
		case discordgo.ActionsRow:
			out = append(out, allButtons(v.Components)...)
		case *discordgo.ActionsRow:
			out = append(out, allButtons(v.Components)...)
		case discordgo.Button:
			out = append(out, &v)
		case *discordgo.Button:
			out = append(out, v)
		}
	}
	return out
}

func buttonList(comps []discordgo.MessageComponent) string {
	bs := allButtons(comps)
	if len(bs) == 0 {
		return "none"
	}
	labels := make([]string, 0, len(bs))
	for _, b := range bs {
		labels = append(labels, "["+buttonLabel(b)+"]")
	}
	return strings.Join(labels, " ")
}

func buttonLabel(b *discordgo.Button) string {
	switch {
	case b.Label != "":
		return b.Label
	case b.Emoji != nil && b.Emoji.Name != "":
		return b.Emoji.Name
	}
	return b.CustomID
}

// nonNil is s, or an empty slice: Discord's JSON has [] where Go would marshal null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
