package vclienttest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"
)

type traitV2JSON struct {
	ID                       string   `json:"id"`
	Name                     string   `json:"name"`
	Description              *string  `json:"description"`
	CharacterClasses         []string `json:"character_classes"`
	GameVersions             []string `json:"game_versions"`
	Link                     *string  `json:"link"`
	ShowWhenZero             bool     `json:"show_when_zero"`
	MaxValue                 int      `json:"max_value"`
	MinValue                 int      `json:"min_value"`
	InitialCost              int      `json:"initial_cost"`
	UpgradeCost              int      `json:"upgrade_cost"`
	CountBasedCostMultiplier *int     `json:"count_based_cost_multiplier"`
	IsRollable               bool     `json:"is_rollable"`
	SheetSectionID           string   `json:"sheet_section_id"`
	SheetSectionName         string   `json:"sheet_section_name"`
	CategoryID               string   `json:"category_id"`
	CategoryName             string   `json:"category_name"`
	CustomForCharacterID     *string  `json:"custom_for_character_id"`
	SubcategoryID            *string  `json:"subcategory_id"`
	SubcategoryName          *string  `json:"subcategory_name"`
	Pool                     *string  `json:"pool"`
	OpposingPool             *string  `json:"opposing_pool"`
	System                   *string  `json:"system"`
	GiftAttributes           any      `json:"gift_attributes"`
	Powers                   []any    `json:"powers"`
	DateCreated              string   `json:"date_created"`
	DateModified             string   `json:"date_modified"`
}

// Blueprint costs: dot 1 costs initialCost, dot n > 1 costs n × upgradeCost.
const initialCost, upgradeCost = 1, 2

func (t *trait) wire2() traitV2JSON {
	return traitV2JSON{
		ID: t.ID, Name: t.Name, Description: t.Description,
		CharacterClasses: []string{"VAMPIRE", "WEREWOLF", "MAGE", "HUNTER", "GHOUL", "MORTAL"},
		GameVersions:     []string{"V4", "V5"}, ShowWhenZero: true, MaxValue: t.MaxValue, MinValue: t.MinValue,
		InitialCost: initialCost, UpgradeCost: upgradeCost, IsRollable: true,
		SheetSectionID: t.SheetSectionID, SheetSectionName: t.SheetSectionName,
		CategoryID: t.ParentCategoryID, CategoryName: t.ParentCategoryName, Powers: []any{},
		DateCreated: wireTime2(t.Created), DateModified: wireTime2(t.Modified),
	}
}

// charTraitV2JSON's dates are isoformat() strings (+00:00), unlike the rest.
type charTraitV2JSON struct {
	ID           string      `json:"id"`
	CharacterID  string      `json:"character_id"`
	Value        int         `json:"value"`
	Trait        traitV2JSON `json:"trait"`
	DateCreated  string      `json:"date_created"`
	DateModified string      `json:"date_modified"`
}

func (e *Emulator) charTraitWire2(ct *charTrait) charTraitV2JSON {
	return charTraitV2JSON{ct.ID, ct.CharacterID, ct.Value, e.st.traits.byID[ct.TraitID].wire2(),
		isoTime2(ct.Created), isoTime2(ct.Modified)}
}

func getBlueprintTraitV2(e *Emulator, c *call) (int, any) {
	if s, p, ok := pathIDs(c, "trait_id"); !ok {
		return s, p
	}
	t := e.st.traits.get(c.p["trait_id"])
	if t == nil {
		return fail(http.StatusNotFound, "Trait not found")
	}
	return http.StatusOK, t.wire2()
}

// listBlueprintTraitsV2 pages the catalogue by name (limit up to 1000).
func listBlueprintTraitsV2(e *Emulator, c *call) (int, any) {
	limit, offset := 10, 0
	if s := c.q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 1000 {
			return badField("limit", "Expected `int` <= 1000")
		}
		limit = n
	}
	if s := c.q.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return badField("offset", "Expected `int` >= 0")
		}
		offset = n
	}
	all := e.st.traits.live(nil)
	slices.SortStableFunc(all, func(a, b *trait) int { return cmp.Compare(a.Name, b.Name) })
	return pageOf(all, limit, offset, (*trait).wire2)
}

func listCharacterTraitsV2(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return s, p
	}
	cat := c.q.Get("category_id")
	all := e.st.charTraits.live(func(ct *charTrait) bool {
		return ct.CharacterID == ch.ID && (cat == "" || e.st.traits.byID[ct.TraitID].ParentCategoryID == cat)
	})
	slices.SortStableFunc(all, func(a, b *charTrait) int {
		return cmp.Compare(e.st.traits.byID[a.TraitID].ParentCategoryID, e.st.traits.byID[b.TraitID].ParentCategoryID)
	})
	return listWith(c, all, e.charTraitWire2)
}

