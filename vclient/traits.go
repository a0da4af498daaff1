package vclient

import (
	"context"
	"net/http"
	"time"
)

// Trait is a blueprint trait (Strength, Firearms…).
type Trait struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Description        string `json:"description"`
	ParentCategoryName string `json:"parent_category_name"`
	ParentCategoryID   string `json:"parent_category_id"`
	SheetSectionName   string `json:"sheet_section_name"`
	CategoryName       string `json:"category_name,omitempty"` // v2
	CategoryID         string `json:"category_id,omitempty"`   // v2
	IsRollable         bool   `json:"is_rollable,omitempty"`   // v2
	MaxValue           int    `json:"max_value"`
	MinValue           int    `json:"min_value"`
	// XP costs (v2): dot 1 costs InitialCost, dot n > 1 costs n × UpgradeCost.
	InitialCost int `json:"initial_cost,omitempty"`
	UpgradeCost int `json:"upgrade_cost,omitempty"`
}

// DotCost is the XP a trait's dot costs by the contract's rule (v2 §3.10), or 0 when the API
// sent no costs. Count-based traits are priced differently: ask ValueOptions for the truth.
func (t Trait) DotCost(dot int) int {
	if dot == 1 {
		return t.InitialCost
	}
	return dot * t.UpgradeCost
}

// CharacterTrait is a character's rating (Value dots) in a blueprint Trait.
type CharacterTrait struct {
	ID          string `json:"id"`
	CharacterID string `json:"character_id"`
	Value       int    `json:"value"`
	Trait       Trait  `json:"trait"`
	// v2 only; written with a "+00:00" offset instead of "Z".
	DateCreated  time.Time `json:"date_created,omitzero"`
	DateModified time.Time `json:"date_modified,omitzero"`
}

// CharacterTraitsService reads one character's traits and (v2) changes their values.
// Paths are under /api/v1/companies/{company_id}/characters/{character_id}/traits (v2) or, in v1,
// /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/traits
// with the acting user as {user_id}.
type CharacterTraitsService struct {
	c                                  *Client
	companyID, campaignID, characterID string
}

// CharacterTraits returns the trait service of a character (campaignID is used by v1 only).
// Every call needs an acting user: call it on a view made by OnBehalfOf.
func (c *Client) CharacterTraits(companyID, campaignID, characterID string) *CharacterTraitsService {
	return &CharacterTraitsService{c: c, companyID: companyID, campaignID: campaignID, characterID: characterID}
}

// base is the traits path and the route prefix of the client's dialect.
func (s *CharacterTraitsService) base() (path, route string) {
	if s.c.v2() {
		return pathf("/companies/%s/characters/%s/traits", s.companyID, s.characterID),
			"/characters/{character_id}/traits"
	}
	return pathf("/companies/%s/users/%s/campaigns/%s/characters/%s/traits",
			s.companyID, s.c.acting, s.campaignID, s.characterID),
		"/users/{user_id}/campaigns/{campaign_id}/characters/{character_id}/traits"
}

func (s *CharacterTraitsService) check(pairs ...string) error {
	ids := []string{"company_id", s.companyID}
	if !s.c.v2() {
		ids = append(ids, "campaign_id", s.campaignID)
	}
	ids = append(ids, "character_id", s.characterID)
	return firstErr(requireIDs(append(ids, pairs...)...), s.c.requireActing("user_id"))
}

// GetPage returns one page of the character's traits, sorted by category.
//
// It calls GET /api/v1/companies/{company_id}/characters/{character_id}/traits?limit&offset.
func (s *CharacterTraitsService) GetPage(ctx context.Context, opts *ListOptions) (*Page[CharacterTrait], error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	path, route := s.base()
	return getPage[CharacterTrait](ctx, s.c, "GET "+route, path, opts.values())
}

// ListAll returns every trait of the character, in pages of 100.
//
// It pages through GET /api/v1/companies/{company_id}/characters/{character_id}/traits?limit=100&offset=….
func (s *CharacterTraitsService) ListAll(ctx context.Context) ([]CharacterTrait, error) {
	return collect(paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[CharacterTrait], error) {
		return s.GetPage(ctx, &o)
	}))
}

