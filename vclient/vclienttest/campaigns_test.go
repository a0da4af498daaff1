package vclienttest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCampaignsAndCharacters(t *testing.T) {
	c := newTC(t)
	camps := c.user(c.sb.Alice, "/campaigns")
	t.Run("the campaign list is company-wide and ignores the path user", func(t *testing.T) {
		m := c.do("GET", c.user("66c0ffee00000000000000aa", "/campaigns"), nil).json(t)
		assert.EqualValues(t, 1, m["total"])
		assert.Equal(t, "Chicago by Night", m["items"].([]any)[0].(map[string]any)["name"])
	})
	t.Run("get campaign", func(t *testing.T) {
		r := c.do("GET", camps+"/"+c.sb.CampaignID, nil)
		require.Equal(t, 200, r.status)
		assert.Equal(t, []string{"id", "date_created", "date_modified", "name", "description", "asset_ids",
			"desperation", "danger", "company_id"}, keysOf(t, r.raw))
		requireProblem(t, c.do("GET", camps+"/66c0ffee00000000000000aa", nil), 404, "Campaign not found")
	})
	chars := camps + "/" + c.sb.CampaignID + "/characters"
	t.Run("characters filter by user_player_id", func(t *testing.T) {
		m := c.do("GET", chars+"?user_player_id="+c.sb.Bob, nil).json(t)
		require.EqualValues(t, 1, m["total"])
		ch := m["items"].([]any)[0].(map[string]any)
		assert.Equal(t, "Dmitri Kale", ch["name"])
		assert.Equal(t, "Dmitri Kale", ch["name_full"])
		assert.Nil(t, ch["name_nick"])
		assert.Len(t, ch["character_trait_ids"], len(sandboxTraits))
		assert.IsType(t, map[string]any{}, ch["vampire_attributes"])
		assert.Nil(t, ch["mage_attributes"])
	})
	t.Run("characters of a campaign outside the company are not found", func(t *testing.T) {
		requireProblem(t, c.do("GET", camps+"/66c0ffee00000000000000aa/characters", nil), 404, "Campaign not found")
	})
	t.Run("get character checks the company only", func(t *testing.T) {
		r := c.do("GET", camps+"/66c0ffee00000000000000aa/characters/"+c.sb.Mara, nil)
		require.Equal(t, 200, r.status)
		assert.Equal(t, c.sb.Alice, r.json(t)["user_player_id"])
		requireProblem(t, c.do("GET", chars+"/66c0ffee00000000000000aa", nil), 404, "Character not found")
	})
}

func TestCharacterTraits(t *testing.T) {
	c := newTC(t)
	traits := c.user(c.sb.Alice, "/campaigns/"+c.sb.CampaignID+"/characters/"+c.sb.Mara+"/traits")
	t.Run("the list pages and sorts by parent category id", func(t *testing.T) {
		m := c.do("GET", traits+"?limit=100", nil).json(t)
		assert.EqualValues(t, len(sandboxTraits), m["total"])
		prev := ""
		for _, it := range m["items"].([]any) {
			tr := it.(map[string]any)["trait"].(map[string]any)
			assert.GreaterOrEqual(t, tr["parent_category_id"], prev)
			prev = tr["parent_category_id"].(string)
			assert.Equal(t, false, tr["is_archived"])
			assert.Contains(t, tr, "archive_date")
		}
	})
	t.Run("get by blueprint trait id gives this character's rating", func(t *testing.T) {
		r := c.do("GET", traits+"/"+c.sb.Traits["Firearms"], nil)
		require.Equal(t, 200, r.status, string(r.raw))
		m := r.json(t)
		assert.EqualValues(t, 4, m["value"])
		assert.Equal(t, c.sb.Mara, m["character_id"])
		assert.Equal(t, "Firearms", m["trait"].(map[string]any)["name"])
		assert.Equal(t, "Skills", m["trait"].(map[string]any)["parent_category_name"])
	})
	t.Run("get by CharacterTrait id is not checked against the character", func(t *testing.T) {
		ctID := c.s.SetCharacterTrait(c.sb.Dmitri, c.sb.Traits["Brawl"], 4)
		r := c.do("GET", traits+"/"+ctID, nil)
		require.Equal(t, 200, r.status)
		assert.Equal(t, c.sb.Dmitri, r.json(t)["character_id"])
	})
	t.Run("an unknown trait is not found", func(t *testing.T) {
		requireProblem(t, c.do("GET", traits+"/66c0ffee00000000000000aa", nil), 404, "Character trait not found")
	})
	t.Run("blueprint trait lookup has no archive fields", func(t *testing.T) {
		r := c.do("GET", c.co("/characterblueprint/traits/"+c.sb.Traits["Wits"]), nil)
		require.Equal(t, 200, r.status)
		m := r.json(t)
		assert.Equal(t, "Wits", m["name"])
		assert.NotContains(t, m, "is_archived")
		requireProblem(t, c.do("GET", c.co("/characterblueprint/traits/66c0ffee00000000000000aa"), nil), 404, "Trait not found")
	})
}

