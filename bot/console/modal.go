package console

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// textInputs lists a modal's text inputs, in order.
func textInputs(comps []discordgo.MessageComponent) []*discordgo.TextInput {
	var out []*discordgo.TextInput
	for _, comp := range comps {
		switch v := comp.(type) {
		case discordgo.ActionsRow:
			out = append(out, textInputs(v.Components)...)
		case *discordgo.ActionsRow:
			out = append(out, textInputs(v.Components)...)
		case discordgo.TextInput:
			out = append(out, &v)
		case *discordgo.TextInput:
			out = append(out, v)
		}
	}
	return out
}

// inputKey is how submit keys and input labels are compared: case, spaces,
// dashes and underscores do not matter ("Content", content, "note_content").
func inputKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// findTextInput matches a submit key against the inputs' custom_ids, then their labels.
func findTextInput(inputs []*discordgo.TextInput, key string) *discordgo.TextInput {
	for _, t := range inputs {
		if t.CustomID == key {
			return t
		}
	}
	for _, t := range inputs {
		if inputKey(t.Label) == inputKey(key) || inputKey(t.CustomID) == inputKey(key) {
			return t
		}
	}
	return nil
}

// submit answers the open modal with key:value pairs; inputs left out keep
// their prefilled value, as in Discord.
func (c *REPL) submit(ctx context.Context, args string) error {
	if c.modal == nil {
		return fmt.Errorf("no form is open (a command such as /notes create opens one)")
	}
	toks, err := tokenize(args)
	if err != nil {
		return err
	}
	inputs := textInputs(c.modal.Components)
	values := map[string]string{}
	for _, t := range toks {
		if !t.HasKey {
			return fmt.Errorf("unexpected %q: answer with field:\"value\" (fields: %s)", t.Value, inputList(inputs))
		}
		in := findTextInput(inputs, t.Key)
		if in == nil {
			return fmt.Errorf("the form has no field %q (fields: %s)", t.Key, inputList(inputs))
		}
		values[in.CustomID] = t.Value
	}
	rows := make([]any, 0, len(inputs))
	for _, in := range inputs {
		v, ok := values[in.CustomID]
		if !ok {
			v = in.Value
		}
		if in.Required && v == "" {
			return fmt.Errorf("the field %s is required", in.CustomID)
		}
		rows = append(rows, map[string]any{"type": int(discordgo.ActionsRowComponent), "components": []any{
			map[string]any{"type": int(discordgo.TextInputComponent), "custom_id": in.CustomID, "value": v},
		}})
	}
	modal := c.modal
	c.modal = nil
	raw := c.envelope(discordgo.InteractionModalSubmit, map[string]any{"custom_id": modal.CustomID, "components": rows})
	return c.dispatch(ctx, mustJSON(raw), "")
}

func inputList(inputs []*discordgo.TextInput) string {
	if len(inputs) == 0 {
		return "none"
	}
	names := make([]string, 0, len(inputs))
	for _, in := range inputs {
		names = append(names, in.CustomID)
	}
	return strings.Join(names, ", ")
}