// characterTraitOf is the path CharacterTrait, which must belong to the
// path character (a blueprint Trait id is 404 in v2).
func (e *Emulator) characterTraitOf(c *call) (*character, *charTrait, int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return nil, nil, s, p
	}
	if s, p, ok := pathIDs(c, "character_trait_id"); !ok {
		return nil, nil, s, p
	}
	ct := e.st.charTraits.get(c.p["character_trait_id"])
	if ct == nil || ct.CharacterID != ch.ID {
		s, p := fail(http.StatusNotFound, "Character trait not found")
		return nil, nil, s, p
	}
	return ch, ct, 0, nil
}

func getCharacterTraitV2(e *Emulator, c *call) (int, any) {
	_, ct, s, p := e.characterTraitOf(c)
	if ct == nil {
		return s, p
	}
	return http.StatusOK, e.charTraitWire2(ct)
}

// dotCost is the XP cost of raising a trait from one value to the next.
func dotCost(dot int) int {
	if dot == 1 {
		return initialCost
	}
	return dot * upgradeCost
}

// costBetween is the XP of moving between two values (either direction).
func costBetween(from, to int) int {
	lo, hi := min(from, to), max(from, to)
	n := 0
	for d := lo + 1; d <= hi; d++ {
		n += dotCost(d)
	}
	return n
}

// playerXP is the character's player's entry in the character's campaign
// (get-or-create), or nil for NPC/STORYTELLER characters.
func (e *Emulator) playerXP(ch *character) *experience {
	if ch.Type != "PLAYER" {
		return nil
	}
	u := e.st.users.get(ch.UserPlayerID)
	if u == nil {
		return nil
	}
	return e.experienceOf(u, ch.CampaignID)
}

type valueOption struct {
	Direction            string `json:"direction"`
	PointChange          int    `json:"point_change"`
	CanUseXP             bool   `json:"can_use_xp"`
	XPAfter              int    `json:"xp_after"`
	CanUseStartingPoints bool   `json:"can_use_starting_points"`
	StartingPointsAfter  int    `json:"starting_points_after"`
}

type valueOptions struct {
	Name                  string                 `json:"name"`
	CurrentValue          int                    `json:"current_value"`
	Trait                 traitV2JSON            `json:"trait"`
	XPCurrent             int                    `json:"xp_current"`
	StartingPointsCurrent int                    `json:"starting_points_current"`
	Options               map[string]valueOption `json:"options"`
}

// traitValueOptions lists every reachable value (and "DELETE" = 0) with its
// XP cost; can_use_xp only means "can afford it".
func traitValueOptions(e *Emulator, c *call) (int, any) {
	ch, ct, s, p := e.characterTraitOf(c)
	if ct == nil {
		return s, p
	}
	t := e.st.traits.byID[ct.TraitID]
	xp := 0
	if x := e.playerXP(ch); x != nil {
		xp = x.XPCurrent
	}
	out := valueOptions{Name: t.Name, CurrentValue: ct.Value, Trait: t.wire2(), XPCurrent: xp, Options: map[string]valueOption{}}
	option := func(target int) valueOption {
		cost := costBetween(ct.Value, target)
		o := valueOption{Direction: "increase", PointChange: cost}
		after := xp - cost
		if target < ct.Value {
			o.Direction, after = "decrease", xp+cost
		}
		o.XPAfter = after
		o.CanUseXP = ch.Type == "PLAYER" && after >= 0
		o.StartingPointsAfter = -cost
		if target < ct.Value {
			o.StartingPointsAfter = cost
		}
		return o
	}
	for v := t.MinValue; v <= t.MaxValue; v++ {
		if v != ct.Value {
			out.Options[strconv.Itoa(v)] = option(v)
		}
	}
	out.Options["DELETE"] = option(0)
	return http.StatusOK, out
}

type traitValueBody struct {
	TargetValue *int    `json:"target_value"`
	Currency    *string `json:"currency"`
}

