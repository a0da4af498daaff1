package vclient

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// Campaign is a chronicle inside a company.
type Campaign struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Description  string    `json:"description"` // "" when null
	CompanyID    string    `json:"company_id"`
	AssetIDs     []string  `json:"asset_ids"`
	Desperation  int       `json:"desperation"` // 0–5
	Danger       int       `json:"danger"`      // 0–5
	DateCreated  time.Time `json:"date_created"`
	DateModified time.Time `json:"date_modified"`
}

// CampaignsService reads a company's campaigns.
// Paths are under /api/v1/companies/{company_id}/users/{user_id}/campaigns.
type CampaignsService struct {
	c                       *Client
	companyID, actingUserID string
}

// Campaigns returns the campaign service; actingUserID fills the API's {user_id} path segment.
func (c *Client) Campaigns(companyID, actingUserID string) *CampaignsService {
	return &CampaignsService{c: c, companyID: companyID, actingUserID: actingUserID}
}

func (s *CampaignsService) base() string {
	return pathf("/companies/%s/users/%s/campaigns", s.companyID, s.actingUserID)
}

func (s *CampaignsService) check(pairs ...string) error {
	return requireIDs(append([]string{"company_id", s.companyID, "user_id", s.actingUserID}, pairs...)...)
}

// GetPage returns one page of the company's campaigns (all of them, whoever the acting user is).
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/campaigns?limit&offset.
func (s *CampaignsService) GetPage(ctx context.Context, opts *ListOptions) (*Page[Campaign], error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return getPage[Campaign](ctx, s.c, "GET /users/{user_id}/campaigns", s.base(), opts.values())
}

// ListAll returns every campaign of the company.
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/campaigns?limit=100&offset=….
func (s *CampaignsService) ListAll(ctx context.Context) ([]Campaign, error) {
	return collect(s.All(ctx))
}

// All iterates over every campaign of the company.
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/campaigns?limit=100&offset=….
func (s *CampaignsService) All(ctx context.Context) iter.Seq2[Campaign, error] {
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[Campaign], error) {
		return s.GetPage(ctx, &o)
	})
}

// Get returns a campaign.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}.
func (s *CampaignsService) Get(ctx context.Context, campaignID string) (*Campaign, error) {
	if err := s.check("campaign_id", campaignID); err != nil {
		return nil, err
	}
	cp := &Campaign{}
	route := "GET /users/{user_id}/campaigns/{campaign_id}"
	return result(cp, s.c.call(ctx, http.MethodGet, route, s.base()+pathf("/%s", campaignID), nil, nil, cp))
}

// GetStatistics returns the dice statistics of a campaign's D10 rolls (numTopTraits 0 = 5).
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/campaigns/{campaign_id}/statistics?num_top_traits=N.
func (s *CampaignsService) GetStatistics(ctx context.Context, campaignID string, numTopTraits int) (*RollStatistics, error) {
	if err := s.check("campaign_id", campaignID); err != nil {
		return nil, err
	}
	route := "GET /users/{user_id}/campaigns/{campaign_id}/statistics"
	return getStatistics(ctx, s.c, route, s.base()+pathf("/%s/statistics", campaignID), numTopTraits)
}
