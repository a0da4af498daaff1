package vclient

// RollStatistics aggregates stored D10 rolls (of a user, campaign or character).
type RollStatistics struct {
	Botches             int        `json:"botches"`
	Successes           int        `json:"successes"` // SUCCESS only; criticals are counted apart
	Failures            int        `json:"failures"`
	Criticals           int        `json:"criticals"`
	TotalRolls          int        `json:"total_rolls"`
	AverageDifficulty   *float64   `json:"average_difficulty"` // nil when there are no rolls
	AveragePool         *float64   `json:"average_pool"`
	TopTraits           []TopTrait `json:"top_traits"`
	CriticalsPercentage float64    `json:"criticals_percentage"` // 0–100
	SuccessPercentage   float64    `json:"success_percentage"`
	FailurePercentage   float64    `json:"failure_percentage"`
	BotchPercentage     float64    `json:"botch_percentage"`
}

// TopTrait is a trait and how many of the counted rolls used it.
type TopTrait struct {
	Name       string `json:"name"`
	UsageCount int    `json:"usage_count"`
	TraitID    string `json:"trait_id"`
}
