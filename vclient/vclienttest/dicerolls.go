package vclienttest

import (
	"net/http"
	"slices"
)

type diceRoll struct {
	meta
	CompanyID          string
	UserID             *string
	CharacterID        *string
	CampaignID         *string
	Comment            *string
	Difficulty         *int
	DiceSize           int
	NumDice            int
	NumDesperationDice int
	TraitIDs           []string
	Result             *rollResult
}

type diceRollJSON struct {
	ID                 string      `json:"id"`
	DateCreated        string      `json:"date_created"`
	DateModified       string      `json:"date_modified"`
	Difficulty         *int        `json:"difficulty"`
	DiceSize           int         `json:"dice_size"`
	NumDice            int         `json:"num_dice"`
	NumDesperationDice int         `json:"num_desperation_dice"`
	Result             *rollResult `json:"result"`
	Comment            *string     `json:"comment"`
	TraitIDs           []string    `json:"trait_ids"`
	UserID             *string     `json:"user_id"`
	CharacterID        *string     `json:"character_id"`
	CampaignID         *string     `json:"campaign_id"`
	CompanyID          string      `json:"company_id"`
}

func (d *diceRoll) wire() diceRollJSON {
	return diceRollJSON{d.ID, wireTime(d.Created), wireTime(d.Modified), d.Difficulty, d.DiceSize, d.NumDice,
		d.NumDesperationDice, d.Result, d.Comment, nonNil(d.TraitIDs), d.UserID, d.CharacterID, d.CampaignID, d.CompanyID}
}

var diceSizes = []int{4, 6, 8, 10, 20, 100}

// filterMatches reports whether a roll's optional id passes a query filter
// ("" filters nothing).
func filterMatches(want string, got *string) bool { return want == "" || (got != nil && *got == want) }

// listDiceRolls is company-wide; the path user is neither used nor checked.
func listDiceRolls(e *Emulator, c *call) (int, any) {
	uid, chid, cid := c.q.Get("userid"), c.q.Get("characterid"), c.q.Get("campaignid")
	all := e.st.rolls.live(func(d *diceRoll) bool {
		return d.CompanyID == c.co.ID && filterMatches(uid, d.UserID) && filterMatches(chid, d.CharacterID) &&
			filterMatches(cid, d.CampaignID)
	})
	return listWith(c, all, (*diceRoll).wire)
}

func getDiceRoll(e *Emulator, c *call) (int, any) {
	id := c.p["diceroll_id"]
	if s, p, ok := pathIDs(c, "diceroll_id"); !ok {
		return s, p
	}
	d := e.st.rolls.get(id)
	if d == nil || d.CompanyID != c.co.ID {
		return fail(http.StatusNotFound, "Dice roll "+id+" not found")
	}
	return http.StatusOK, d.wire()
}

type diceRollBody struct {
	DiceSize           *int     `json:"dice_size"`
	NumDice            *int     `json:"num_dice"`
	Difficulty         *int     `json:"difficulty"`
	NumDesperationDice int      `json:"num_desperation_dice"`
	Comment            *string  `json:"comment"`
	TraitIDs           []string `json:"trait_ids"`
	CharacterID        *string  `json:"character_id"`
	CampaignID         *string  `json:"campaign_id"`
}

