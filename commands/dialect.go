package commands

import "github.com/noirbot/noirbot/vclient"

// The few places where the bot's behaviour really differs between the API's generations ask
// these questions; handlers never compare versions themselves.

// quickrollRollsDesperation reports whether the API's quickroll endpoint honours
// num_desperation_dice (contract v2; v1 ignores it, so the bot rolls the pool itself).
func (h *Handlers) quickrollRollsDesperation() bool {
	return h.API.APIVersion() == vclient.APIv2
}
