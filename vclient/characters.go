package vclient

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// Character is a character sheet's identity (the fields the bot needs; the rest of the sheet is
// kept raw in Extra).
type Character struct {
	ID                string    `json:"id"`
	Name              string    `json:"name"`      // "first last"
	NameFull          string    `json:"name_full"` // "first 'nick' last"
	NameFirst         string    `json:"name_first"`
	NameLast          string    `json:"name_last"`
	NameNick          string    `json:"name_nick"`
	CharacterClass    string    `json:"character_class"` // VAMPIRE, WEREWOLF, MAGE, HUNTER, GHOUL, MORTAL
	Type              string    `json:"type"`            // PLAYER, NPC, STORYTELLER (v1 also DEVELOPER)
	GameVersion       string    `json:"game_version"`    // V4, V5
	Status            string    `json:"status"`          // ALIVE, DEAD
	UserCreatorID     string    `json:"user_creator_id"`
	UserPlayerID      string    `json:"user_player_id"`
	CompanyID         string    `json:"company_id"`
	CampaignID        string    `json:"campaign_id"`
	CharacterTraitIDs []string  `json:"character_trait_ids"`
	AssetIDs          []string  `json:"asset_ids"`
	Age               *int      `json:"age"`
	Biography         string    `json:"biography"`
	ConceptID         string    `json:"concept_id"`
	DateKilled        time.Time `json:"date_killed"`
	DateCreated       time.Time `json:"date_created"`
	DateModified      time.Time `json:"date_modified"`

	// Traits is every trait of the character, present only from GetWithTraits (v2).
	Traits []CharacterTrait `json:"traits,omitempty"`
}

// CharacterListOptions pages characters, optionally only those played by UserPlayerID.
type CharacterListOptions struct {
	ListOptions
	UserPlayerID string
}

// CharactersService reads characters: one campaign's, or (v2, campaign "") the whole company's.
// Paths are under /api/v1/companies/{company_id}/characters (v2, campaign_id a query filter) or,
// in v1, /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters with
// the acting user as {user_id}.
type CharactersService struct {
	c                     *Client
	companyID, campaignID string
}

// Characters returns the character service of a campaign (v2: campaignID "" = every character
// of the company). Every call needs an acting user: call it on a view made by OnBehalfOf.
func (c *Client) Characters(companyID, campaignID string) *CharactersService {
	return &CharactersService{c: c, companyID: companyID, campaignID: campaignID}
}

// base is the characters path and the route prefix of the client's dialect.
func (s *CharactersService) base() (path, route string) {
	if s.c.v2() {
		return pathf("/companies/%s/characters", s.companyID), "/characters"
	}
	return pathf("/companies/%s/users/%s/campaigns/%s/characters", s.companyID, s.c.acting, s.campaignID),
		"/users/{user_id}/campaigns/{campaign_id}/characters"
}

func (s *CharactersService) check(pairs ...string) error {
	ids := []string{"company_id", s.companyID}
	if !s.c.v2() {
		ids = append(ids, "campaign_id", s.campaignID)
	}
	return firstErr(requireIDs(append(ids, pairs...)...), s.c.requireActing("user_id"))
}

// GetPage returns one page of the characters, filtered by opts.UserPlayerID when set.
//
// It calls GET /api/v1/companies/{company_id}/characters?campaign_id&user_player_id&limit&offset
// (v1: …/users/{user_id}/campaigns/{campaign_id}/characters?user_player_id&limit&offset).
func (s *CharactersService) GetPage(ctx context.Context, opts *CharacterListOptions) (*Page[Character], error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &CharacterListOptions{}
	}
	q := opts.values()
	if s.c.v2() && s.campaignID != "" {
		q.Set("campaign_id", s.campaignID)
	}
	if opts.UserPlayerID != "" {
		q.Set("user_player_id", opts.UserPlayerID)
	}
	path, route := s.base()
	return getPage[Character](ctx, s.c, "GET "+route, path, q)
}

// ListAll returns every character played by userPlayerID ("" = everyone's).
//
// It pages through GET /api/v1/companies/{company_id}/characters?limit=100&offset=….
func (s *CharactersService) ListAll(ctx context.Context, userPlayerID string) ([]Character, error) {
	return collect(s.All(ctx, userPlayerID))
}

// All iterates over every character played by userPlayerID ("" = everyone's).
//
// It pages through GET /api/v1/companies/{company_id}/characters?limit=100&offset=….
func (s *CharactersService) All(ctx context.Context, userPlayerID string) iter.Seq2[Character, error] {
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[Character], error) {
		return s.GetPage(ctx, &CharacterListOptions{ListOptions: o, UserPlayerID: userPlayerID})
	})
}

