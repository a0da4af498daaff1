package vclienttest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func names(t *testing.T, list []any, key string) []string {
	t.Helper()
	var out []string
	for _, it := range list {
		out = append(out, it.(map[string]any)[key].(string))
	}
	return out
}

func TestV2CharactersAreRoleFiltered(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	elder := c.s.AddCharacter(sb.CompanyID, sb.CampaignID, Character{NameFirst: "Elder", NameLast: "Secret", Type: "STORYTELLER"})
	npc := c.s.AddCharacter(sb.CompanyID, sb.CampaignID, Character{NameFirst: "Barkeep", NameLast: "Joe", Type: "NPC"})

	r := c.as(sb.Alice, "GET", c.co("/characters?campaign_id="+sb.CampaignID), nil)
	assert.Equal(t, []string{"Barkeep", "Dmitri", "Mara"}, names(t, items(t, r), "name_first"))
	assert.EqualValues(t, 3, r.json(t)["total"], "hidden from total too")
	assert.Equal(t, []string{"Barkeep", "Dmitri", "Elder", "Mara"},
		names(t, items(t, c.as(sb.Sam, "GET", c.co("/characters"), nil)), "name_first"))
	assert.Equal(t, []string{"Elder"},
		names(t, items(t, c.as(sb.Ada, "GET", c.co("/characters?character_type=STORYTELLER"), nil)), "name_first"))
	assert.Equal(t, []string{"Mara"},
		names(t, items(t, c.as(sb.Bob, "GET", c.co("/characters?user_player_id="+sb.Alice), nil)), "name_first"))

	requireProblem2(t, c.as(sb.Alice, "GET", c.co("/characters/"+elder), nil), 403, "No rights to access this resource")
	requireProblem2(t, c.as(sb.Alice, "GET", c.co("/characters/"+elder+"/traits"), nil), 403, "No rights to access this resource")
	requireProblem2(t, c.as(sb.Alice, "GET", c.co("/characters/nope"), nil), 404, "Character 'nope' not found")
	requireProblem2(t, c.do("GET", c.co("/characters/nope"), nil), 403, "On-Behalf-Of header is required")
	assert.Equal(t, 200, c.as(sb.Sam, "GET", c.co("/characters/"+elder), nil).status)

	ch := c.as(sb.Alice, "GET", c.co("/characters/"+npc), nil).json(t)
	assert.Nil(t, ch["user_player_id"], "NPCs have no player")
	assert.NotContains(t, ch, "character_trait_ids")
	assert.NotContains(t, ch, "traits")

	ch = c.as(sb.Alice, "GET", c.co("/characters/"+sb.Mara+"?include=traits"), nil).json(t)
	traits := ch["traits"].([]any)
	require.Len(t, traits, 19)
	ct := traits[0].(map[string]any)
	assert.Equal(t, sb.Mara, ct["character_id"])
	assert.Regexp(t, `\+00:00$`, ct["date_created"], "CharacterTrait dates use isoformat")
	assert.Regexp(t, `Z$`, ct["trait"].(map[string]any)["date_created"])
	assert.Equal(t, "Strength", ct["trait"].(map[string]any)["name"])
	assert.Equal(t, "Physical", ct["trait"].(map[string]any)["category_name"])
}

func TestV2CharacterTraitLookupTakesCharacterTraitIDsOnly(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	ctID := c.s.SetCharacterTrait(sb.Mara, sb.Traits["Firearms"], 4)
	base := c.co("/characters/" + sb.Mara + "/traits/")
	r := c.as(sb.Alice, "GET", base+ctID, nil)
	require.Equal(t, 200, r.status)
	assert.EqualValues(t, 4, r.json(t)["value"])
	requireProblem2(t, c.as(sb.Alice, "GET", base+sb.Traits["Firearms"], nil), 404, "Character trait not found")
	dmitriCT := c.s.SetCharacterTrait(sb.Dmitri, sb.Traits["Firearms"], 1)
	requireProblem2(t, c.as(sb.Alice, "GET", base+dmitriCT, nil), 404, "Character trait not found")
}

