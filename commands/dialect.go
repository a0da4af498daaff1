package commands

import "github.com/noirbot/noirbot/vclient"

// The few places where the bot's behaviour really differs between the API's generations ask
// these questions; handlers never compare versions themselves.

// quickrollRollsDesperation reports whether the API's quickroll endpoint honours
// num_desperation_dice (contract v2; v1 ignores it, so the bot rolls the pool itself).
func (h *Handlers) quickrollRollsDesperation() bool {
	return h.API.APIVersion() == vclient.APIv2
}

// verifiesIdentities reports whether the API stores only Discord identities it has verified
// (contract v2): /link keeps admin links in the bot's state, members can sign in with Discord
// themselves, and newcomers wait in the approval queue. v1 instead takes any discord_profile.
func (h *Handlers) verifiesIdentities() bool {
	return h.API.APIVersion() == vclient.APIv2
}

// servesV2Endpoints reports whether the API has the calls only contract v2 defines (full
// sheet, trait value options and PUT, campaign PATCH); needsV2 guards their routes.
func (h *Handlers) servesV2Endpoints() bool {
	return h.API.APIVersion() == vclient.APIv2
}