// Get returns a character.
//
// It calls GET /api/v1/companies/{company_id}/characters/{character_id}.
func (s *CharactersService) Get(ctx context.Context, characterID string) (*Character, error) {
	return s.get(ctx, characterID, nil)
}

// GetWithTraits returns a character with all its traits (names and dots) in Traits (v2).
//
// It calls GET /api/v1/companies/{company_id}/characters/{character_id}?include=traits.
func (s *CharactersService) GetWithTraits(ctx context.Context, characterID string) (*Character, error) {
	if err := s.c.onlyV2("get character with traits"); err != nil {
		return nil, err
	}
	return s.get(ctx, characterID, url.Values{"include": {"traits"}})
}

func (s *CharactersService) get(ctx context.Context, characterID string, q url.Values) (*Character, error) {
	if err := s.check("character_id", characterID); err != nil {
		return nil, err
	}
	path, route := s.base()
	ch := &Character{}
	return result(ch, s.c.call(ctx, http.MethodGet, "GET "+route+"/{character_id}", path+pathf("/%s", characterID), q, nil, ch))
}

// GetStatistics returns the dice statistics of a character's D10 rolls (numTopTraits 0 = 5).
//
// It calls GET /api/v1/companies/{company_id}/characters/{character_id}/statistics?num_top_traits=N.
func (s *CharactersService) GetStatistics(ctx context.Context, characterID string, numTopTraits int) (*RollStatistics, error) {
	if err := s.check("character_id", characterID); err != nil {
		return nil, err
	}
	path, route := s.base()
	return getStatistics(ctx, s.c, "GET "+route+"/{character_id}/statistics", path+pathf("/%s/statistics", characterID), numTopTraits)
}

// FullSheet returns a character's whole sheet: every section, category and subcategory of its
// class and game version, with the character's traits in place (v2).
//
// It calls GET /api/v1/companies/{company_id}/characters/{character_id}/full-sheet.
func (s *CharactersService) FullSheet(ctx context.Context, characterID string) (*FullSheet, error) {
	if err := s.c.onlyV2("full sheet"); err != nil {
		return nil, err
	}
	if err := s.check("character_id", characterID); err != nil {
		return nil, err
	}
	path, _ := s.base()
	fs := &FullSheet{}
	route := "GET /characters/{character_id}/full-sheet"
	return result(fs, s.c.call(ctx, http.MethodGet, route, path+pathf("/%s/full-sheet", characterID), nil, nil, fs))
}

// FullSheet is a character's sheet laid out as the web app shows it (v2).
type FullSheet struct {
	Sections  []SheetSection `json:"sections"`
	Character Character      `json:"character"`
}

// SheetSection is a part of the sheet (Attributes, Abilities…), in Order.
type SheetSection struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Description   string          `json:"description"`
	Order         int             `json:"order"`
	ShowWhenEmpty bool            `json:"show_when_empty"`
	Categories    []SheetCategory `json:"categories"`
}

// SheetCategory is a trait category of a section (Physical, Skills…) with its traits.
type SheetCategory struct {
	ID              string             `json:"id"`
	Name            string             `json:"name"`
	Description     string             `json:"description"`
	InitialCost     int                `json:"initial_cost"`
	UpgradeCost     int                `json:"upgrade_cost"`
	ShowWhenEmpty   bool               `json:"show_when_empty"`
	Order           int                `json:"order"`
	Subcategories   []SheetSubcategory `json:"subcategories"`
	CharacterTraits []CharacterTrait   `json:"character_traits"`
	AvailableTraits []Trait            `json:"available_traits"`
}

// SheetSubcategory groups traits inside a category (a discipline's powers…).
type SheetSubcategory struct {
	ID              string           `json:"id"`
	Name            string           `json:"name"`
	Description     string           `json:"description"`
	InitialCost     int              `json:"initial_cost"`
	UpgradeCost     int              `json:"upgrade_cost"`
	ShowWhenEmpty   bool             `json:"show_when_empty"`
	RequiresParent  bool             `json:"requires_parent"`
	Pool            string           `json:"pool"`
	System          string           `json:"system"`
	HunterEdgeType  string           `json:"hunter_edge_type"`
	CharacterTraits []CharacterTrait `json:"character_traits"`
	AvailableTraits []Trait          `json:"available_traits"`
}
