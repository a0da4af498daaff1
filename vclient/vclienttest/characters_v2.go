package vclienttest

import (
	"net/http"
	"slices"
	"strings"
)

type characterV2JSON struct {
	ID                 string             `json:"id"`
	NameFirst          string             `json:"name_first"`
	NameLast           string             `json:"name_last"`
	NameNick           *string            `json:"name_nick"`
	Name               string             `json:"name"`
	NameFull           string             `json:"name_full"`
	CharacterClass     string             `json:"character_class"`
	Type               string             `json:"type"`
	GameVersion        string             `json:"game_version"`
	Status             string             `json:"status"`
	StartingPoints     int                `json:"starting_points"`
	Age                *int               `json:"age"`
	DateOfBirth        *string            `json:"date_of_birth"`
	Biography          *string            `json:"biography"`
	Demeanor           *string            `json:"demeanor"`
	Nature             *string            `json:"nature"`
	ConceptID          *string            `json:"concept_id"`
	ConceptName        *string            `json:"concept_name"`
	IsTemporary        bool               `json:"is_temporary"`
	DateKilled         *string            `json:"date_killed"`
	UserCreatorID      *string            `json:"user_creator_id"`
	UserPlayerID       *string            `json:"user_player_id"`
	CompanyID          string             `json:"company_id"`
	CampaignID         string             `json:"campaign_id"`
	NumInventoryItems  int                `json:"num_inventory_items"`
	NumNotes           int                `json:"num_notes"`
	NumAssets          int                `json:"num_assets"`
	Specialties        []any              `json:"specialties"`
	VampireAttributes  any                `json:"vampire_attributes"`
	WerewolfAttributes any                `json:"werewolf_attributes"`
	MageAttributes     any                `json:"mage_attributes"`
	HunterAttributes   any                `json:"hunter_attributes"`
	ChapterIDs         []string           `json:"chapter_ids"`
	DateCreated        string             `json:"date_created"`
	DateModified       string             `json:"date_modified"`
	Traits             *[]charTraitV2JSON `json:"traits,omitempty"`
	Inventory          *[]any             `json:"inventory,omitempty"`
	Notes              *[]noteV2JSON      `json:"notes,omitempty"`
	Assets             *[]assetV2JSON     `json:"assets,omitempty"`
}

// characterWire2 is v2's Character; withTraits adds the include=traits list.
func (e *Emulator) characterWire2(ch *character, withTraits bool) characterV2JSON {
	name := ch.NameFirst + " " + ch.NameLast
	full := name
	if ch.NameNick != nil {
		full = ch.NameFirst + " '" + *ch.NameNick + "' " + ch.NameLast
	}
	out := characterV2JSON{
		ID: ch.ID, NameFirst: ch.NameFirst, NameLast: ch.NameLast, NameNick: ch.NameNick, Name: name, NameFull: full,
		CharacterClass: ch.CharacterClass, Type: ch.Type, GameVersion: ch.GameVersion, Status: ch.Status,
		UserCreatorID: optional(ch.UserCreatorID), CompanyID: ch.CompanyID, CampaignID: ch.CampaignID,
		Specialties: []any{}, ChapterIDs: []string{},
		NumNotes:    len(e.st.notes.live(func(n *note) bool { return n.CharacterID == ch.ID })),
		DateCreated: wireTime2(ch.Created), DateModified: wireTime2(ch.Modified),
	}
	if ch.Type == "PLAYER" {
		out.UserPlayerID = optional(ch.UserPlayerID)
	}
	if ch.CharacterClass == "VAMPIRE" {
		out.VampireAttributes = map[string]any{"clan_id": nil, "clan_name": nil, "generation": nil, "sire": nil,
			"bane_name": nil, "bane_description": nil, "compulsion_name": nil, "compulsion_description": nil}
	}
	if withTraits {
		traits := []charTraitV2JSON{}
		for _, ct := range e.st.charTraits.live(func(ct *charTrait) bool { return ct.CharacterID == ch.ID }) {
			traits = append(traits, e.charTraitWire2(ct))
		}
		out.Traits = &traits
	}
	return out
}

var characterIncludes = []string{"traits", "inventory", "notes", "assets"}