// Get returns a character trait by its CharacterTrait id (v1 also accepts this character's
// rating in a blueprint Trait id, such as a quickroll's trait ids; v2 answers 404 to those).
//
// It calls GET /api/v1/companies/{company_id}/characters/{character_id}/traits/{character_trait_id}.
func (s *CharacterTraitsService) Get(ctx context.Context, traitID string) (*CharacterTrait, error) {
	if err := s.check("trait_id", traitID); err != nil {
		return nil, err
	}
	path, route := s.base()
	t := &CharacterTrait{}
	return result(t, s.c.call(ctx, http.MethodGet, "GET "+route+"/{character_trait_id}", path+pathf("/%s", traitID), nil, nil, t))
}

// ValueOptions returns what each reachable value of a character trait would cost (v2). Read it
// before PutValue: a PUT the player cannot afford or may not make is refused.
//
// It calls GET /api/v1/companies/{company_id}/characters/{character_id}/traits/{character_trait_id}/value-options.
func (s *CharacterTraitsService) ValueOptions(ctx context.Context, characterTraitID string) (*TraitValueOptions, error) {
	if err := s.c.onlyV2("trait value options"); err != nil {
		return nil, err
	}
	if err := s.check("character_trait_id", characterTraitID); err != nil {
		return nil, err
	}
	path, _ := s.base()
	o := &TraitValueOptions{}
	route := "GET /characters/{character_id}/traits/{character_trait_id}/value-options"
	return result(o, s.c.call(ctx, http.MethodGet, route, path+pathf("/%s/value-options", characterTraitID), nil, nil, o))
}

// PutValue sets a character trait to req.TargetValue, paid in req.Currency (v2). XP comes from
// the character's player in the character's campaign, not from the acting user.
//
// It calls PUT /api/v1/companies/{company_id}/characters/{character_id}/traits/{character_trait_id}/value.
func (s *CharacterTraitsService) PutValue(ctx context.Context, characterTraitID string, req *TraitValueUpdate) (*CharacterTrait, error) {
	if err := s.c.onlyV2("put trait value"); err != nil {
		return nil, err
	}
	if err := firstErr(s.check("character_trait_id", characterTraitID), req.Validate()); err != nil {
		return nil, err
	}
	path, _ := s.base()
	t := &CharacterTrait{}
	route := "PUT /characters/{character_id}/traits/{character_trait_id}/value"
	return result(t, s.c.call(ctx, http.MethodPut, route, path+pathf("/%s/value", characterTraitID), nil, req, t))
}

// TraitCurrency is how a trait change is paid for.
type TraitCurrency string

// Trait change currencies (v2).
const (
	CurrencyNoCost         TraitCurrency = "NO_COST"
	CurrencyXP             TraitCurrency = "XP"
	CurrencyStartingPoints TraitCurrency = "STARTING_POINTS"
)

// TraitValueUpdate is the body of PutValue.
type TraitValueUpdate struct {
	TargetValue int           `json:"target_value"`
	Currency    TraitCurrency `json:"currency"`
}

// Validate checks the target value and the currency.
func (r *TraitValueUpdate) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	if r.TargetValue < 0 {
		return invalid("target_value", "must not be negative, got %d", r.TargetValue)
	}
	switch r.Currency {
	case CurrencyNoCost, CurrencyXP, CurrencyStartingPoints:
		return nil
	}
	return invalid("currency", "must be NO_COST, XP or STARTING_POINTS, got %q", r.Currency)
}

// TraitValueOptions is what changing a character trait would cost (v2).
type TraitValueOptions struct {
	Name                  string `json:"name"`
	CurrentValue          int    `json:"current_value"`
	Trait                 Trait  `json:"trait"`
	XPCurrent             int    `json:"xp_current"` // the player's, in the character's campaign
	StartingPointsCurrent int    `json:"starting_points_current"`
	// Options is keyed by target value ("3") and "DELETE" (down to 0).
	Options map[string]TraitValueOption `json:"options"`
}

// TraitValueOption is the cost of one target value. CanUseXP only means "can afford it".
type TraitValueOption struct {
	Direction            string `json:"direction"` // "increase" or "decrease"
	PointChange          int    `json:"point_change"`
	CanUseXP             bool   `json:"can_use_xp"`
	XPAfter              int    `json:"xp_after"`
	CanUseStartingPoints bool   `json:"can_use_starting_points"`
	StartingPointsAfter  int    `json:"starting_points_after"`
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
