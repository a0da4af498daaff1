package vclienttest

// v2 route table (contract v2 §3): company-level campaigns, characters and
// dice rolls; user sub-resources keep their paths with {user_id} the target.

func rt(method, pattern string, company bool, h handlerFunc, obo oboClass) route {
	return route{routeDef: routeDef{method, pattern, company, h}, obo: obo}
}

func (r route) with(f func(*route)) route { f(&r); return r }

var (
	allowUnapproved = func(r *route) { r.allowUnapproved = true }
	noActiveCheck   = func(r *route) { r.noActiveCheck = true }
	callsDiscord    = func(r *route) { r.discord = true }
	policy          = func(name string) func(*route) { return func(r *route) { r.policy = name } }
)

const (
	characterBase = "/characters/{character_id}"
	campaignBase  = "/campaigns/{campaign_id}"
)

var v2Routes = []route{
	rt("GET", "/health", false, getHealth, oboN),
	rt("GET", "/companies", false, listCompaniesV2, oboN),
	rt("GET", "/companies/{company_id}", false, getCompanyV2, oboN),
	rt("GET", "/users/lookup", false, lookupUsers, oboN),

	rt("POST", "/auth/identify", true, identify, oboO).with(allowUnapproved).with(callsDiscord).with(policy("user_registration")),

	rt("GET", "/users", true, listUsersV2, oboO),
	rt("POST", "/users", true, createUserV2, oboR400),
	rt("GET", "/users/unapproved", true, listUnapproved, oboR400),
	rt("POST", "/users/merge", true, mergeUsers, oboR400),
	rt("GET", usersBase, true, getUserV2, oboO),
	rt("PATCH", usersBase, true, patchUserV2, oboR400),
	rt("DELETE", usersBase, true, deleteUserV2, oboR400),
	rt("POST", usersBase+"/approve", true, approveUser, oboR400).with(allowUnapproved),
	rt("POST", usersBase+"/deny", true, denyUser, oboR400).with(allowUnapproved),
	rt("POST", usersBase+"/identities", true, linkIdentity, oboR400).with(callsDiscord),
	rt("DELETE", usersBase+"/identities/{provider}", true, unlinkIdentity, oboR400),
	rt("PUT", usersBase+"/avatar", true, putAvatar, oboR403).with(policy("asset_upload")),
	rt("DELETE", usersBase+"/avatar", true, deleteAvatar, oboR403),
	rt("GET", usersBase+"/statistics", true, userStatistics, oboO),
	rt("GET", "/statistics", true, companyStatistics, oboO),

	rt("GET", usersBase+"/experience/{campaign_id}", true, getExperienceV2, oboO),
	rt("POST", usersBase+"/experience/xp/add", true, addXPV2, oboR400),
	rt("POST", usersBase+"/experience/xp/remove", true, removeXPV2, oboR400),
	rt("POST", usersBase+"/experience/cp/add", true, addCPV2, oboR400),

	rt("GET", usersBase+"/assets", true, listAssetsV2, oboO),
	rt("POST", usersBase+"/assets/upload", true, uploadAssetV2, oboR400).with(policy("asset_upload")),
	rt("GET", usersBase+"/assets/{asset_id}", true, getAssetV2, oboO),
	rt("DELETE", usersBase+"/assets/{asset_id}", true, deleteAssetV2, oboO),

	rt("GET", usersBase+"/notes", true, listNotesV2, oboO),
	rt("POST", usersBase+"/notes", true, createNoteV2, oboO),
	rt("GET", usersBase+"/notes/{note_id}", true, getNoteV2, oboO),
	rt("PATCH", usersBase+"/notes/{note_id}", true, patchNoteV2, oboO),
	rt("DELETE", usersBase+"/notes/{note_id}", true, deleteNoteV2, oboO),

	rt("GET", usersBase+"/quickrolls", true, listQuickrollsV2, oboO),
	rt("POST", usersBase+"/quickrolls", true, createQuickrollV2, oboR400),
	rt("GET", usersBase+"/quickrolls/{quickroll_id}", true, getQuickrollV2, oboO),
	rt("PATCH", usersBase+"/quickrolls/{quickroll_id}", true, patchQuickrollV2, oboR400),
	rt("DELETE", usersBase+"/quickrolls/{quickroll_id}", true, deleteQuickrollV2, oboR400),

	rt("GET", "/dicerolls", true, listDiceRollsV2, oboR400),
	rt("POST", "/dicerolls", true, createDiceRollV2, oboR400),
	rt("POST", "/dicerolls/quickroll", true, rollQuickrollV2, oboR400),
	rt("GET", "/dicerolls/{diceroll_id}", true, getDiceRollV2, oboR400),

	rt("GET", "/campaigns", true, listCampaignsV2, oboN),
	rt("GET", campaignBase, true, getCampaignV2, oboN),
	rt("POST", "/campaigns", true, createCampaignV2, oboR403).with(noActiveCheck),
	rt("PATCH", campaignBase, true, patchCampaignV2, oboR403).with(noActiveCheck),
	rt("DELETE", campaignBase, true, deleteCampaignV2, oboR403).with(noActiveCheck),
	rt("GET", campaignBase+"/statistics", true, campaignStatistics, oboO),

	rt("GET", "/characters", true, listCharactersV2, oboR400),
	rt("POST", "/characters", true, createCharacterV2, oboR400),
	rt("GET", characterBase, true, getCharacterV2, oboR403),
	rt("PATCH", characterBase, true, patchCharacterV2, oboR403),
	rt("DELETE", characterBase, true, deleteCharacterV2, oboR403),
	rt("GET", characterBase+"/full-sheet", true, fullSheet, oboR403),
	rt("GET", characterBase+"/full-sheet/categories/{category_id}", true, fullSheetCategory, oboR403),
	rt("GET", characterBase+"/assets", true, listCharacterAssets, oboR403),
	rt("POST", characterBase+"/assets/upload", true, uploadCharacterAsset, oboR403).with(policy("asset_upload")),
	rt("GET", characterBase+"/assets/{asset_id}", true, getCharacterAsset, oboR403),
	rt("DELETE", characterBase+"/assets/{asset_id}", true, deleteCharacterAsset, oboR403),
	rt("GET", characterBase+"/notes", true, listCharacterNotes, oboR403),
	rt("POST", characterBase+"/notes", true, createCharacterNote, oboR403),
	rt("GET", characterBase+"/notes/{note_id}", true, getCharacterNote, oboR403),
	rt("PATCH", characterBase+"/notes/{note_id}", true, patchCharacterNote, oboR403),
	rt("DELETE", characterBase+"/notes/{note_id}", true, deleteCharacterNote, oboR403),
	rt("GET", characterBase+"/statistics", true, characterStatisticsV2, oboR403),
	rt("GET", characterBase+"/traits", true, listCharacterTraitsV2, oboR403),
	rt("GET", characterBase+"/traits/{character_trait_id}", true, getCharacterTraitV2, oboR403),
	rt("GET", characterBase+"/traits/{character_trait_id}/value-options", true, traitValueOptions, oboR403),
	rt("PUT", characterBase+"/traits/{character_trait_id}/value", true, putTraitValue, oboR403),

	rt("GET", "/characterblueprint/traits", true, listBlueprintTraitsV2, oboN),
	rt("GET", "/characterblueprint/traits/{trait_id}", true, getBlueprintTraitV2, oboN),
}

// uncachedGETs are the v2 GET routes the server never caches (contract v2 §2.7).
var uncachedGETs = map[string]bool{
	"GET /health": true, "GET /users/lookup": true, "GET /dicerolls": true, "GET /dicerolls/{diceroll_id}": true,
	"GET /statistics": true, "GET " + usersBase + "/statistics": true, "GET " + campaignBase + "/statistics": true,
	"GET " + characterBase + "/statistics": true, "GET " + characterBase + "/traits/{character_trait_id}/value-options": true,
}

// cacheControl is the v2 Cache-Control header: cache-enabled GET routes
// answer "private, max-age=60" (errors included), everything else "no-cache".
func cacheControl(method, route string) string {
	if method == "GET" && !uncachedGETs[route] {
		return "private, max-age=60"
	}
	return "no-cache"
}