func TestV2FullSheet(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	r := c.as(sb.Alice, "GET", c.co("/characters/"+sb.Mara+"/full-sheet"), nil)
	require.Equal(t, 200, r.status, "%s", r.raw)
	m := r.json(t)
	assert.Equal(t, sb.Mara, m["character"].(map[string]any)["id"])
	sections := m["sections"].([]any)
	require.Len(t, sections, 2)
	attrs := sections[0].(map[string]any)
	assert.Equal(t, "Attributes", attrs["name"])
	cats := attrs["categories"].([]any)
	assert.Equal(t, []string{"Physical", "Social", "Mental"}, names(t, cats, "name"))
	physical := cats[0].(map[string]any)["character_traits"].([]any)
	require.Len(t, physical, 3)
	assert.EqualValues(t, 2, physical[0].(map[string]any)["value"])
}

func TestV2DiceRollsNewestFirstAndRoleFiltered(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	elder := c.s.AddCharacter(sb.CompanyID, sb.CampaignID, Character{NameFirst: "Elder", NameLast: "Secret", Type: "STORYTELLER"})
	first := c.s.AddDiceRoll(sb.CompanyID, sb.Alice, DiceRoll{NumDice: 3, CharacterID: sb.Mara})
	secret := c.s.AddDiceRoll(sb.CompanyID, sb.Sam, DiceRoll{NumDice: 3, CharacterID: elder})
	free := c.s.AddDiceRoll(sb.CompanyID, sb.Bob, DiceRoll{NumDice: 2})

	assert.Equal(t, []string{free, first}, names(t, items(t, c.as(sb.Alice, "GET", c.co("/dicerolls"), nil)), "id"))
	assert.Equal(t, []string{free, secret, first}, names(t, items(t, c.as(sb.Sam, "GET", c.co("/dicerolls"), nil)), "id"))
	assert.Equal(t, []string{first}, names(t, items(t, c.as(sb.Ada, "GET", c.co("/dicerolls?character_type=PLAYER"), nil)), "id"))
	assert.Equal(t, []string{secret}, names(t, items(t, c.as(sb.Ada, "GET", c.co("/dicerolls?character_type=STORYTELLER"), nil)), "id"))
	assert.Equal(t, []string{first}, names(t, items(t, c.as(sb.Ada, "GET", c.co("/dicerolls?userid="+sb.Alice), nil)), "id"))
	requireProblem2(t, c.as(sb.Alice, "GET", c.co("/dicerolls/"+secret), nil), 403, "No rights to access this resource")
	assert.Equal(t, 200, c.as(sb.Sam, "GET", c.co("/dicerolls/"+secret), nil).status)
	requireProblem2(t, c.as(sb.Alice, "GET", c.co("/dicerolls/0190a000-0000-7000-8000-000000000000"), nil), 404,
		"Dice roll 0190a000-0000-7000-8000-000000000000 not found")
}

func TestV2ManualRollDefaultsAndActingUser(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	c.s.SetDice(func(n, size int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = 7
		}
		return out
	})
	r := c.as(sb.Bob, "POST", c.co("/dicerolls"), map[string]any{"difficulty": 6})
	require.Equal(t, 201, r.status, "%s", r.raw)
	m := r.json(t)
	assert.EqualValues(t, 10, m["dice_size"])
	assert.EqualValues(t, 1, m["num_dice"])
	assert.Equal(t, sb.Bob, m["user_id"])
	assert.Regexp(t, uuid7Pattern, m["id"])
	requireProblem2(t, c.do("POST", c.co("/dicerolls"), map[string]any{}), 400,
		"Missing required header parameter 'On-Behalf-Of' for path /api/v1"+c.co("/dicerolls"))
}