// listCharactersV2 is company-wide, filtered by query; players never see
// STORYTELLER-type characters (removed from items and total).
func listCharactersV2(e *Emulator, c *call) (int, any) {
	f := map[string]string{}
	for _, k := range []string{"campaign_id", "user_player_id", "user_creator_id", "character_class", "character_type", "status", "is_temporary"} {
		f[k] = c.q.Get(k)
	}
	for _, k := range []string{"campaign_id", "user_player_id", "user_creator_id"} {
		if f[k] != "" && !isUUID(f[k]) {
			return badField(k, "Invalid UUID")
		}
	}
	if t := f["character_type"]; t != "" && !slices.Contains(characterTypes, t) {
		return badEnum("character_type", t)
	}
	temporary := f["is_temporary"] == "true" || f["is_temporary"] == "1"
	match := func(want, got string) bool { return want == "" || want == got }
	all := e.st.characters.live(func(ch *character) bool {
		return ch.CompanyID == c.co.ID && match(f["campaign_id"], ch.CampaignID) &&
			match(f["user_player_id"], ch.UserPlayerID) && match(f["user_creator_id"], ch.UserCreatorID) &&
			match(f["character_class"], ch.CharacterClass) && match(f["character_type"], ch.Type) &&
			match(f["status"], ch.Status) && !temporary &&
			(ch.Type != "STORYTELLER" || isStoryteller(c.acting))
	})
	slices.SortStableFunc(all, func(a, b *character) int {
		return strings.Compare(a.NameFirst+"\x00"+a.NameLast+"\x00"+a.ID, b.NameFirst+"\x00"+b.NameLast+"\x00"+b.ID)
	})
	return listWith(c, all, func(ch *character) characterV2JSON { return e.characterWire2(ch, false) })
}

// characterAccess is storyteller_character_access_guard: the character of
// the path, live and in the company (404 with the id as sent, quoted), and
// 403 for a STORYTELLER-type character unless the acting user is ST/ADMIN.
func (e *Emulator) characterAccess(c *call) (*character, int, any) {
	id := c.p["character_id"]
	var ch *character
	if isUUID(id) {
		ch = e.st.characters.get(id)
	}
	if ch == nil || ch.CompanyID != c.co.ID {
		s, p := fail(http.StatusNotFound, "Character '"+id+"' not found")
		return nil, s, p
	}
	if ch.Type == "STORYTELLER" && !isStoryteller(c.acting) {
		s, p := fail(http.StatusForbidden, "No rights to access this resource")
		return nil, s, p
	}
	return ch, 0, nil
}

func getCharacterV2(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return s, p
	}
	inc := c.q["include"]
	for _, i := range inc {
		if !slices.Contains(characterIncludes, i) {
			return badEnum("include", i)
		}
	}
	out := e.characterWire2(ch, slices.Contains(inc, "traits"))
	if slices.Contains(inc, "inventory") {
		out.Inventory = &[]any{}
	}
	if slices.Contains(inc, "notes") {
		notes := []noteV2JSON{}
		for _, n := range e.st.notes.live(func(n *note) bool { return n.CharacterID == ch.ID }) {
			notes = append(notes, n.wire2())
		}
		out.Notes = &notes
	}
	if slices.Contains(inc, "assets") {
		assets := []assetV2JSON{}
		for _, a := range e.st.assets.live(func(a *asset) bool { return a.CharacterID == ch.ID }) {
			assets = append(assets, a.wire2())
		}
		out.Assets = &assets
	}
	return http.StatusOK, out
}

func characterStatisticsV2(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return s, p
	}
	return e.statistics(c, func(d *diceRoll) bool { return d.CharacterID != nil && *d.CharacterID == ch.ID })
}

type campaignV2JSON struct {
	ID                       string  `json:"id"`
	Name                     string  `json:"name"`
	Description              *string `json:"description"`
	InGameDate               *string `json:"in_game_date"`
	Desperation              int     `json:"desperation"`
	Danger                   int     `json:"danger"`
	CompanyID                string  `json:"company_id"`
	NumBooks                 int     `json:"num_books"`
	NumChapters              int     `json:"num_chapters"`
	NumNotes                 int     `json:"num_notes"`
	NumPlayerCharacters      int     `json:"num_player_characters"`
	NumStorytellerCharacters int     `json:"num_storyteller_characters"`
	NumNPCCharacters         int     `json:"num_npc_characters"`
	DateCreated              string  `json:"date_created"`
	DateModified             string  `json:"date_modified"`
}

func (e *Emulator) campaignWire2(camp *campaign) campaignV2JSON {
	count := func(t string) int {
		return len(e.st.characters.live(func(ch *character) bool { return ch.CampaignID == camp.ID && ch.Type == t }))
	}
	return campaignV2JSON{ID: camp.ID, Name: camp.Name, Description: camp.Description, Desperation: camp.Desperation,
		Danger: camp.Danger, CompanyID: camp.CompanyID, NumPlayerCharacters: count("PLAYER"),
		NumStorytellerCharacters: count("STORYTELLER"), NumNPCCharacters: count("NPC"),
		DateCreated: wireTime2(camp.Created), DateModified: wireTime2(camp.Modified)}
}

