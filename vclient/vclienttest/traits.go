package vclienttest

import (
	"cmp"
	"net/http"
	"slices"
)

// trait is a blueprint trait.
type trait struct {
	meta
	Name               string
	Description        *string
	ParentCategoryName string
	ParentCategoryID   string
	SheetSectionName   string
	SheetSectionID     string
	MinValue, MaxValue int
}

type traitJSON struct {
	ID                    string   `json:"id"`
	DateCreated           string   `json:"date_created"`
	DateModified          string   `json:"date_modified"`
	Name                  string   `json:"name"`
	Description           *string  `json:"description"`
	Link                  *string  `json:"link"`
	CharacterClasses      []string `json:"character_classes"`
	GameVersions          []string `json:"game_versions"`
	ShowWhenZero          bool     `json:"show_when_zero"`
	MaxValue              int      `json:"max_value"`
	MinValue              int      `json:"min_value"`
	IsCustom              bool     `json:"is_custom"`
	InitialCost           int      `json:"initial_cost"`
	UpgradeCost           int      `json:"upgrade_cost"`
	SheetSectionName      string   `json:"sheet_section_name"`
	SheetSectionID        string   `json:"sheet_section_id"`
	ParentCategoryName    string   `json:"parent_category_name"`
	ParentCategoryID      string   `json:"parent_category_id"`
	CustomForCharacterID  *string  `json:"custom_for_character_id"`
	AdvantageCategoryID   *string  `json:"advantage_category_id"`
	AdvantageCategoryName *string  `json:"advantage_category_name"`
}

func (t *trait) wire() traitJSON {
	return traitJSON{
		ID: t.ID, DateCreated: wireTime(t.Created), DateModified: wireTime(t.Modified),
		Name: t.Name, Description: t.Description,
		CharacterClasses: []string{"VAMPIRE", "WEREWOLF", "MAGE", "HUNTER", "GHOUL", "MORTAL"},
		GameVersions:     []string{"V4", "V5"}, ShowWhenZero: true,
		MaxValue: t.MaxValue, MinValue: t.MinValue, InitialCost: 1, UpgradeCost: 2,
		SheetSectionName: t.SheetSectionName, SheetSectionID: t.SheetSectionID,
		ParentCategoryName: t.ParentCategoryName, ParentCategoryID: t.ParentCategoryID,
	}
}

// rawTraitJSON is the trait inside a CharacterTrait: the raw document, which
// keeps is_archived/archive_date.
type rawTraitJSON struct {
	traitJSON
	IsArchived  bool    `json:"is_archived"`
	ArchiveDate *string `json:"archive_date"`
}

// charTrait is a character's rating in a blueprint trait.
type charTrait struct {
	meta
	CharacterID string
	TraitID     string
	Value       int
}

type charTraitJSON struct {
	ID          string       `json:"id"`
	CharacterID string       `json:"character_id"`
	Value       int          `json:"value"`
	Trait       rawTraitJSON `json:"trait"`
}

func (e *Emulator) charTraitWire(ct *charTrait) charTraitJSON {
	t := e.st.traits.byID[ct.TraitID]
	return charTraitJSON{ct.ID, ct.CharacterID, ct.Value, rawTraitJSON{traitJSON: t.wire()}}
}

func getBlueprintTrait(e *Emulator, c *call) (int, any) {
	if s, p, ok := pathIDs(c, "trait_id"); !ok {
		return s, p
	}
	t := e.st.traits.get(c.p["trait_id"])
	if t == nil {
		return fail(http.StatusNotFound, "Trait not found")
	}
	return http.StatusOK, t.wire()
}

// listCharacterTraits checks only the character (in the company); sorted by
// trait.parent_category_id.
func listCharacterTraits(e *Emulator, c *call) (int, any) {
	if s, p, ok := pathIDs(c, "character_id"); !ok {
		return s, p
	}
	ch := e.st.characters.get(c.p["character_id"])
	if ch == nil || ch.CompanyID != c.co.ID {
		return fail(http.StatusNotFound, "Character not found")
	}
	cat := c.q.Get("parent_category_id")
	all := e.st.charTraits.live(func(ct *charTrait) bool {
		return ct.CharacterID == ch.ID && (cat == "" || e.st.traits.byID[ct.TraitID].ParentCategoryID == cat)
	})
	slices.SortStableFunc(all, func(a, b *charTrait) int {
		return cmp.Compare(e.st.traits.byID[a.TraitID].ParentCategoryID, e.st.traits.byID[b.TraitID].ParentCategoryID)
	})
	return listWith(c, all, e.charTraitWire)
}

// getCharacterTrait takes a CharacterTrait id (not checked against the
// character) or a blueprint Trait id (this character's rating in it).
func getCharacterTrait(e *Emulator, c *call) (int, any) {
	if s, p, ok := pathIDs(c, "character_trait_id"); !ok {
		return s, p
	}
	id := c.p["character_trait_id"]
	if ct := e.st.charTraits.get(id); ct != nil {
		return http.StatusOK, e.charTraitWire(ct)
	}
	if ct := e.characterTrait(c.p["character_id"], id); ct != nil {
		return http.StatusOK, e.charTraitWire(ct)
	}
	return fail(http.StatusNotFound, "Character trait not found")
}

// characterTrait is the character's live CharacterTrait for a blueprint trait.
func (e *Emulator) characterTrait(characterID, traitID string) *charTrait {
	for _, ct := range e.st.charTraits.live(nil) {
		if ct.CharacterID == characterID && ct.TraitID == traitID {
			return ct
		}
	}
	return nil
}