// putTraitValue follows the server's order of checks (contract v2 §3.10).
func putTraitValue(e *Emulator, c *call) (int, any) {
	ch, ct, s, p := e.characterTraitOf(c)
	if ct == nil {
		return s, p
	}
	var b traitValueBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if f := firstMissing("target_value", b.TargetValue == nil, "currency", b.Currency == nil); f != "" {
		return missingField(f)
	}
	cur, target := *b.Currency, *b.TargetValue
	if !slices.Contains([]string{"NO_COST", "XP", "STARTING_POINTS"}, cur) {
		return badEnum("currency", cur)
	}
	settings := c.co.Settings
	acting := c.acting
	switch {
	case ch.Type != "PLAYER" && cur != "NO_COST":
		return invalid("NPC and STORYTELLER characters only support NO_COST trait changes")
	case target == ct.Value:
		return http.StatusOK, e.charTraitWire2(ct)
	case cur == "XP" && target < ct.Value && orDefault(settings.PermissionRecoupXP, "DENIED") != "UNRESTRICTED":
		return fail(http.StatusForbidden, "Lowering trait values is not permitted. ")
	case !isStoryteller(acting) && !(ch.Type == "PLAYER" && ch.UserPlayerID == acting.ID) &&
		!(ch.Type == "NPC" && orDefault(settings.PermissionManageNPC, "UNRESTRICTED") == "UNRESTRICTED"):
		return fail(http.StatusForbidden, "User does not own this character")
	case cur == "NO_COST" && !e.freeChangeAllowed(ch, acting, settings.PermissionFreeTraitChanges):
		return fail(http.StatusForbidden, "No rights to access this resource")
	}
	t := e.st.traits.byID[ct.TraitID]
	if target > t.MaxValue {
		return invalid("Trait can not be raised above max value of " + strconv.Itoa(t.MaxValue))
	}
	if target < t.MinValue {
		return invalid("Trait can not be lowered below min value of " + strconv.Itoa(t.MinValue))
	}
	switch cur {
	case "XP":
		x := e.playerXP(ch)
		cost := costBetween(ct.Value, target)
		if target > ct.Value {
			if x.XPCurrent < cost {
				return fail(http.StatusBadRequest, notEnoughXP)
			}
			x.XPCurrent -= cost
		} else {
			x.XPCurrent += cost
		}
	case "STARTING_POINTS":
		if target > ct.Value {
			return fail(http.StatusBadRequest, "Not enough starting points")
		}
	}
	ct.Value = target
	e.touch(&ct.meta)
	return http.StatusOK, e.charTraitWire2(ct)
}

// freeChangeAllowed is permission_free_trait_changes for NO_COST changes.
func (e *Emulator) freeChangeAllowed(ch *character, acting *user, setting string) bool {
	switch {
	case isStoryteller(acting), ch.Type != "PLAYER", setting == "" || setting == "UNRESTRICTED":
		return true
	case setting == "WITHIN_24_HOURS":
		return e.now().Sub(ch.Created) < 24*time.Hour
	}
	return false
}

type sheetTrait struct {
	ID          string      `json:"id"`
	Value       int         `json:"value"`
	CharacterID string      `json:"character_id"`
	Trait       traitV2JSON `json:"trait"`
}

type sheetCategory struct {
	ID              string        `json:"id"`
	Name            string        `json:"name"`
	Description     *string       `json:"description"`
	InitialCost     int           `json:"initial_cost"`
	UpgradeCost     int           `json:"upgrade_cost"`
	ShowWhenEmpty   bool          `json:"show_when_empty"`
	Order           int           `json:"order"`
	Subcategories   []any         `json:"subcategories"`
	CharacterTraits []sheetTrait  `json:"character_traits"`
	AvailableTraits []traitV2JSON `json:"available_traits"`
}

type sheetSection struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Description   *string         `json:"description"`
	Order         int             `json:"order"`
	ShowWhenEmpty bool            `json:"show_when_empty"`
	Categories    []sheetCategory `json:"categories"`
}

// fullSheet groups every blueprint trait's section and category (in the
// order they were first seeded) with the character's ratings in them.
func fullSheet(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return s, p
	}
	available := c.q.Get("include_available_traits") == "true"
	var sections []sheetSection
	secIdx, catIdx := map[string]int{}, map[string][2]int{}
	for _, t := range e.st.traits.live(nil) {
		si, ok := secIdx[t.SheetSectionID]
		if !ok {
			si = len(sections)
			secIdx[t.SheetSectionID] = si
			sections = append(sections, sheetSection{ID: t.SheetSectionID, Name: t.SheetSectionName, Order: si, ShowWhenEmpty: true, Categories: []sheetCategory{}})
		}
		ci, ok := catIdx[t.ParentCategoryID]
		if !ok {
			ci = [2]int{si, len(sections[si].Categories)}
			catIdx[t.ParentCategoryID] = ci
			sections[si].Categories = append(sections[si].Categories, sheetCategory{ID: t.ParentCategoryID, Name: t.ParentCategoryName,
				InitialCost: initialCost, UpgradeCost: upgradeCost, ShowWhenEmpty: true, Order: ci[1],
				Subcategories: []any{}, CharacterTraits: []sheetTrait{}, AvailableTraits: []traitV2JSON{}})
		}
		cat := &sections[ci[0]].Categories[ci[1]]
		if ct := e.characterTrait(ch.ID, t.ID); ct != nil {
			cat.CharacterTraits = append(cat.CharacterTraits, sheetTrait{ct.ID, ct.Value, ch.ID, t.wire2()})
		} else if available {
			cat.AvailableTraits = append(cat.AvailableTraits, t.wire2())
		}
	}
	return http.StatusOK, map[string]any{"sections": nonNil(sections), "character": json.RawMessage(marshal(e.characterWire2(ch, false)))}
}
