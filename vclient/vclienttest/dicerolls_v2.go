package vclienttest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

func (d *diceRoll) wire2() diceRollJSON {
	w := d.wire()
	w.DateCreated, w.DateModified = wireTime2(d.Created), wireTime2(d.Modified)
	return w
}

// hiddenRoll: a roll of a STORYTELLER-type character is hidden from
// acting users who are not STORYTELLER/ADMIN.
func (e *Emulator) hiddenRoll(d *diceRoll, acting *user) bool {
	if d.CharacterID == nil || isStoryteller(acting) {
		return false
	}
	ch := e.st.characters.byID[*d.CharacterID]
	return ch != nil && ch.Type == "STORYTELLER"
}

// listDiceRollsV2 is company-wide, newest first (id order: UUID v7 sorts by
// creation), with the userid/characterid/campaignid/character_type filters.
func listDiceRollsV2(e *Emulator, c *call) (int, any) {
	uid, chid, cid, ctype := c.q.Get("userid"), c.q.Get("characterid"), c.q.Get("campaignid"), c.q.Get("character_type")
	for k, v := range map[string]string{"userid": uid, "characterid": chid, "campaignid": cid} {
		if v != "" && !isUUID(v) {
			return badField(k, "Invalid UUID")
		}
	}
	if ctype != "" && !slices.Contains(characterTypes, ctype) {
		return badEnum("character_type", ctype)
	}
	all := e.st.rolls.live(func(d *diceRoll) bool {
		if d.CompanyID != c.co.ID || !filterMatches(uid, d.UserID) || !filterMatches(chid, d.CharacterID) ||
			!filterMatches(cid, d.CampaignID) {
			return false
		}
		if ctype != "" {
			if d.CharacterID == nil {
				return false
			}
			if ch := e.st.characters.byID[*d.CharacterID]; ch == nil || ch.Type != ctype {
				return false
			}
		}
		return !e.hiddenRoll(d, c.acting)
	})
	slices.SortStableFunc(all, func(a, b *diceRoll) int { return strings.Compare(b.ID, a.ID) })
	return listWith(c, all, (*diceRoll).wire2)
}

func getDiceRollV2(e *Emulator, c *call) (int, any) {
	id := c.p["diceroll_id"]
	if s, p, ok := pathIDs(c, "diceroll_id"); !ok {
		return s, p
	}
	d := e.st.rolls.get(id)
	if d == nil || d.CompanyID != c.co.ID {
		return fail(http.StatusNotFound, "Dice roll "+id+" not found")
	}
	if e.hiddenRoll(d, c.acting) {
		return fail(http.StatusForbidden, "No rights to access this resource")
	}
	return http.StatusOK, d.wire2()
}

// createDiceRollV2: dice_size defaults to 10, num_dice to 1; body ids may
// name rows of any company.
func createDiceRollV2(e *Emulator, c *call) (int, any) {
	var b diceRollBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	size, n := 10, 1
	if b.DiceSize != nil {
		size = *b.DiceSize
	}
	if b.NumDice != nil {
		n = *b.NumDice
	}
	if !slices.Contains(diceSizes, size) {
		return badEnum("dice_size", itoa(size))
	}
	traits, s, p, ok := e.resolveTraits(b.TraitIDs)
	if !ok {
		return s, p
	}
	if b.CampaignID != nil && e.st.campaigns.get(*b.CampaignID) == nil {
		return invalid("Campaign " + *b.CampaignID + " not found")
	}
	if b.CharacterID != nil && e.st.characters.get(*b.CharacterID) == nil {
		return invalid("Character " + *b.CharacterID + " not found")
	}
	res := score(e.roll(n, size), e.roll(b.NumDesperationDice, size), size, b.Difficulty)
	uid := c.acting.ID
	d := &diceRoll{
		meta: e.newMeta(), CompanyID: c.co.ID, UserID: &uid, CharacterID: b.CharacterID, CampaignID: b.CampaignID,
		Comment: trimmed(b.Comment), Difficulty: b.Difficulty, DiceSize: size, NumDice: n,
		NumDesperationDice: b.NumDesperationDice, TraitIDs: slices.Compact(traits), Result: &res,
	}
	e.st.rolls.add(d)
	return http.StatusCreated, d.wire2()
}

// rollQuickrollV2 follows contract v2 §3.12.4: any quickroll and any
// character (400s when unknown), the matched traits' dots make the pool,
// num_desperation_dice is honoured, difficulty defaults to 6 (null → 400).
func rollQuickrollV2(e *Emulator, c *call) (int, any) {
	var b quickrollRollBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(c.body, &raw)
	if f := firstMissing("quickroll_id", b.QuickrollID == nil, "character_id", b.CharacterID == nil); f != "" {
		return missingField(f)
	}
	if string(raw["difficulty"]) == "null" {
		return badField("difficulty", "Expected `int`, got `null`")
	}
	q, ch, pool, s, p := e.quickrollPool(&b)
	if q == nil {
		return s, p
	}
	difficulty := b.difficulty()
	comment := "Quick roll: " + q.Name
	if b.Comment != nil && *b.Comment != "" {
		comment = strings.TrimSpace(*b.Comment)
	}
	res := score(e.roll(pool, 10), e.roll(b.NumDesperationDice, 10), 10, &difficulty)
	uid, campaignID := c.acting.ID, ch.CampaignID
	d := &diceRoll{
		meta: e.newMeta(), CompanyID: c.co.ID, UserID: &uid, CharacterID: &ch.ID, CampaignID: &campaignID,
		Comment: &comment, Difficulty: &difficulty, DiceSize: 10, NumDice: pool,
		NumDesperationDice: b.NumDesperationDice, TraitIDs: slices.Clone(q.TraitIDs), Result: &res,
	}
	e.st.rolls.add(d)
	return http.StatusCreated, d.wire2()
}
