package vclient

import (
	"context"
	"net/http"
)

// Trait is a blueprint trait (Strength, Firearms…).
type Trait struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Description        string `json:"description"`
	ParentCategoryName string `json:"parent_category_name"`
	ParentCategoryID   string `json:"parent_category_id"`
	SheetSectionName   string `json:"sheet_section_name"`
	MaxValue           int    `json:"max_value"`
	MinValue           int    `json:"min_value"`
}

// CharacterTrait is a character's rating (Value dots) in a blueprint Trait.
type CharacterTrait struct {
	ID          string `json:"id"`
	CharacterID string `json:"character_id"`
	Value       int    `json:"value"`
	Trait       Trait  `json:"trait"`
}

// CharacterTraitsService reads one character's traits.
// Paths are under /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/traits.
type CharacterTraitsService struct {
	c                                                *Client
	companyID, actingUserID, campaignID, characterID string
}

// CharacterTraits returns the trait service of a character; actingUserID fills {user_id}.
func (c *Client) CharacterTraits(companyID, actingUserID, campaignID, characterID string) *CharacterTraitsService {
	return &CharacterTraitsService{c: c, companyID: companyID, actingUserID: actingUserID,
		campaignID: campaignID, characterID: characterID}
}

func (s *CharacterTraitsService) base() string {
	return pathf("/companies/%s/users/%s/campaigns/%s/characters/%s/traits",
		s.companyID, s.actingUserID, s.campaignID, s.characterID)
}

func (s *CharacterTraitsService) check(pairs ...string) error {
	return requireIDs(append([]string{"company_id", s.companyID, "user_id", s.actingUserID,
		"campaign_id", s.campaignID, "character_id", s.characterID}, pairs...)...)
}

// GetPage returns one page of the character's traits, sorted by category.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/traits?limit&offset.
func (s *CharacterTraitsService) GetPage(ctx context.Context, opts *ListOptions) (*Page[CharacterTrait], error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	route := "GET /users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/traits"
	return getPage[CharacterTrait](ctx, s.c, route, s.base(), opts.values())
}

// ListAll returns every trait of the character, in pages of 100.
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/traits?limit=100&offset=….
func (s *CharacterTraitsService) ListAll(ctx context.Context) ([]CharacterTrait, error) {
	return collect(paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[CharacterTrait], error) {
		return s.GetPage(ctx, &o)
	}))
}

// Get returns a character trait by its CharacterTrait id, or this character's rating in a
// blueprint Trait id (such as a quickroll's trait ids).
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/traits/{character_trait_id}.
func (s *CharacterTraitsService) Get(ctx context.Context, traitID string) (*CharacterTrait, error) {
	if err := s.check("trait_id", traitID); err != nil {
		return nil, err
	}
	t := &CharacterTrait{}
	route := "GET /users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/traits/{character_trait_id}"
	return result(t, s.c.call(ctx, http.MethodGet, route, s.base()+pathf("/%s", traitID), nil, nil, t))
}

// BlueprintTraitsService reads a company's blueprint traits.
// Paths are under /api/v1/companies/{company_id}/characterblueprint/traits.
type BlueprintTraitsService struct {
	c         *Client
	companyID string
}

// BlueprintTraits returns the blueprint trait service of a company.
func (c *Client) BlueprintTraits(companyID string) *BlueprintTraitsService {
	return &BlueprintTraitsService{c: c, companyID: companyID}
}

// Get returns a blueprint trait (its name, with no character needed).
//
// It calls GET /api/v1/companies/{company_id}/characterblueprint/traits/{trait_id}.
func (s *BlueprintTraitsService) Get(ctx context.Context, traitID string) (*Trait, error) {
	if err := requireIDs("company_id", s.companyID, "trait_id", traitID); err != nil {
		return nil, err
	}
	t := &Trait{}
	path := pathf("/companies/%s/characterblueprint/traits/%s", s.companyID, traitID)
	return result(t, s.c.call(ctx, http.MethodGet, "GET /characterblueprint/traits/{trait_id}", path, nil, nil, t))
}
