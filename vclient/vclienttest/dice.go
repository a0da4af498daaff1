package vclienttest

import (
	"slices"
	"strconv"
	"strings"
)

// rollResult is DiceRoll.result on the wire.
type rollResult struct {
	TotalResult              *int   `json:"total_result"`
	TotalResultType          string `json:"total_result_type"`
	TotalResultHumanized     string `json:"total_result_humanized"`
	TotalDiceRoll            []int  `json:"total_dice_roll"`
	PlayerRoll               []int  `json:"player_roll"`
	DesperationRoll          []int  `json:"desperation_roll"`
	TotalDiceRollEmoji       string `json:"total_dice_roll_emoji"`
	TotalDiceRollShortcode   string `json:"total_dice_roll_shortcode"`
	PlayerRollEmoji          string `json:"player_roll_emoji"`
	PlayerRollShortcode      string `json:"player_roll_shortcode"`
	DesperationRollEmoji     string `json:"desperation_roll_emoji"`
	DesperationRollShortcode string `json:"desperation_roll_shortcode"`
}

// score applies the server's dice rules (contract §5.4): per-die classes, then
// for D10 ones and tens cancel one-for-one before tens count double; other
// sizes count successes minus failures and botches and are always OTHER.
func score(player, desperation []int, size int, difficulty *int) rollResult {
	player, desperation = sortedCopy(player), sortedCopy(desperation)
	total := sortedCopy(append(slices.Clone(player), desperation...))
	r := rollResult{
		TotalResultType: "OTHER",
		TotalDiceRoll:   total, PlayerRoll: player, DesperationRoll: desperation,
		TotalDiceRollEmoji: emojis(total), TotalDiceRollShortcode: shortcodes(total),
		PlayerRollEmoji: emojis(player), PlayerRollShortcode: shortcodes(player),
		DesperationRollEmoji: emojis(desperation), DesperationRollShortcode: shortcodes(desperation),
	}
	if difficulty == nil {
		return r
	}
	var b, f, s, c int
	for _, face := range total {
		switch {
		case face == 1:
			b++
		case face == size:
			c++
		case face >= *difficulty:
			s++
		default:
			f++
		}
	}
	if size != 10 {
		n := s - f - b
		r.TotalResult = &n
		return r
	}
	effB, effC := max(0, b-c), max(0, c-b)
	n := s + 2*effC - effB
	r.TotalResult = &n
	switch {
	case n < 0:
		r.TotalResultType = "BOTCH"
	case n == 0:
		r.TotalResultType = "FAILURE"
	case n > len(total):
		r.TotalResultType = "CRITICAL"
	default:
		r.TotalResultType = "SUCCESS"
	}
	r.TotalResultHumanized = strconv.Itoa(n) + " Successes"
	if n == 1 {
		r.TotalResultHumanized = "1 Success"
	}
	return r
}

func sortedCopy(d []int) []int {
	out := append([]int{}, d...)
	slices.Sort(out)
	return out
}

var digitNames = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

// emojis renders dice as keycap emoji (digit + U+FE0F + U+20E3), 10 as 🔟,
// larger numbers as plain digits.
func emojis(dice []int) string {
	parts := make([]string, len(dice))
	for i, d := range dice {
		switch {
		case d >= 0 && d <= 9:
			parts[i] = strconv.Itoa(d) + "\uFE0F\u20E3"
		case d == 10:
			parts[i] = "\U0001F51F"
		default:
			parts[i] = strconv.Itoa(d)
		}
	}
	return strings.Join(parts, " ")
}

// shortcodes renders dice as :one: … :keycap_ten:, larger numbers in backticks.
func shortcodes(dice []int) string {
	parts := make([]string, len(dice))
	for i, d := range dice {
		switch {
		case d >= 0 && d <= 9:
			parts[i] = ":" + digitNames[d] + ":"
		case d == 10:
			parts[i] = ":keycap_ten:"
		default:
			parts[i] = "`" + strconv.Itoa(d) + "`"
		}
	}
	return strings.Join(parts, " ")
}

// roll returns n dice of the given size from the override or the seeded RNG.
func (e *Emulator) roll(n, size int) []int {
	if n <= 0 {
		return []int{}
	}
	if e.dice != nil {
		return e.dice(n, size)
	}
	out := make([]int, n)
	for i := range out {
		out[i] = e.rng.IntN(size) + 1
	}
	return out
}
