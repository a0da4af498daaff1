package vclient

import (
	"context"
	"iter"
	"net/http"
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
	Type              string    `json:"type"`            // PLAYER, NPC, STORYTELLER, DEVELOPER
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
}

// CharacterListOptions pages a campaign's characters, optionally only those played by UserPlayerID.
type CharacterListOptions struct {
	ListOptions
	UserPlayerID string
}

// CharactersService reads the characters of one campaign.
// Paths are under /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters.
type CharactersService struct {
	c                                   *Client
	companyID, actingUserID, campaignID string
}

// Characters returns the character service of a campaign; actingUserID fills {user_id}.
func (c *Client) Characters(companyID, actingUserID, campaignID string) *CharactersService {
	return &CharactersService{c: c, companyID: companyID, actingUserID: actingUserID, campaignID: campaignID}
}

func (s *CharactersService) base() string {
	return pathf("/companies/%s/users/%s/campaigns/%s/characters", s.companyID, s.actingUserID, s.campaignID)
}

func (s *CharactersService) check(pairs ...string) error {
	return requireIDs(append([]string{"company_id", s.companyID, "user_id", s.actingUserID,
		"campaign_id", s.campaignID}, pairs...)...)
}

// GetPage returns one page of the campaign's characters, filtered by opts.UserPlayerID when set.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters?limit&offset&user_player_id.
func (s *CharactersService) GetPage(ctx context.Context, opts *CharacterListOptions) (*Page[Character], error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &CharacterListOptions{}
	}
	q := opts.values()
	if opts.UserPlayerID != "" {
		q.Set("user_player_id", opts.UserPlayerID)
	}
	return getPage[Character](ctx, s.c, "GET /users/{user_id}/campaigns/{campaign_id}/characters", s.base(), q)
}

// ListAll returns every character of the campaign played by userPlayerID ("" = everyone's).
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters?limit=100&offset=….
func (s *CharactersService) ListAll(ctx context.Context, userPlayerID string) ([]Character, error) {
	return collect(s.All(ctx, userPlayerID))
}

// All iterates over every character of the campaign played by userPlayerID ("" = everyone's).
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters?limit=100&offset=….
func (s *CharactersService) All(ctx context.Context, userPlayerID string) iter.Seq2[Character, error] {
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[Character], error) {
		return s.GetPage(ctx, &CharacterListOptions{ListOptions: o, UserPlayerID: userPlayerID})
	})
}

// Get returns a character.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters/{character_id}.
func (s *CharactersService) Get(ctx context.Context, characterID string) (*Character, error) {
	if err := s.check("character_id", characterID); err != nil {
		return nil, err
	}
	ch := &Character{}
	route := "GET /users/{user_id}/campaigns/{campaign_id}/characters/{character_id}"
	return result(ch, s.c.call(ctx, http.MethodGet, route, s.base()+pathf("/%s", characterID), nil, nil, ch))
}

// GetStatistics returns the dice statistics of a character's D10 rolls (numTopTraits 0 = 5).
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/statistics?num_top_traits=N.
func (s *CharactersService) GetStatistics(ctx context.Context, characterID string, numTopTraits int) (*RollStatistics, error) {
	if err := s.check("character_id", characterID); err != nil {
		return nil, err
	}
	route := "GET /users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/statistics"
	return getStatistics(ctx, s.c, route, s.base()+pathf("/%s/statistics", characterID), numTopTraits)
}
