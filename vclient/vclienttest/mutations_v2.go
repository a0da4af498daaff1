package vclienttest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// mayManageCampaign is user_can_manage_campaign (no active-user check).
func mayManageCampaign(c *call) bool {
	return c.co.Settings.PermissionManageCampaign != "STORYTELLER" || isStoryteller(c.acting)
}

// checkDangerDesperation applies the 0–5 validators.
func checkDangerDesperation(desperation, danger *int) (int, any) {
	for _, f := range []struct {
		name string
		v    *int
	}{{"desperation", desperation}, {"danger", danger}} {
		switch {
		case f.v == nil:
		case *f.v > 5:
			return ormFail(f.name, "Value should be less or equal to 5")
		case *f.v < 0:
			return ormFail(f.name, "Value should be greater or equal to 0")
		}
	}
	return 0, nil
}

func checkName(field string, v *string) (int, any) {
	if v == nil {
		return 0, nil
	}
	t := strings.TrimSpace(*v)
	if n := len([]rune(t)); n < 3 || n > 50 {
		return ormFail(field, lengthMessage(t, n))
	}
	return 0, nil
}

// createCampaignV2 is POST /campaigns: name required, danger and
// desperation default to 0.
func createCampaignV2(e *Emulator, c *call) (int, any) {
	if !mayManageCampaign(c) {
		return fail(http.StatusForbidden, "No rights to access this resource")
	}
	var b campaignPatch
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if b.Name == nil {
		return missingField("name")
	}
	if s, p := checkDangerDesperation(b.Desperation, b.Danger); p != nil {
		return s, p
	}
	if s, p := checkName("name", b.Name); p != nil {
		return s, p
	}
	camp := &campaign{meta: e.newMeta(), CompanyID: c.co.ID, Name: strings.TrimSpace(*b.Name)}
	if b.Description != nil {
		camp.Description = optional(strings.TrimSpace(*b.Description))
	}
	if b.Desperation != nil {
		camp.Desperation = *b.Desperation
	}
	if b.Danger != nil {
		camp.Danger = *b.Danger
	}
	e.st.campaigns.add(camp)
	return http.StatusCreated, e.campaignWire2(camp)
}

// deleteCampaignV2 archives the campaign and all its characters.
func deleteCampaignV2(e *Emulator, c *call) (int, any) {
	if !mayManageCampaign(c) {
		return fail(http.StatusForbidden, "No rights to access this resource")
	}
	camp, s, p := e.pathCampaign(c)
	if camp == nil {
		return s, p
	}
	camp.Archived = true
	for _, ch := range e.st.characters.live(func(ch *character) bool { return ch.CampaignID == camp.ID }) {
		ch.Archived = true
	}
	return http.StatusNoContent, nil
}

type characterBody struct {
	NameFirst      *string `json:"name_first"`
	NameLast       *string `json:"name_last"`
	NameNick       *string `json:"name_nick"`
	CharacterClass *string `json:"character_class"`
	GameVersion    *string `json:"game_version"`
	CampaignID     *string `json:"campaign_id"`
	Type           *string `json:"type"`
	Status         *string `json:"status"`
	UserPlayerID   *string `json:"user_player_id"`
}

var (
	characterClasses = []string{"VAMPIRE", "WEREWOLF", "MAGE", "HUNTER", "GHOUL", "MORTAL"}
	characterTypes   = []string{"PLAYER", "NPC", "STORYTELLER"}
)

// enums checks the enum fields that are present.
func (b *characterBody) enums() (int, any) {
	for _, f := range []struct {
		name  string
		v     *string
		allow []string
	}{
		{"character_class", b.CharacterClass, characterClasses}, {"game_version", b.GameVersion, []string{"V4", "V5"}},
		{"type", b.Type, characterTypes}, {"status", b.Status, []string{"ALIVE", "DEAD"}},
	} {
		if f.v != nil && !slices.Contains(f.allow, *f.v) {
			return badEnum(f.name, *f.v)
		}
	}
	return 0, nil
}

