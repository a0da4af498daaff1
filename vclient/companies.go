package vclient

import (
	"context"
	"net/http"
	"time"
)

// GrantXPPermission is the company setting deciding who may grant or remove XP.
type GrantXPPermission string

// permission_grant_xp values.
const (
	GrantXPUnrestricted GrantXPPermission = "UNRESTRICTED" // any user, for anyone
	GrantXPPlayer       GrantXPPermission = "PLAYER"       // storytellers/admins for anyone; players for themselves
	GrantXPStoryteller  GrantXPPermission = "STORYTELLER"  // storytellers and admins only
)

// Company is a group of users (a gaming table or server) and its settings.
type Company struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Email       string          `json:"email"`
	UserIDs     []string        `json:"user_ids"` // v1
	Settings    CompanySettings `json:"settings"`
	// ResourcesModifiedAt (v2) moves on every audited change in the company, made with any API
	// key: a cheap "has anything changed" check.
	ResourcesModifiedAt time.Time `json:"resources_modified_at,omitzero"`
}

// CompanySettings are a company's rules.
type CompanySettings struct {
	PermissionGrantXP          GrantXPPermission `json:"permission_grant_xp"`
	PermissionManageCampaign   string            `json:"permission_manage_campaign"`      // UNRESTRICTED, STORYTELLER
	PermissionFreeTraitChanges string            `json:"permission_free_trait_changes"`   // UNRESTRICTED, WITHIN_24_HOURS, STORYTELLER
	PermissionManageNPC        string            `json:"permission_manage_npc,omitempty"` // v2: UNRESTRICTED, STORYTELLER
	PermissionRecoupXP         string            `json:"permission_recoup_xp,omitempty"`  // v2: UNRESTRICTED, DENIED, WITHIN_SESSION
	CharacterAutogenXPCost     *int              `json:"character_autogen_xp_cost"`
	CharacterAutogenNumChoices *int              `json:"character_autogen_num_choices"`
}

// CompaniesService reads companies the API key can access.
type CompaniesService struct {
	c *Client
}

// Companies returns the company service.
func (c *Client) Companies() *CompaniesService { return &CompaniesService{c: c} }

// Get returns a company with its settings.
//
// It calls GET /api/v1/companies/{company_id}.
func (s *CompaniesService) Get(ctx context.Context, companyID string) (*Company, error) {
	if err := requireIDs("company_id", companyID); err != nil {
		return nil, err
	}
	co := &Company{}
	path := pathf("/companies/%s", companyID)
	return result(co, s.c.call(ctx, http.MethodGet, "GET /companies/{company_id}", path, nil, nil, co))
}
