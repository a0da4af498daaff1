package bottest

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
)

// Defaults of built interactions.
const (
	DefaultGuildID   = "900"
	DefaultChannelID = "800"
	DefaultUserID    = "300"
	DefaultUsername  = "alice"
	DefaultAppID     = "700"
)

var nextID atomic.Int64

// Opt is one command option given to a builder.
type Opt struct {
	Name  string
	Type  discordgo.ApplicationCommandOptionType
	Value any
}

// O is an option whose type follows its Go value (string, int, bool, float64).
func O(name string, v any) Opt {
	t := discordgo.ApplicationCommandOptionString
	switch x := v.(type) {
	case int:
		t, v = discordgo.ApplicationCommandOptionInteger, float64(x)
	case int64:
		t, v = discordgo.ApplicationCommandOptionInteger, float64(x)
	case bool:
		t = discordgo.ApplicationCommandOptionBoolean
	case float64:
		t = discordgo.ApplicationCommandOptionNumber
	}
	return Opt{Name: name, Type: t, Value: v}
}

// UserOpt is a user option holding a Discord user id.
func UserOpt(name, userID string) Opt {
	return Opt{Name: name, Type: discordgo.ApplicationCommandOptionUser, Value: userID}
}

// Builder builds an interaction from Go values; finish with Interaction or JSON.
type Builder struct {
	raw map[string]any
}

func newBuilder(t discordgo.InteractionType, data map[string]any) *Builder {
	id := fmt.Sprint(1_000_000 + nextID.Add(1))
	return &Builder{raw: map[string]any{
		"id": id, "application_id": DefaultAppID, "type": int(t), "token": "token-" + id, "version": 1,
		"guild_id": DefaultGuildID, "channel_id": DefaultChannelID,
		"channel": map[string]any{"id": DefaultChannelID, "type": 0},
		"member":  map[string]any{"user": map[string]any{"id": DefaultUserID, "username": DefaultUsername}},
		"data":    data,
	}}
}

func commandData(path string, focused string, opts []Opt) map[string]any {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	leaf := make([]any, 0, len(opts))
	for _, o := range opts {
		m := map[string]any{"name": o.Name, "type": int(o.Type), "value": o.Value}
		if o.Name == focused {
			m["focused"] = true
		}
		leaf = append(leaf, m)
	}
	for i := len(parts) - 1; i >= 1; i-- {
		t := discordgo.ApplicationCommandOptionSubCommand
		if i < len(parts)-1 {
			t = discordgo.ApplicationCommandOptionSubCommandGroup
		}
		leaf = []any{map[string]any{"name": parts[i], "type": int(t), "options": leaf}}
	}
	return map[string]any{"id": "cmd-" + parts[0], "name": parts[0], "type": 1, "options": leaf}
}

// Command is a slash command such as "/quickroll" or "/xp/add" with options.
func Command(path string, opts ...Opt) *Builder {
	return newBuilder(discordgo.InteractionApplicationCommand, commandData(path, "", opts))
}

// Autocomplete is an autocomplete for path while the user types in option focused
// (give its current value among opts; a missing one is typed as "").
func Autocomplete(path, focused string, opts ...Opt) *Builder {
	found := false
	for _, o := range opts {
		found = found || o.Name == focused
	}
	if !found {
		opts = append(opts, O(focused, ""))
	}
	return newBuilder(discordgo.InteractionApplicationCommandAutocomplete, commandData(path, focused, opts))
}

// Click is a button click with the given custom_id on a message.
func Click(customID string) *Builder {
	b := newBuilder(discordgo.InteractionMessageComponent, map[string]any{"custom_id": customID, "component_type": 2})
	b.raw["message"] = map[string]any{"id": "600", "channel_id": DefaultChannelID, "content": ""}
	return b
}

// Submit is a modal submit with text inputs (input custom_id → value).
func Submit(customID string, values map[string]string) *Builder {
	rows := []any{}
	for id, v := range values {
		rows = append(rows, map[string]any{"type": 1, "components": []any{
			map[string]any{"type": 4, "custom_id": id, "value": v},
		}})
	}
	return newBuilder(discordgo.InteractionModalSubmit, map[string]any{"custom_id": customID, "components": rows})
}

// ID sets the interaction id (and keeps the token derived from it).
func (b *Builder) ID(id string) *Builder {
	b.raw["id"], b.raw["token"] = id, "token-"+id
	return b
}

// Guild sets the guild id.
func (b *Builder) Guild(id string) *Builder { b.raw["guild_id"] = id; return b }

// User sets the invoking user (as a guild member, or the DM user after DM).
func (b *Builder) User(id, name string) *Builder {
	u := map[string]any{"id": id, "username": name}
	if _, dm := b.raw["user"]; dm {
		b.raw["user"] = u
	} else {
		b.raw["member"] = map[string]any{"user": u}
	}
	return b
}

// DM makes the interaction come from a direct message.
func (b *Builder) DM() *Builder {
	member, _ := b.raw["member"].(map[string]any)
	delete(b.raw, "member")
	delete(b.raw, "guild_id")
	b.raw["user"] = member["user"]
	b.raw["channel"] = map[string]any{"id": DefaultChannelID, "type": 1}
	return b
}

// Thread puts the interaction in a public thread of parentID.
func (b *Builder) Thread(channelID, parentID string) *Builder {
	b.raw["channel_id"] = channelID
	b.raw["channel"] = map[string]any{"id": channelID, "type": 11, "parent_id": parentID}
	return b
}

// Resolve adds users to data.resolved (for user options).
func (b *Builder) Resolve(users ...*discordgo.User) *Builder {
	data := b.raw["data"].(map[string]any)
	res, _ := data["resolved"].(map[string]any)
	if res == nil {
		res = map[string]any{"users": map[string]any{}}
		data["resolved"] = res
	}
	for _, u := range users {
		res["users"].(map[string]any)[u.ID] = map[string]any{"id": u.ID, "username": u.Username, "bot": u.Bot}
	}
	return b
}

// JSON is the interaction as Discord would send it.
func (b *Builder) JSON() []byte {
	data, err := json.Marshal(b.raw)
	if err != nil {
		panic(fmt.Sprintf("encode interaction: %v", err))
	}
	return data
}

// Interaction decodes the JSON as noirbot would.
func (b *Builder) Interaction() *bot.Interaction {
	in, err := bot.ParseInteraction(b.JSON(), time.Now())
	if err != nil {
		panic(fmt.Sprintf("decode built interaction: %v", err))
	}
	return in
}
