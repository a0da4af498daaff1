package commands

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/vclient"
)

// Caps that keep a roll embed well under Discord's 6000 characters whatever the API returns.
const (
	maxName        = 256
	maxRollComment = 1000
)

// poolTrait is one trait of a quickroll's pool as the character has it.
type poolTrait struct {
	Name  string
	Value int
	Has   bool // false: the character lacks the trait ("Name —")
}

// rollView is everything the roll embed shows; building it needs no network.
type rollView struct {
	Roll      *vclient.DiceRoll
	Character string // "" for a roll without a character
	Quickroll string // "" for an ad-hoc /roll
	Pool      []poolTrait
	// Values says whether the pool's trait values are trustworthy (they add up to the roll's
	// num_dice); otherwise only the names are shown.
	Values bool
	Roller string // the roller's Valentina name
	// Comment is the comment the roller gave, "" for none. The roll's own comment is not shown:
	// without one the API stores "Quick roll: <name>", which the Quickroll field already says.
	Comment string
}

// buildPool matches a quickroll's blueprint trait ids against the character's traits (on
// CharacterTrait.trait.id) and returns the pool with the sum of the values the character has.
// name gives the name of a trait the character lacks.
func buildPool(traitIDs []string, traits []vclient.CharacterTrait, name func(id string) string) ([]poolTrait, int) {
	pool := make([]poolTrait, 0, len(traitIDs))
	sum := 0
	for _, id := range traitIDs {
		// A pool names a few traits of a sheet of a few dozen: scanning beats building a map
		// on every roll.
		if i := slices.IndexFunc(traits, func(t vclient.CharacterTrait) bool { return t.Trait.ID == id }); i >= 0 {
			t := traits[i]
			pool = append(pool, poolTrait{Name: t.Trait.Name, Value: t.Value, Has: true})
			sum += t.Value
			continue
		}
		pool = append(pool, poolTrait{Name: name(id)})
	}
	return pool, sum
}

// poolNames is a pool of names only, for when the character's traits could not be read.
func poolNames(traitIDs []string, name func(id string) string) []poolTrait {
	pool := make([]poolTrait, 0, len(traitIDs))
	for _, id := range traitIDs {
		pool = append(pool, poolTrait{Name: name(id), Has: true})
	}
	return pool
}

// matched counts the traits of a pool the character has.
func matched(pool []poolTrait) int {
	n := 0
	for _, p := range pool {
		if p.Has {
			n++
		}
	}
	return n
}

// poolSum adds up the values of the traits the character has.
func poolSum(pool []poolTrait) int {
	sum := 0
	for _, p := range pool {
		if p.Has {
			sum += p.Value
		}
	}
	return sum
}

// poolText is the pool line: "Strength 3 + Brawl 2 = 5", or names only when the values are not
// trusted; the total is always the roll's num_dice.
func poolText(pool []poolTrait, values bool, numDice int) string {
	if len(pool) == 0 {
		return plural(numDice, "die", "dice")
	}
	parts := make([]string, 0, len(pool))
	for _, p := range pool {
		switch {
		case !p.Has:
			parts = append(parts, p.Name+" —")
		case values:
			parts = append(parts, fmt.Sprintf("%s %d", p.Name, p.Value))
		default:
			parts = append(parts, p.Name)
		}
	}
	return fmt.Sprintf("%s = %d", strings.Join(parts, " + "), numDice)
}

// outcome is the colour and the word of a result type.
func outcome(t vclient.ResultType) (int, string) {
	switch t {
	case vclient.ResultCritical:
		return colorCritical, "Critical"
	case vclient.ResultSuccess:
		return colorSuccess, "Success"
	case vclient.ResultFailure:
		return colorFailure, "Failure"
	case vclient.ResultBotch:
		return colorBotch, "Botch"
	}
	return colorNeutral, "Rolled"
}

// rollEmbed is the embed of SPEC §4.5 for a roll.
func rollEmbed(v rollView) *discordgo.MessageEmbed {
	r := v.Roll
	res := r.Result
	if res == nil {
		res = &vclient.RollResult{TotalResultType: vclient.ResultOther}
	}
	color, word := outcome(res.TotalResultType)
	title := word
	if h := strings.TrimSpace(res.TotalResultHumanized); h != "" {
		title += " — " + h
	}
	e := &discordgo.MessageEmbed{Title: truncate(title, maxEmbedTitle), Color: color}
	dice := fieldValue(res.PlayerRollEmoji)
	if r.NumDesperationDice > 0 {
		dice += "\nDesperation: " + fieldValue(res.DesperationRollEmoji)
	}
	e.Fields = append(e.Fields, field("Dice", dice, false))
	if v.Character != "" {
		e.Fields = append(e.Fields, field("Character", truncate(v.Character, maxName), true))
	}
	if v.Quickroll != "" {
		e.Fields = append(e.Fields, field("Quickroll", truncate(v.Quickroll, maxName), true))
	}
	e.Fields = append(e.Fields, field("Pool", poolText(v.Pool, v.Values, r.NumDice), false))
	if r.Difficulty != nil {
		e.Fields = append(e.Fields, field("Difficulty", fmt.Sprintf("%d", *r.Difficulty), true))
	}
	if r.NumDesperationDice > 0 {
		e.Fields = append(e.Fields, field("Desperation", fmt.Sprintf("%d", r.NumDesperationDice), true))
	}
	if c := strings.TrimSpace(v.Comment); c != "" {
		e.Description = truncate(c, maxRollComment)
	}
	if v.Roller != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate("Rolled by "+v.Roller, 2048)}
	}
	return e
}

// rerollButton is the Re-roll button row for a custom_id ("" = no button).
func rerollButton(customID string) []discordgo.MessageComponent {
	if customID == "" {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Re-roll", Style: discordgo.SecondaryButton, CustomID: customID, Emoji: &discordgo.ComponentEmoji{Name: "🎲"}},
	}}}
}
