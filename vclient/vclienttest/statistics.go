package vclienttest

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
)

type topTraitJSON struct {
	Name       string `json:"name"`
	UsageCount int    `json:"usage_count"`
	TraitID    string `json:"trait_id"`
}

type statisticsJSON struct {
	Botches             int            `json:"botches"`
	Successes           int            `json:"successes"`
	Failures            int            `json:"failures"`
	Criticals           int            `json:"criticals"`
	TotalRolls          int            `json:"total_rolls"`
	AverageDifficulty   *float64       `json:"average_difficulty"`
	AveragePool         *float64       `json:"average_pool"`
	TopTraits           []topTraitJSON `json:"top_traits"`
	CriticalsPercentage float64        `json:"criticals_percentage"`
	SuccessPercentage   float64        `json:"success_percentage"`
	FailurePercentage   float64        `json:"failure_percentage"`
	BotchPercentage     float64        `json:"botch_percentage"`
}

// statistics summarizes the live D10 rolls that match keep (contract §4.2).
func (e *Emulator) statistics(c *call, keep func(*diceRoll) bool) (int, any) {
	top := 5
	if s := c.q.Get("num_top_traits"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return badField("num_top_traits", "Input should be a valid integer")
		}
		top = n
	}
	rolls := e.st.rolls.live(func(d *diceRoll) bool { return d.DiceSize == 10 && keep(d) })
	st := statisticsJSON{TopTraits: []topTraitJSON{}, TotalRolls: len(rolls)}
	var diffSum, diffN, poolSum int
	usage := map[string]int{}
	var order []string
	for _, d := range rolls {
		if d.Result != nil {
			switch d.Result.TotalResultType {
			case "BOTCH":
				st.Botches++
			case "SUCCESS":
				st.Successes++
			case "FAILURE":
				st.Failures++
			case "CRITICAL":
				st.Criticals++
			}
		}
		if d.Difficulty != nil {
			diffSum += *d.Difficulty
			diffN++
		}
		poolSum += d.NumDice
		for _, id := range d.TraitIDs {
			if usage[id] == 0 {
				order = append(order, id)
			}
			usage[id]++
		}
	}
	if n := len(rolls); n > 0 {
		pool := float64(poolSum) / float64(n)
		st.AveragePool = &pool
		if diffN > 0 {
			avg := float64(diffSum) / float64(diffN)
			st.AverageDifficulty = &avg
		}
		pct := func(k int) float64 { return float64(k) / float64(n) * 100 }
		st.CriticalsPercentage, st.SuccessPercentage = pct(st.Criticals), pct(st.Successes)
		st.FailurePercentage, st.BotchPercentage = pct(st.Failures), pct(st.Botches)
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(usage[b], usage[a]) })
	for _, id := range order[:min(max(top, 0), len(order))] {
		name := ""
		if t := e.st.traits.byID[id]; t != nil {
			name = t.Name
		}
		st.TopTraits = append(st.TopTraits, topTraitJSON{Name: name, UsageCount: usage[id], TraitID: id})
	}
	return http.StatusOK, st
}

func userStatistics(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	return e.statistics(c, func(d *diceRoll) bool { return d.UserID != nil && *d.UserID == u.ID })
}

func companyStatistics(e *Emulator, c *call) (int, any) {
	return e.statistics(c, func(d *diceRoll) bool { return d.CompanyID == c.co.ID })
}

func campaignStatistics(e *Emulator, c *call) (int, any) {
	camp, s, p := e.pathCampaign(c)
	if camp == nil {
		return s, p
	}
	return e.statistics(c, func(d *diceRoll) bool { return d.CampaignID != nil && *d.CampaignID == camp.ID })
}

func characterStatistics(e *Emulator, c *call) (int, any) {
	ch, s, p := e.pathCharacter(c)
	if ch == nil {
		return s, p
	}
	return e.statistics(c, func(d *diceRoll) bool { return d.CharacterID != nil && *d.CharacterID == ch.ID })
}