func TestV2QuickrollRollHonoursDesperation(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	c.s.SetDice(func(n, size int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = 8
		}
		return out
	})
	qr := sb.Quickrolls["Dexterity + Firearms"]
	// Bob rolls Alice's quickroll with Alice's character: nothing checks ownership.
	r := c.as(sb.Bob, "POST", c.co("/dicerolls/quickroll"), map[string]any{"quickroll_id": qr, "character_id": sb.Mara, "num_desperation_dice": 2})
	require.Equal(t, 201, r.status, "%s", r.raw)
	m := r.json(t)
	assert.EqualValues(t, 8, m["num_dice"], "Dexterity 4 + Firearms 4")
	assert.EqualValues(t, 2, m["num_desperation_dice"])
	res := m["result"].(map[string]any)
	assert.Equal(t, []any{8.0, 8.0}, res["desperation_roll"])
	assert.EqualValues(t, 10, res["total_result"])
	assert.Equal(t, "Quick roll: Dexterity + Firearms", m["comment"])
	assert.Equal(t, sb.Bob, m["user_id"])
	assert.Equal(t, sb.CampaignID, m["campaign_id"])

	requireProblem2(t, c.as(sb.Bob, "POST", c.co("/dicerolls/quickroll"), map[string]any{"quickroll_id": sb.Mara, "character_id": sb.Mara}),
		400, "Quick roll "+sb.Mara+" not found")
	requireProblem2(t, c.as(sb.Bob, "POST", c.co("/dicerolls/quickroll"), map[string]any{"quickroll_id": qr, "character_id": qr}),
		400, "Character "+qr+" not found")
}

func TestV2QuickrollWritesCheckThePathUserNotTheOwner(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	qr := sb.Quickrolls["Strength + Brawl"] // Alice's
	body := map[string]any{"name": "Punch", "trait_ids": []string{sb.Traits["Strength"]}}
	requireProblem2(t, c.as(sb.Bob, "POST", c.user(sb.Alice, "/quickrolls"), body), 403, notAuthorizedManage)
	requireProblem2(t, c.as(sb.Sam, "PATCH", c.user(sb.Alice, "/quickrolls/"+qr), map[string]any{"name": "Mine"}), 403, notAuthorizedManage)
	r := c.as(sb.Bob, "PATCH", c.user(sb.Bob, "/quickrolls/"+qr), map[string]any{"name": "Bob was here"})
	require.Equal(t, 200, r.status, "%s", r.raw)
	assert.Equal(t, sb.Alice, r.json(t)["user_id"], "the owner is never checked")
	r = c.as(sb.Ada, "POST", c.user(sb.Alice, "/quickrolls"), map[string]any{"name": "Bob was here", "trait_ids": []string{sb.Traits["Wits"]}})
	require.Equal(t, 201, r.status, "ADMINs write anyone's quickrolls; names need not be unique: %s", r.raw)
	assert.Equal(t, "", r.json(t)["description"])
	m := requireProblem2(t, c.as(sb.Alice, "POST", c.user(sb.Alice, "/quickrolls"), map[string]any{"name": "Empty"}), 400,
		"Quick roll must have at least one trait")
	assert.Equal(t, "trait_ids", m["invalid_parameters"].([]any)[0].(map[string]any)["field"])
	requireProblem2(t, c.user2(sb.Alice, "POST", "/quickrolls", body), 400,
		"Missing required header parameter 'On-Behalf-Of' for path /api/v1"+c.user(sb.Alice, "/quickrolls"))
	assert.Equal(t, 204, c.as(sb.Bob, "DELETE", c.user(sb.Bob, "/quickrolls/"+qr), nil).status)
}

// user2 sends without any On-Behalf-Of header.
func (c *tc) user2(userID, method, path string, body any) *resp {
	c.t.Helper()
	return c.do(method, c.user(userID, path), body)
}

