package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// choice is one autocomplete candidate: a label and the id it stands for.
type choice struct {
	Name, Value string
}

// rankChoices orders candidates for an autocomplete query: with an empty query in the given
// order (callers put recently used first), else names starting with the query, then names
// containing it. At most 25 choices, names cut to 100 characters.
func rankChoices(query string, items []choice) []*discordgo.ApplicationCommandOptionChoice {
	q := strings.ToLower(strings.TrimSpace(query))
	var prefix, contains []choice
	for _, it := range items {
		n := strings.ToLower(it.Name)
		switch {
		case q == "" || strings.HasPrefix(n, q):
			prefix = append(prefix, it)
		case strings.Contains(n, q):
			contains = append(contains, it)
		}
	}
	ranked := append(prefix, contains...)
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, min(len(ranked), maxChoices))
	seen := make(map[string]bool, len(ranked))
	for _, it := range ranked {
		if len(out) == maxChoices {
			break
		}
		if seen[it.Value] || it.Value == "" || len(it.Value) > maxChoiceName {
			continue
		}
		seen[it.Value] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: truncate(it.Name, maxChoiceName), Value: it.Value})
	}
	return out
}

// choices is the autocomplete response for ranked candidates.
func choices(query string, items []choice) *bot.Response {
	return &bot.Response{Kind: bot.Choices, Choices: rankChoices(query, items)}
}

// noChoices is the empty autocomplete answer (unlinked caller, failure, nothing to offer).
func noChoices() *bot.Response {
	return &bot.Response{Kind: bot.Choices, Choices: []*discordgo.ApplicationCommandOptionChoice{}}
}

// choiceSource offers the candidates of one autocompleted option to a linked caller.
type choiceSource func(ctx context.Context, in *bot.Interaction, c *Caller, query string) *bot.Response

// choiceSources maps option names to what each offers.
type choiceSources map[string]choiceSource

// autocomplete is a command's autocomplete handler: the focused option's source answers for the
// caller; anyone unlinked, and an option without a source, gets no choices.
// choicesFailed logs a read that left an autocomplete without choices, with the API's request
// id: the user sees an empty list, the operator sees why.
func (h *Handlers) choicesFailed(ctx context.Context, in *bot.Interaction, err error) {
	h.logFor(in).WarnContext(ctx, "autocomplete read failed", "command", in.CommandPath(), "err", err, "request_id", requestID(err))
}

func (h *Handlers) autocomplete(sources choiceSources) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, in *bot.Interaction) *bot.Response {
		focused, query := in.Focused()
		source, ok := sources[focused]
		if !ok {
			return noChoices()
		}
		c, resp := h.caller(ctx, in)
		if resp != nil {
			return noChoices()
		}
		return source(ctx, in, c, query)
	})
}