func createCharacterV2(e *Emulator, c *call) (int, any) {
	var b characterBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if f := firstMissing("name_first", b.NameFirst == nil, "name_last", b.NameLast == nil, "character_class", b.CharacterClass == nil,
		"game_version", b.GameVersion == nil, "campaign_id", b.CampaignID == nil); f != "" {
		return missingField(f)
	}
	if s, p := b.enums(); p != nil {
		return s, p
	}
	typ := "PLAYER"
	if b.Type != nil {
		typ = *b.Type
	}
	if typ == "STORYTELLER" && !isStoryteller(c.acting) {
		return fail(http.StatusForbidden, "No rights to access this resource")
	}
	if typ != "PLAYER" && b.UserPlayerID != nil {
		return invalid("NPC and STORYTELLER characters cannot have a player")
	}
	camp := e.st.campaigns.get(*b.CampaignID)
	if camp == nil || camp.CompanyID != c.co.ID {
		return fail(http.StatusNotFound, "Campaign not found")
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"name_first", b.NameFirst}, {"name_last", b.NameLast}} {
		if s, p := checkName(f.name, f.v); p != nil {
			return s, p
		}
	}
	ch := &character{meta: e.newMeta(), CompanyID: c.co.ID, CampaignID: camp.ID, NameFirst: strings.TrimSpace(*b.NameFirst),
		NameLast: strings.TrimSpace(*b.NameLast), NameNick: trimmed(b.NameNick), CharacterClass: *b.CharacterClass,
		GameVersion: *b.GameVersion, Type: typ, Status: "ALIVE", UserCreatorID: c.acting.ID}
	if typ == "PLAYER" {
		ch.UserPlayerID = c.acting.ID
		if b.UserPlayerID != nil {
			ch.UserPlayerID = *b.UserPlayerID
		}
	}
	e.st.characters.add(ch)
	return http.StatusCreated, e.characterWire2(ch, false)
}

// characterWriter adds user_character_player_or_storyteller_guard to the
// character access guard: the player, a storyteller, or (NPCs) anyone under
// permission_manage_npc = UNRESTRICTED.
func (e *Emulator) characterWriter(c *call) (*character, int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return nil, s, p
	}
	npcFree := ch.Type == "NPC" && orDefault(c.co.Settings.PermissionManageNPC, "UNRESTRICTED") == "UNRESTRICTED"
	if !isStoryteller(c.acting) && ch.UserPlayerID != c.acting.ID && !npcFree {
		s, p := fail(http.StatusForbidden, "No rights to access this resource")
		return nil, s, p
	}
	return ch, 0, nil
}

func patchCharacterV2(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterWriter(c)
	if ch == nil {
		return s, p
	}
	var b characterBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if s, p := b.enums(); p != nil {
		return s, p
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"name_first", b.NameFirst}, {"name_last", b.NameLast}} {
		if s, p := checkName(f.name, f.v); p != nil {
			return s, p
		}
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(c.body, &raw)
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&ch.NameFirst, b.NameFirst)
	set(&ch.NameLast, b.NameLast)
	set(&ch.CharacterClass, b.CharacterClass)
	set(&ch.GameVersion, b.GameVersion)
	set(&ch.Status, b.Status)
	if _, ok := raw["name_nick"]; ok {
		ch.NameNick = trimmed(b.NameNick)
	}
	e.touch(&ch.meta)
	return http.StatusOK, e.characterWire2(ch, false)
}

func deleteCharacterV2(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterWriter(c)
	if ch == nil {
		return s, p
	}
	ch.Archived = true
	return http.StatusNoContent, nil
}

// fullSheetCategory is one category of the full sheet.
func fullSheetCategory(e *Emulator, c *call) (int, any) {
	s, v := fullSheet(e, c)
	if s != http.StatusOK {
		return s, v
	}
	id := c.p["category_id"]
	for _, sec := range v.(map[string]any)["sections"].([]sheetSection) {
		for _, cat := range sec.Categories {
			if cat.ID == id {
				return http.StatusOK, cat
			}
		}
	}
	return fail(http.StatusNotFound, "Trait category not found")
}

// Character notes: R403 with the character guard, no ownership check.

func (e *Emulator) characterNote(c *call) (*note, int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return nil, s, p
	}
	if s, p, ok := pathIDs(c, "note_id"); !ok {
		return nil, s, p
	}
	n := e.st.notes.get(c.p["note_id"])
	if n == nil || n.CharacterID != ch.ID {
		s, p := fail(http.StatusNotFound, "Note not found")
		return nil, s, p
	}
	return n, 0, nil
}

func listCharacterNotes(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return s, p
	}
	return listWith(c, e.st.notes.live(func(n *note) bool { return n.CharacterID == ch.ID }), (*note).wire2)
}

func createCharacterNote(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return s, p
	}
	var b noteV2Body
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	return b.create(e, note{CompanyID: c.co.ID, CharacterID: ch.ID})
}

func getCharacterNote(e *Emulator, c *call) (int, any) { return noteAnswer(e.characterNote(c)) }

// patchCharacterNote checks access to the character before it reads the body (R403 first).
func patchCharacterNote(e *Emulator, c *call) (int, any) {
	n, s, p := e.characterNote(c)
	if n == nil {
		return s, p
	}
	var b noteV2Body
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	return b.patch(e, n)
}

func deleteCharacterNote(e *Emulator, c *call) (int, any) {
	return archiveNote(e.characterNote(c))
}
