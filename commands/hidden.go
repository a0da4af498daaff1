package commands

import "github.com/noirbot/noirbot/bot"

// hidden is the command's `hidden` option, or def when it was not given.
func hidden(in *bot.Interaction, def bool) bool {
	if v, ok := in.BoolOption("hidden"); ok {
		return v
	}
	return def
}

// hiddenOption decides the ephemeral flag of a command up front from its `hidden` option.
func hiddenOption(def bool) bot.RouteOption {
	return bot.EphemeralIf(func(in *bot.Interaction) bool { return hidden(in, def) })
}
