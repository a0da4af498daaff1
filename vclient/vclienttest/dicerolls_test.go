package vclienttest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixedDice deals the faces in order, cycling, across calls.
func fixedDice(faces ...int) func(n, size int) []int {
	next := 0
	return func(n, size int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = faces[next%len(faces)]
			next++
		}
		return out
	}
}

func TestQuickrollRoll(t *testing.T) {
	c := newTC(t)
	c.s.SetDice(fixedDice(1, 7, 10, 6))
	roll := c.user(c.sb.Alice, "/dicerolls/quickroll")
	qr := c.sb.Quickrolls["Strength + Brawl"]
	t.Run("rolls the summed pool at difficulty 6 and ignores desperation dice", func(t *testing.T) {
		r := c.do("POST", roll, map[string]any{"quickroll_id": qr, "character_id": c.sb.Mara, "num_desperation_dice": 2})
		require.Equal(t, 201, r.status, string(r.raw))
		m := r.json(t)
		assert.EqualValues(t, 4, m["num_dice"]) // Mara: Strength 2 + Brawl 2
		assert.EqualValues(t, 0, m["num_desperation_dice"])
		assert.EqualValues(t, 6, m["difficulty"])
		assert.EqualValues(t, 10, m["dice_size"])
		assert.Equal(t, "Quick roll: Strength + Brawl", m["comment"])
		assert.Equal(t, c.sb.CampaignID, m["campaign_id"])
		assert.Equal(t, c.sb.Alice, m["user_id"])
		assert.Equal(t, []any{c.sb.Traits["Strength"], c.sb.Traits["Brawl"]}, m["trait_ids"])
		res := m["result"].(map[string]any)
		assert.EqualValues(t, 2, res["total_result"]) // 1 and 10 cancel; 6 and 7 succeed
		assert.Equal(t, "SUCCESS", res["total_result_type"])
		assert.Equal(t, "2 Successes", res["total_result_humanized"])
		assert.Equal(t, []any{1.0, 6.0, 7.0, 10.0}, res["player_roll"])
		assert.Equal(t, []any{}, res["desperation_roll"])
		assert.Equal(t, "", res["desperation_roll_emoji"])
	})
	t.Run("a comment replaces the default", func(t *testing.T) {
		r := c.do("POST", roll, map[string]any{"quickroll_id": qr, "character_id": c.sb.Mara, "difficulty": 8, "comment": "Bar fight"})
		m := r.json(t)
		assert.Equal(t, "Bar fight", m["comment"])
		assert.EqualValues(t, 8, m["difficulty"])
	})
	tests := []struct {
		name   string
		body   map[string]any
		detail string
	}{
		{"an unknown quickroll is a 400", map[string]any{"quickroll_id": "66c0ffee00000000000000aa", "character_id": c.sb.Mara},
			"Quick roll 66c0ffee00000000000000aa not found"},
		{"an unknown character is a 400", map[string]any{"quickroll_id": qr, "character_id": "66c0ffee00000000000000aa"},
			"Character 66c0ffee00000000000000aa not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireProblem(t, c.do("POST", roll, tt.body), 400, tt.detail)
		})
	}
	t.Run("a character without any of the traits is a 400", func(t *testing.T) {
		ch := c.s.AddCharacter(c.sb.CompanyID, c.sb.CampaignID, Character{NameFirst: "Blank", NameLast: "Slate", UserPlayerID: c.sb.Alice})
		requireProblem(t, c.do("POST", roll, map[string]any{"quickroll_id": qr, "character_id": ch}), 400,
			"This character does not have the traits required to roll this quick roll")
	})
	t.Run("an unknown path user is a 404", func(t *testing.T) {
		requireProblem(t, c.do("POST", c.user("66c0ffee00000000000000aa", "/dicerolls/quickroll"),
			map[string]any{"quickroll_id": qr, "character_id": c.sb.Mara}), 404, "User not found")
	})
	assert.Len(t, c.s.DiceRolls(c.sb.CompanyID), 2)
}

func TestManualRollAndList(t *testing.T) {
	c := newTC(t)
	c.s.SetDice(fixedDice(3, 4, 5))
	base := c.user(c.sb.Bob, "/dicerolls")
	t.Run("a D6 roll is scored as OTHER", func(t *testing.T) {
		r := c.do("POST", base, map[string]any{"dice_size": 6, "num_dice": 2, "num_desperation_dice": 1, "difficulty": 4})
		require.Equal(t, 201, r.status, string(r.raw))
		m := r.json(t)
		res := m["result"].(map[string]any)
		assert.EqualValues(t, 1, res["total_result"])
		assert.Equal(t, "OTHER", res["total_result_type"])
		assert.Nil(t, m["character_id"])
		assert.Nil(t, m["comment"])
	})
	t.Run("an unsupported die is refused", func(t *testing.T) {
		requireProblem(t, c.do("POST", base, map[string]any{"dice_size": 12, "num_dice": 2}), 400, validationFailed)
	})
	t.Run("unknown character and campaign ids are 400s", func(t *testing.T) {
		requireProblem(t, c.do("POST", base, map[string]any{"dice_size": 10, "num_dice": 1, "character_id": "66c0ffee00000000000000aa"}),
			400, "Character 66c0ffee00000000000000aa not found")
		requireProblem(t, c.do("POST", base, map[string]any{"dice_size": 10, "num_dice": 1, "campaign_id": "66c0ffee00000000000000aa"}),
			400, "Campaign 66c0ffee00000000000000aa not found")
	})
	aliceRoll := c.s.AddDiceRoll(c.sb.CompanyID, c.sb.Alice, DiceRoll{Dice: []int{7}, Difficulty: intp(6), CharacterID: c.sb.Mara})
	t.Run("the list is company-wide and filters by userid/characterid", func(t *testing.T) {
		assert.EqualValues(t, 2, c.do("GET", base, nil).json(t)["total"])
		m := c.do("GET", base+"?userid="+c.sb.Alice, nil).json(t)
		assert.EqualValues(t, 1, m["total"])
		assert.EqualValues(t, 1, c.do("GET", base+"?characterid="+c.sb.Mara, nil).json(t)["total"])
		assert.EqualValues(t, 0, c.do("GET", base+"?campaignid="+c.sb.CampaignID, nil).json(t)["total"])
	})
	t.Run("get by id, or a 404 naming it", func(t *testing.T) {
		assert.Equal(t, 200, c.do("GET", base+"/"+aliceRoll, nil).status)
		requireProblem(t, c.do("GET", base+"/66c0ffee00000000000000aa", nil), 404, "Dice roll 66c0ffee00000000000000aa not found")
	})
}
