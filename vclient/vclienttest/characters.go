package vclienttest

import (
	"net/http"
	"slices"
)

type character struct {
	meta
	CompanyID      string
	CampaignID     string
	NameFirst      string
	NameLast       string
	NameNick       *string
	CharacterClass string
	Type           string
	GameVersion    string
	Status         string
	UserCreatorID  string
	UserPlayerID   string
	TraitIDs       []string // CharacterTrait ids
}

type vampireJSON struct {
	ClanID     *string `json:"clan_id"`
	ClanName   *string `json:"clan_name"`
	Generation *int    `json:"generation"`
	Sire       *string `json:"sire"`
	Bane       any     `json:"bane"`
	Compulsion any     `json:"compulsion"`
}

type werewolfJSON struct {
	PackName    *string  `json:"pack_name"`
	TribeID     *string  `json:"tribe_id"`
	TribeName   *string  `json:"tribe_name"`
	AuspiceID   *string  `json:"auspice_id"`
	AuspiceName *string  `json:"auspice_name"`
	GiftIDs     []string `json:"gift_ids"`
	RiteIDs     []string `json:"rite_ids"`
	TotalRenown int      `json:"total_renown"`
}

type characterJSON struct {
	ID                 string       `json:"id"`
	DateCreated        string       `json:"date_created"`
	DateModified       string       `json:"date_modified"`
	DateKilled         *string      `json:"date_killed"`
	CharacterClass     string       `json:"character_class"`
	Type               string       `json:"type"`
	GameVersion        string       `json:"game_version"`
	Status             string       `json:"status"`
	StartingPoints     int          `json:"starting_points"`
	NameFirst          string       `json:"name_first"`
	NameLast           string       `json:"name_last"`
	NameNick           *string      `json:"name_nick"`
	Name               string       `json:"name"`
	NameFull           string       `json:"name_full"`
	Age                *int         `json:"age"`
	Biography          *string      `json:"biography"`
	Demeanor           *string      `json:"demeanor"`
	Nature             *string      `json:"nature"`
	ConceptID          *string      `json:"concept_id"`
	Specialties        []any        `json:"specialties"`
	UserCreatorID      string       `json:"user_creator_id"`
	UserPlayerID       string       `json:"user_player_id"`
	CompanyID          string       `json:"company_id"`
	CampaignID         string       `json:"campaign_id"`
	CharacterTraitIDs  []string     `json:"character_trait_ids"`
	AssetIDs           []string     `json:"asset_ids"`
	VampireAttributes  vampireJSON  `json:"vampire_attributes"`
	WerewolfAttributes werewolfJSON `json:"werewolf_attributes"`
	MageAttributes     any          `json:"mage_attributes"`
	HunterAttributes   any          `json:"hunter_attributes"`
}

func (ch *character) wire() characterJSON {
	name := ch.NameFirst + " " + ch.NameLast
	full := name
	if ch.NameNick != nil {
		full = ch.NameFirst + " '" + *ch.NameNick + "' " + ch.NameLast
	}
	return characterJSON{
		ID: ch.ID, DateCreated: wireTime(ch.Created), DateModified: wireTime(ch.Modified),
		CharacterClass: ch.CharacterClass, Type: ch.Type, GameVersion: ch.GameVersion, Status: ch.Status,
		NameFirst: ch.NameFirst, NameLast: ch.NameLast, NameNick: ch.NameNick, Name: name, NameFull: full,
		Specialties: []any{}, UserCreatorID: ch.UserCreatorID, UserPlayerID: ch.UserPlayerID,
		CompanyID: ch.CompanyID, CampaignID: ch.CampaignID,
		CharacterTraitIDs: nonNil(slices.Clone(ch.TraitIDs)), AssetIDs: []string{},
		WerewolfAttributes: werewolfJSON{GiftIDs: []string{}, RiteIDs: []string{}},
	}
}

// listCharacters: the campaign must be in the company; the user is not checked.
func listCharacters(e *Emulator, c *call) (int, any) {
	camp, s, p := e.pathCampaign(c)
	if camp == nil {
		return s, p
	}
	f := map[string]string{}
	for _, k := range []string{"user_player_id", "user_creator_id", "character_class", "character_type", "status"} {
		f[k] = c.q.Get(k)
	}
	match := func(want, got string) bool { return want == "" || want == got }
	all := e.st.characters.live(func(ch *character) bool {
		return ch.CampaignID == camp.ID && match(f["user_player_id"], ch.UserPlayerID) &&
			match(f["user_creator_id"], ch.UserCreatorID) && match(f["character_class"], ch.CharacterClass) &&
			match(f["character_type"], ch.Type) && match(f["status"], ch.Status)
	})
	return listWith(c, all, (*character).wire)
}

// pathCharacter is checked against the company, not the campaign.
func (e *Emulator) pathCharacter(c *call) (*character, int, any) {
	if s, p, ok := pathIDs(c, "character_id"); !ok {
		return nil, s, p
	}
	ch := e.st.characters.get(c.p["character_id"])
	if ch == nil || ch.CompanyID != c.co.ID {
		s, p := fail(http.StatusNotFound, "Character not found")
		return nil, s, p
	}
	return ch, 0, nil
}

func getCharacter(e *Emulator, c *call) (int, any) {
	ch, s, p := e.pathCharacter(c)
	if ch == nil {
		return s, p
	}
	return http.StatusOK, ch.wire()
}

// pathCampaign must be live and in the company.
func (e *Emulator) pathCampaign(c *call) (*campaign, int, any) {
	if s, p, ok := pathIDs(c, "campaign_id"); !ok {
		return nil, s, p
	}
	camp := e.st.campaigns.get(c.p["campaign_id"])
	if camp == nil || camp.CompanyID != c.co.ID {
		s, p := fail(http.StatusNotFound, "Campaign not found")
		return nil, s, p
	}
	return camp, 0, nil
}

// listCampaigns lists every campaign of the company; the path user is not checked.
func listCampaigns(e *Emulator, c *call) (int, any) {
	all := e.st.campaigns.live(func(camp *campaign) bool { return camp.CompanyID == c.co.ID })
	return listWith(c, all, (*campaign).wire)
}

func getCampaign(e *Emulator, c *call) (int, any) {
	camp, s, p := e.pathCampaign(c)
	if camp == nil {
		return s, p
	}
	return http.StatusOK, camp.wire()
}

// getCompany uses the same developer guard as the company-scoped routes.
func getCompany(e *Emulator, c *call) (int, any) {
	return e.handle(c, routeMatch{company: true, handler: func(_ *Emulator, c *call) (int, any) {
		return http.StatusOK, c.co.wire()
	}})
}

// listCompanies lists the companies the API key can access.
func listCompanies(e *Emulator, c *call) (int, any) {
	return listWith(c, e.st.companies.live(func(co *company) bool { return !co.NoAccess }), (*company).wire)
}