// listCampaignsV2: the company's live campaigns ordered by name, then id.
func listCampaignsV2(e *Emulator, c *call) (int, any) {
	all := e.st.campaigns.live(func(camp *campaign) bool { return camp.CompanyID == c.co.ID })
	slices.SortStableFunc(all, func(a, b *campaign) int {
		return strings.Compare(a.Name+"\x00"+a.ID, b.Name+"\x00"+b.ID)
	})
	return listWith(c, all, e.campaignWire2)
}

func getCampaignV2(e *Emulator, c *call) (int, any) {
	camp, s, p := e.pathCampaign(c)
	if camp == nil {
		return s, p
	}
	return http.StatusOK, e.campaignWire2(camp)
}

type campaignPatch struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
	Desperation *int    `json:"desperation"`
	Danger      *int    `json:"danger"`
}

// patchCampaignV2: permission_manage_campaign (UNRESTRICTED: any resolvable
// user, no active check; STORYTELLER: ST/ADMIN), then the 0–5 validators.
func patchCampaignV2(e *Emulator, c *call) (int, any) {
	if !mayManageCampaign(c) {
		return fail(http.StatusForbidden, "No rights to access this resource")
	}
	camp, s, p := e.pathCampaign(c)
	if camp == nil {
		return s, p
	}
	var b campaignPatch
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if s, p := checkDangerDesperation(b.Desperation, b.Danger); p != nil {
		return s, p
	}
	if b.Name != nil {
		t := strings.TrimSpace(*b.Name)
		if n := len([]rune(t)); n < 3 || n > 50 {
			return ormFail("name", lengthMessage(t, n))
		}
		camp.Name = t
	}
	if b.Description != nil {
		camp.Description = optional(strings.TrimSpace(*b.Description))
	}
	if b.Desperation != nil {
		camp.Desperation = *b.Desperation
	}
	if b.Danger != nil {
		camp.Danger = *b.Danger
	}
	e.touch(&camp.meta)
	return http.StatusOK, e.campaignWire2(camp)
}

type companyV2JSON struct {
	ID                  string         `json:"id"`
	DateCreated         string         `json:"date_created"`
	DateModified        string         `json:"date_modified"`
	Name                string         `json:"name"`
	Description         *string        `json:"description"`
	Email               string         `json:"email"`
	ResourcesModifiedAt string         `json:"resources_modified_at"`
	NumCampaigns        int            `json:"num_campaigns"`
	NumUsers            int            `json:"num_users"`
	Settings            map[string]any `json:"settings"`
}

func (e *Emulator) companyWire2(co *company) companyV2JSON {
	s := co.Settings
	return companyV2JSON{ID: co.ID, DateCreated: wireTime2(co.Created), DateModified: wireTime2(co.Modified),
		Name: co.Name, Description: co.Description, Email: co.Email, ResourcesModifiedAt: wireTime2(co.Modified),
		NumCampaigns: len(e.st.campaigns.live(func(c *campaign) bool { return c.CompanyID == co.ID })),
		NumUsers:     len(e.st.users.live(func(u *user) bool { return u.CompanyID == co.ID })),
		Settings: map[string]any{"id": co.ID, "character_autogen_xp_cost": s.CharacterAutogenXPCost,
			"character_autogen_num_choices": s.CharacterAutogenNumChoices, "character_autogen_starting_points": 0,
			"permission_manage_campaign": s.PermissionManageCampaign, "permission_manage_npc": orDefault(s.PermissionManageNPC, "UNRESTRICTED"),
			"permission_grant_xp": s.PermissionGrantXP, "permission_free_trait_changes": s.PermissionFreeTraitChanges,
			"permission_recoup_xp": orDefault(s.PermissionRecoupXP, "DENIED")}}
}

func getCompanyV2(e *Emulator, c *call) (int, any) {
	return e.handle(c, routeMatch{company: true, handler: func(e *Emulator, c *call) (int, any) {
		return http.StatusOK, e.companyWire2(c.co)
	}})
}

func listCompaniesV2(e *Emulator, c *call) (int, any) {
	return listWith(c, e.st.companies.live(func(co *company) bool { return !co.NoAccess }), e.companyWire2)
}
