package commands

import (
	"testing"

	"github.com/noirbot/noirbot/vclient"
)

// benchRoll is a /quickroll result as the API returns it.
func benchRoll() *vclient.DiceRoll {
	total, difficulty := 3, 6
	return &vclient.DiceRoll{
		ID: "6650a1b2c3d4e5f607182930", Difficulty: &difficulty, DiceSize: 10, NumDice: 5,
		Result: &vclient.RollResult{
			TotalResult: &total, TotalResultType: vclient.ResultSuccess, TotalResultHumanized: "3 successes",
			TotalDiceRoll: []int{7, 8, 9, 2, 1}, PlayerRoll: []int{7, 8, 9, 2, 1},
			TotalDiceRollEmoji: "⑦ ⑧ ⑨ ② ①", PlayerRollEmoji: "⑦ ⑧ ⑨ ② ①",
		},
		TraitIDs: []string{"6650a1b2c3d4e5f607180001", "6650a1b2c3d4e5f607180002"},
	}
}

// BenchmarkQuickrollResponse is the pure part of a warm /quickroll after the API answered:
// matching the pool against the character's traits, the roll embed and its Re-roll button.
func BenchmarkQuickrollResponse(b *testing.B) {
	roll := benchRoll()
	traits := []vclient.CharacterTrait{
		{ID: "t1", Value: 3, Trait: vclient.Trait{ID: roll.TraitIDs[0], Name: "Dexterity"}},
		{ID: "t2", Value: 2, Trait: vclient.Trait{ID: roll.TraitIDs[1], Name: "Firearms"}},
		{ID: "t3", Value: 4, Trait: vclient.Trait{ID: "6650a1b2c3d4e5f607180003", Name: "Wits"}},
	}
	spec := rerollSpec{Kind: prefixQuickrollReroll, Quickroll: "6650a1b2c3d4e5f607180010",
		Character: "6650a1b2c3d4e5f607180020", Difficulty: 6, Owner: "300"}
	unknown := func(string) string { return "Unknown trait" }
	b.ReportAllocs()
	for b.Loop() {
		pool, sum := buildPool(roll.TraitIDs, traits, unknown)
		v := rollView{Roll: roll, Character: "Mara Voss", Quickroll: "Dexterity + Firearms",
			Roller: "Alice", Pool: pool, Values: sum == roll.NumDice}
		if r := rollResponse(v, spec); len(r.Embeds) != 1 {
			b.Fatal("no embed")
		}
	}
}

// BenchmarkRerollIDRoundTrip is writing a Re-roll button's custom_id and parsing it back on
// the click.
func BenchmarkRerollIDRoundTrip(b *testing.B) {
	spec := rerollSpec{Kind: prefixQuickrollReroll, Quickroll: "6650a1b2c3d4e5f607180010",
		Character: "6650a1b2c3d4e5f607180020", Difficulty: 6, Owner: "300"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseRerollID(spec.customID()); err != nil {
			b.Fatal(err)
		}
	}
}