func TestV2NotesArePartialAndParentChecked(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	note := c.s.AddNote(sb.Alice, Note{Title: "Debts", Content: "Owes Prince Villon a boon."})
	r := c.do("PATCH", c.user(sb.Alice, "/notes/"+note), map[string]any{"title": "Boons"})
	require.Equal(t, 200, r.status, "%s", r.raw)
	m := r.json(t)
	assert.Equal(t, "Boons", m["title"])
	assert.Equal(t, "Owes Prince Villon a boon.", m["content"], "partial: content kept")
	assert.Equal(t, 200, c.as(sb.Bob, "PATCH", c.user(sb.Alice, "/notes/"+note), map[string]any{}).status, "no permission check on user notes")
	requireProblem2(t, c.as(sb.Alice, "PATCH", c.user(sb.Bob, "/notes/"+note), map[string]any{"title": "Mine"}), 404, "Note not found")
	requireProblem2(t, c.do("GET", c.user(sb.Bob, "/notes/"+note), nil), 404, "Note not found")
	requireProblem2(t, c.do("PATCH", c.user(sb.Alice, "/notes/"+note), map[string]any{"title": "ab"}), 400, "title: Length of 'ab' 2 < 3")
	r = c.do("POST", c.user(sb.Bob, "/notes"), map[string]any{"title": "Plans", "content": "Take the tower."})
	require.Equal(t, 201, r.status)
	assert.Equal(t, sb.Bob, r.json(t)["user_id"])
	assert.Equal(t, 204, c.do("DELETE", c.user(sb.Alice, "/notes/"+note), nil).status)
}

func TestV2ExperienceFollowsPermissionGrantXP(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	xp := func(acting, target, op string, amount int) *resp {
		return c.as(acting, "POST", c.user(target, "/experience/"+op), map[string]any{"amount": amount, "campaign_id": sb.CampaignID})
	}
	r := xp(sb.Bob, sb.Alice, "xp/add", 5)
	require.Equal(t, 201, r.status, "UNRESTRICTED: anyone grants anyone: %s", r.raw)
	m := r.json(t)
	assert.Regexp(t, uuid7Pattern, m["id"])
	assert.Equal(t, sb.Alice, m["user_id"])
	assert.EqualValues(t, 5, m["xp_current"])
	r = xp(sb.Alice, sb.Alice, "cp/add", 1)
	assert.EqualValues(t, 15, r.json(t)["xp_current"])
	u := c.do("GET", c.user(sb.Alice, ""), nil).json(t)
	assert.EqualValues(t, 15, u["lifetime_xp"])
	assert.EqualValues(t, 1, u["lifetime_cool_points"])

	m = requireProblem2(t, xp(sb.Alice, sb.Alice, "xp/remove", 100), 400, "User does not have enough XP to complete the action.")
	assert.NotContains(t, m, "current_xp")
	assert.NotContains(t, m, "required_xp")
	assert.NotContains(t, m, "invalid_parameters")

	c.s.SetCompanySetting(sb.CompanyID, "permission_grant_xp", "PLAYER")
	requireProblem2(t, xp(sb.Bob, sb.Alice, "xp/add", 1), 403, "User not authorized to grant or remove XP for this user")
	assert.Equal(t, 201, xp(sb.Alice, sb.Alice, "xp/add", 1).status)
	c.s.SetCompanySetting(sb.CompanyID, "permission_grant_xp", "STORYTELLER")
	requireProblem2(t, xp(sb.Alice, sb.Alice, "xp/remove", 1), 403, "User not authorized to grant or remove XP for this user")
	assert.Equal(t, 201, xp(sb.Sam, sb.Alice, "xp/remove", 1).status)
	requireProblem2(t, c.do("POST", c.user(sb.Alice, "/experience/xp/add"), map[string]any{"amount": 1, "campaign_id": sb.CampaignID}), 400,
		"Missing required header parameter 'On-Behalf-Of' for path /api/v1"+c.user(sb.Alice, "/experience/xp/add"))
}

func TestV2CampaignPatch(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	path := c.co("/campaigns/" + sb.CampaignID)
	requireProblem2(t, c.do("PATCH", path, map[string]any{"danger": 3}), 403, "On-Behalf-Of header is required")
	requireProblem2(t, c.as(sb.Alice, "PATCH", path, map[string]any{"danger": 6}), 400, "danger: Value should be less or equal to 5")
	requireProblem2(t, c.as(sb.Alice, "PATCH", path, map[string]any{"desperation": -1}), 400, "desperation: Value should be greater or equal to 0")
	r := c.as(sb.Alice, "PATCH", path, map[string]any{"danger": 4, "desperation": 3})
	require.Equal(t, 200, r.status, "%s", r.raw)
	m := r.json(t)
	assert.EqualValues(t, 4, m["danger"])
	assert.EqualValues(t, 3, m["desperation"])
	assert.EqualValues(t, 2, m["num_player_characters"])
	una := c.s.AddUser(sb.CompanyID, User{Name: "Una", Role: "UNAPPROVED"})
	assert.Equal(t, 200, c.as(una, "PATCH", path, map[string]any{"danger": 1}).status, "no active-user check on campaign mutations")
	c.s.SetCompanySetting(sb.CompanyID, "permission_manage_campaign", "STORYTELLER")
	requireProblem2(t, c.as(sb.Alice, "PATCH", path, map[string]any{"danger": 1}), 403, "No rights to access this resource")
	assert.Equal(t, 200, c.as(sb.Sam, "PATCH", path, map[string]any{"danger": 5}).status)
	assert.EqualValues(t, 5, c.do("GET", path, nil).json(t)["danger"])
}