func createDiceRoll(e *Emulator, c *call) (int, any) {
	var b diceRollBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if f := firstMissing("dice_size", b.DiceSize == nil, "num_dice", b.NumDice == nil); f != "" {
		return badField(f, "Field required")
	}
	if !slices.Contains(diceSizes, *b.DiceSize) {
		return badField("dice_size", "Input should be 4, 6, 8, 10, 20 or 100")
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	traits, s, p, ok := e.resolveTraits(b.TraitIDs)
	if !ok {
		return s, p
	}
	if b.CharacterID != nil && e.st.characters.get(*b.CharacterID) == nil {
		return invalid("Character " + *b.CharacterID + " not found")
	}
	if b.CampaignID != nil && e.st.campaigns.get(*b.CampaignID) == nil {
		return invalid("Campaign " + *b.CampaignID + " not found")
	}
	player := e.roll(*b.NumDice, *b.DiceSize)
	desperation := e.roll(b.NumDesperationDice, *b.DiceSize)
	res := score(player, desperation, *b.DiceSize, b.Difficulty)
	d := &diceRoll{
		meta: e.newMeta(), CompanyID: c.co.ID, UserID: &u.ID, CharacterID: b.CharacterID, CampaignID: b.CampaignID,
		Comment: b.Comment, Difficulty: b.Difficulty, DiceSize: *b.DiceSize, NumDice: *b.NumDice,
		NumDesperationDice: b.NumDesperationDice, TraitIDs: traits, Result: &res,
	}
	e.st.rolls.add(d)
	return http.StatusCreated, d.wire()
}

type quickrollRollBody struct {
	QuickrollID        *string `json:"quickroll_id"`
	CharacterID        *string `json:"character_id"`
	Difficulty         *int    `json:"difficulty"`
	NumDesperationDice int     `json:"num_desperation_dice"`
	Comment            *string `json:"comment"`
}

// quickrollPool finds the body's quickroll and character (400 when either is unknown) and
// sums the dots of the character's traits the quickroll names (400 when it has none of
// them), in both contracts; q is nil when it answers with an error.
func (e *Emulator) quickrollPool(b *quickrollRollBody) (q *quickroll, ch *character, pool, s int, p any) {
	if q = e.st.quickrolls.get(*b.QuickrollID); q == nil {
		s, p = invalid("Quick roll " + *b.QuickrollID + " not found")
		return nil, nil, 0, s, p
	}
	if ch = e.st.characters.get(*b.CharacterID); ch == nil {
		s, p = invalid("Character " + *b.CharacterID + " not found")
		return nil, nil, 0, s, p
	}
	matched := 0
	for _, ct := range e.st.charTraits.live(func(ct *charTrait) bool { return ct.CharacterID == ch.ID }) {
		if slices.Contains(q.TraitIDs, ct.TraitID) {
			pool += ct.Value
			matched++
		}
	}
	if matched == 0 {
		s, p = invalid("This character does not have the traits required to roll this quick roll")
		return nil, nil, 0, s, p
	}
	return q, ch, pool, 0, nil
}

// difficulty is the body's difficulty, 6 when it sent none.
func (b *quickrollRollBody) difficulty() int {
	if b.Difficulty != nil {
		return *b.Difficulty
	}
	return 6
}

// rollQuickroll follows contract §5.2: 400s for unknown quickroll or
// character, the pool is the sum of the matched traits, desperation dice are
// ignored, difficulty defaults to 6.
func rollQuickroll(e *Emulator, c *call) (int, any) {
	var b quickrollRollBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if f := firstMissing("quickroll_id", b.QuickrollID == nil, "character_id", b.CharacterID == nil); f != "" {
		return badField(f, "Field required")
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	q, ch, pool, s, p := e.quickrollPool(&b)
	if q == nil {
		return s, p
	}
	difficulty := b.difficulty()
	comment := "Quick roll: " + q.Name
	if b.Comment != nil && *b.Comment != "" {
		comment = *b.Comment
	}
	res := score(e.roll(pool, 10), nil, 10, &difficulty)
	campaignID := ch.CampaignID
	d := &diceRoll{
		meta: e.newMeta(), CompanyID: c.co.ID, UserID: &u.ID, CharacterID: &ch.ID, CampaignID: &campaignID,
		Comment: &comment, Difficulty: &difficulty, DiceSize: 10, NumDice: pool,
		TraitIDs: slices.Clone(q.TraitIDs), Result: &res,
	}
	e.st.rolls.add(d)
	return http.StatusCreated, d.wire()
}