func TestCompany(t *testing.T) {
	c := newTC(t)
	r := c.do("GET", "/companies/"+c.sb.CompanyID, nil)
	require.Equal(t, 200, r.status)
	m := r.json(t)
	assert.Equal(t, "Sandbox", m["name"])
	assert.Len(t, m["user_ids"], 4)
	assert.Equal(t, map[string]any{"character_autogen_xp_cost": 10.0, "character_autogen_num_choices": 3.0,
		"permission_manage_campaign": "UNRESTRICTED", "permission_grant_xp": "UNRESTRICTED",
		"permission_free_trait_changes": "UNRESTRICTED"}, m["settings"])
	requireProblem(t, c.do("GET", "/companies/66c0ffee00000000000000aa", nil), 404, "Company '66c0ffee00000000000000aa' not found")
}

func TestStatistics(t *testing.T) {
	c := newTC(t)
	t.Run("no rolls gives nulls and zeros", func(t *testing.T) {
		r := c.do("GET", c.user(c.sb.Alice, "/statistics"), nil)
		assert.JSONEq(t, `{"botches":0,"successes":0,"failures":0,"criticals":0,"total_rolls":0,
			"average_difficulty":null,"average_pool":null,"top_traits":[],"criticals_percentage":0,
			"success_percentage":0,"failure_percentage":0,"botch_percentage":0}`, string(r.raw))
	})
	str, brawl := c.sb.Traits["Strength"], c.sb.Traits["Brawl"]
	add := func(user string, r DiceRoll) { c.s.AddDiceRoll(c.sb.CompanyID, user, r) }
	add(c.sb.Alice, DiceRoll{Dice: []int{7, 8}, Difficulty: intp(6), TraitIDs: []string{str, brawl}, CharacterID: c.sb.Mara}) // SUCCESS
	add(c.sb.Alice, DiceRoll{Dice: []int{1, 2}, Difficulty: intp(8), TraitIDs: []string{str}})                                // BOTCH
	add(c.sb.Alice, DiceRoll{Dice: []int{10, 10, 10}, Difficulty: intp(6)})                                                   // CRITICAL
	add(c.sb.Alice, DiceRoll{DiceSize: 6, Dice: []int{6}, Difficulty: intp(4)})                                               // not D10: ignored
	add(c.sb.Bob, DiceRoll{Dice: []int{3}, Difficulty: intp(6), TraitIDs: []string{brawl}})                                   // FAILURE
	t.Run("user statistics count that user's D10 rolls", func(t *testing.T) {
		m := c.do("GET", c.user(c.sb.Alice, "/statistics?num_top_traits=1"), nil).json(t)
		assert.EqualValues(t, 3, m["total_rolls"])
		assert.EqualValues(t, 1, m["successes"])
		assert.EqualValues(t, 1, m["botches"])
		assert.EqualValues(t, 1, m["criticals"])
		assert.InDelta(t, 20.0/3, m["average_difficulty"], 1e-9)
		assert.InDelta(t, 7.0/3, m["average_pool"], 1e-9)
		assert.InDelta(t, 100.0/3, m["success_percentage"], 1e-9)
		assert.Equal(t, []any{map[string]any{"name": "Strength", "usage_count": 2.0, "trait_id": str}}, m["top_traits"])
	})
	t.Run("company, campaign and character statistics filter accordingly", func(t *testing.T) {
		assert.EqualValues(t, 4, c.do("GET", c.co("/statistics"), nil).json(t)["total_rolls"])
		camp := c.user(c.sb.Alice, "/campaigns/"+c.sb.CampaignID)
		assert.EqualValues(t, 0, c.do("GET", camp+"/statistics", nil).json(t)["total_rolls"])
		assert.EqualValues(t, 1, c.do("GET", camp+"/characters/"+c.sb.Mara+"/statistics", nil).json(t)["total_rolls"])
	})
}