func TestV2TraitValueOptionsAndXPSpending(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	ctID := c.s.SetCharacterTrait(sb.Mara, sb.Traits["Melee"], 1)
	c.s.SetExperience(sb.Alice, sb.CampaignID, 10, 10, 0)
	base := c.co("/characters/" + sb.Mara + "/traits/" + ctID)

	r := c.as(sb.Alice, "GET", base+"/value-options", nil)
	require.Equal(t, 200, r.status, "%s", r.raw)
	opts := r.json(t)
	assert.EqualValues(t, 10, opts["xp_current"])
	assert.EqualValues(t, 1, opts["current_value"])
	o := opts["options"].(map[string]any)
	assert.Equal(t, map[string]any{"direction": "increase", "point_change": 4.0, "can_use_xp": true, "xp_after": 6.0,
		"can_use_starting_points": false, "starting_points_after": -4.0}, o["2"])
	assert.Equal(t, false, o["4"].(map[string]any)["can_use_xp"], "2+3+4 dots cost 4+6+8 = 18 > 10")
	assert.Contains(t, o, "DELETE")
	assert.NotContains(t, o, "1")

	put := func(acting string, target int, currency string) *resp {
		return c.as(acting, "PUT", base+"/value", map[string]any{"target_value": target, "currency": currency})
	}
	requireProblem2(t, put(sb.Bob, 2, "XP"), 403, "User does not own this character")
	requireProblem2(t, put(sb.Alice, 0, "XP"), 403, "Lowering trait values is not permitted. ")
	requireProblem2(t, put(sb.Alice, 4, "XP"), 400, "User does not have enough XP to complete the action.")
	requireProblem2(t, put(sb.Alice, 6, "NO_COST"), 400, "Trait can not be raised above max value of 5")
	assert.Equal(t, 200, put(sb.Bob, 1, "XP").status, "target == value: 200 with no permission check")
	r = put(sb.Alice, 2, "XP")
	require.Equal(t, 200, r.status, "%s", r.raw)
	assert.EqualValues(t, 2, r.json(t)["value"])
	assert.Equal(t, 6, c.s.Experience(sb.Alice, sb.CampaignID).XPCurrent, "the player's XP pays")
	c.s.SetCompanySetting(sb.CompanyID, "permission_recoup_xp", "UNRESTRICTED")
	assert.Equal(t, 200, put(sb.Alice, 1, "XP").status)
	assert.Equal(t, 10, c.s.Experience(sb.Alice, sb.CampaignID).XPCurrent, "lowering refunds")

	npc := c.s.AddCharacter(sb.CompanyID, sb.CampaignID, Character{NameFirst: "Barkeep", NameLast: "Joe", Type: "NPC"})
	npcCT := c.s.SetCharacterTrait(npc, sb.Traits["Melee"], 1)
	requireProblem2(t, c.as(sb.Alice, "PUT", c.co("/characters/"+npc+"/traits/"+npcCT+"/value"), map[string]any{"target_value": 2, "currency": "XP"}),
		400, "NPC and STORYTELLER characters only support NO_COST trait changes")
	c.s.SetCompanySetting(sb.CompanyID, "permission_free_trait_changes", "STORYTELLER")
	requireProblem2(t, put(sb.Alice, 3, "NO_COST"), 403, "No rights to access this resource")
	assert.Equal(t, 200, put(sb.Sam, 3, "NO_COST").status)
}
