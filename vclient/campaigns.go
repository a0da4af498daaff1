package vclient

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// Campaign is a chronicle inside a company.
type Campaign struct {
	ID                  string    `json:"id"`
	Name                string    `json:"name"`
	Description         string    `json:"description"` // "" when null
	CompanyID           string    `json:"company_id"`
	AssetIDs            []string  `json:"asset_ids"`    // v1
	InGameDate          string    `json:"in_game_date"` // v2: "YYYY-MM-DD", "" when null
	Desperation         int       `json:"desperation"`  // 0–5
	Danger              int       `json:"danger"`       // 0–5
	NumPlayerCharacters int       `json:"num_player_characters"`
	DateCreated         time.Time `json:"date_created"`
	DateModified        time.Time `json:"date_modified"`
}

// CampaignUpdate is the body of Update (v2): unset fields are left unchanged; Description and
// InGameDate can be cleared with Null.
type CampaignUpdate struct {
	Name        *string          `json:"name,omitempty"`
	Description Nullable[string] `json:"description,omitzero"`
	InGameDate  Nullable[string] `json:"in_game_date,omitzero"` // "YYYY-MM-DD"
	Desperation *int             `json:"desperation,omitempty"`
	Danger      *int             `json:"danger,omitempty"`
}

// Validate checks the fields that are set, with the API's bounds.
func (r *CampaignUpdate) Validate() error {
	if r == nil || (r.Name == nil && r.Description.IsZero() && r.InGameDate.IsZero() &&
		r.Desperation == nil && r.Danger == nil) {
		return invalid("body", "set at least one field")
	}
	var errs []error
	if r.Name != nil {
		errs = append(errs, checkLen("name", *r.Name, 3, 50))
	}
	if d, ok := r.Description.Get(); ok {
		errs = append(errs, checkLen("description", d, 3, 0))
	}
	if d, ok := r.InGameDate.Get(); ok {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			errs = append(errs, invalid("in_game_date", "must be a date like 2026-07-15, got %q", d))
		}
	}
	errs = append(errs, checkRange("desperation", r.Desperation, 0, 5), checkRange("danger", r.Danger, 0, 5))
	return firstErr(errs...)
}

// checkRange checks an optional int against lo..hi.
func checkRange(field string, v *int, lo, hi int) error {
	if v != nil && (*v < lo || *v > hi) {
		return invalid(field, "must be %d to %d, got %d", lo, hi, *v)
	}
	return nil
}

// CampaignsService reads a company's campaigns.
// Paths are under /api/v1/companies/{company_id}/campaigns (v2) or, in v1,
// /api/v1/companies/{company_id}/users/{user_id}/campaigns with the acting user as {user_id}.
type CampaignsService struct {
	c         *Client
	companyID string
}

// Campaigns returns the campaign service of a company. In v1 it must be called on a view made
// by OnBehalfOf (the acting user fills the path).
func (c *Client) Campaigns(companyID string) *CampaignsService {
	return &CampaignsService{c: c, companyID: companyID}
}

// base is the campaigns path and the route prefix of the client's dialect.
func (s *CampaignsService) base() (path, route string) {
	if s.c.v2() {
		return pathf("/companies/%s/campaigns", s.companyID), "/campaigns"
	}
	return pathf("/companies/%s/users/%s/campaigns", s.companyID, s.c.acting), "/users/{user_id}/campaigns"
}

func (s *CampaignsService) check(pairs ...string) error {
	var acting error
	if !s.c.v2() {
		acting = s.c.requireActing("user_id")
	}
	return firstErr(requireIDs(append([]string{"company_id", s.companyID}, pairs...)...), acting)
}

// GetPage returns one page of the company's campaigns (all of them, whoever the acting user is).
//
// It calls GET /api/v1/companies/{company_id}/campaigns?limit&offset (v1: …/users/{user_id}/campaigns).
func (s *CampaignsService) GetPage(ctx context.Context, opts *ListOptions) (*Page[Campaign], error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	path, route := s.base()
	return getPage[Campaign](ctx, s.c, "GET "+route, path, opts.values())
}

// ListAll returns every campaign of the company.
//
// It pages through GET /api/v1/companies/{company_id}/campaigns?limit=100&offset=….
func (s *CampaignsService) ListAll(ctx context.Context) ([]Campaign, error) {
	return collect(s.All(ctx))
}

// All iterates over every campaign of the company.
//
// It pages through GET /api/v1/companies/{company_id}/campaigns?limit=100&offset=….
func (s *CampaignsService) All(ctx context.Context) iter.Seq2[Campaign, error] {
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[Campaign], error) {
		return s.GetPage(ctx, &o)
	})
}

// Get returns a campaign.
//
// It calls GET /api/v1/companies/{company_id}/campaigns/{campaign_id}.
func (s *CampaignsService) Get(ctx context.Context, campaignID string) (*Campaign, error) {
	if err := s.check("campaign_id", campaignID); err != nil {
		return nil, err
	}
	path, route := s.base()
	cp := &Campaign{}
	return result(cp, s.c.call(ctx, http.MethodGet, "GET "+route+"/{campaign_id}", path+pathf("/%s", campaignID), nil, nil, cp))
}

// GetStatistics returns the dice statistics of a campaign's D10 rolls (numTopTraits 0 = 5).
//
// It calls GET /api/v1/companies/{company_id}/campaigns/{campaign_id}/statistics?num_top_traits=N.
func (s *CampaignsService) GetStatistics(ctx context.Context, campaignID string, numTopTraits int) (*RollStatistics, error) {
	if err := s.check("campaign_id", campaignID); err != nil {
		return nil, err
	}
	path, route := s.base()
	return getStatistics(ctx, s.c, "GET "+route+"/{campaign_id}/statistics", path+pathf("/%s/statistics", campaignID), numTopTraits)
}

// Update changes a campaign's name, description, in-game date, danger or desperation (v2), as
// the acting user (the company's permission_manage_campaign decides who may).
//
// It calls PATCH /api/v1/companies/{company_id}/campaigns/{campaign_id}.
func (s *CampaignsService) Update(ctx context.Context, campaignID string, req *CampaignUpdate) (*Campaign, error) {
	if err := s.c.onlyV2("update campaign"); err != nil {
		return nil, err
	}
	err := firstErr(s.check("campaign_id", campaignID), req.Validate(), s.c.requireActing(""))
	if err != nil {
		return nil, err
	}
	path, _ := s.base()
	cp := &Campaign{}
	return result(cp, s.c.call(ctx, http.MethodPatch, "PATCH /campaigns/{campaign_id}", path+pathf("/%s", campaignID), nil, req, cp))
}
