package vclienttest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func intp(n int) *int { return &n }

func TestScoreVectors(t *testing.T) {
	tests := []struct {
		name            string
		player, despair []int
		size            int
		difficulty      *int
		total           *int
		kind, humanized string
	}{
		{"three successes", []int{7, 8}, []int{9}, 10, intp(6), intp(3), "SUCCESS", "3 Successes"},
		{"ones cancel tens first", []int{1, 1}, []int{10}, 10, intp(6), intp(-1), "BOTCH", "-1 Successes"},
		{"tens count double past the pool", []int{10, 10}, []int{10}, 10, intp(6), intp(6), "CRITICAL", "6 Successes"},
		{"failures do not count", []int{1, 2, 3}, []int{4, 5}, 10, intp(6), intp(-1), "BOTCH", "-1 Successes"},
		{"other sizes subtract failures and ignore the top face", []int{3, 4}, []int{5}, 6, intp(4), intp(1), "OTHER", ""},
		{"no difficulty is OTHER", []int{3, 4}, []int{5}, 10, nil, nil, "OTHER", ""},
		{"a one and a ten cancel to a failure", []int{1, 5, 10}, nil, 10, intp(6), intp(0), "FAILURE", "0 Successes"},
		{"one success is singular", []int{1, 7, 10}, nil, 10, intp(6), intp(1), "SUCCESS", "1 Success"},
		{"a difficulty above the size still counts tens", []int{9, 10}, nil, 10, intp(11), intp(2), "SUCCESS", "2 Successes"},
		{"an empty pool fails", nil, nil, 10, intp(6), intp(0), "FAILURE", "0 Successes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := score(tt.player, tt.despair, tt.size, tt.difficulty)
			assert.Equal(t, tt.total, r.TotalResult)
			assert.Equal(t, tt.kind, r.TotalResultType)
			assert.Equal(t, tt.humanized, r.TotalResultHumanized)
		})
	}
}

func TestScoreRendersSortedDice(t *testing.T) {
	r := score([]int{10, 7, 1}, []int{3}, 10, intp(6))
	assert.Equal(t, []int{1, 3, 7, 10}, r.TotalDiceRoll)
	assert.Equal(t, []int{1, 7, 10}, r.PlayerRoll)
	assert.Equal(t, "1\uFE0F\u20E3 7\uFE0F\u20E3 \U0001F51F", r.PlayerRollEmoji)
	assert.Equal(t, ":one: :seven: :keycap_ten:", r.PlayerRollShortcode)
	assert.Equal(t, ":three:", r.DesperationRollShortcode)
	assert.Equal(t, "1️⃣ 3️⃣ 7️⃣ 🔟", r.TotalDiceRollEmoji)

	big := score([]int{17, 2}, nil, 20, intp(10))
	assert.Equal(t, "2\uFE0F\u20E3 17", big.PlayerRollEmoji)
	assert.Equal(t, ":two: `17`", big.PlayerRollShortcode)
	assert.Equal(t, "", big.DesperationRollEmoji)
	assert.Equal(t, []int{}, big.DesperationRoll)
}

func TestSeededDiceAreReproducible(t *testing.T) {
	roll := func(seed int64) []int {
		e := New(WithSeed(seed))
		return e.roll(20, 10)
	}
	assert.Equal(t, roll(7), roll(7))
	assert.NotEqual(t, roll(7), roll(8))
	for _, d := range roll(3) {
		require.True(t, d >= 1 && d <= 10)
	}
}
