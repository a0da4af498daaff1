package vclient

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"
)

// Quickroll is a saved dice pool: the sum of a character's ratings in TraitIDs.
type Quickroll struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Description  string    `json:"description"` // "" when null
	UserID       string    `json:"user_id"`
	TraitIDs     []string  `json:"trait_ids"` // blueprint Trait ids
	DateCreated  time.Time `json:"date_created"`
	DateModified time.Time `json:"date_modified"`
}

// QuickrollCreate is the body of CreateQuickroll: Name 3–50 characters (unique per user),
// Description at least 3 when set; TraitIDs may be blueprint Trait or CharacterTrait ids.
type QuickrollCreate struct {
	Name        string   `json:"name"`
	Description *string  `json:"description,omitempty"`
	TraitIDs    []string `json:"trait_ids"`
}

// Validate checks the lengths the API enforces.
func (r *QuickrollCreate) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	return firstErr(checkLen("name", r.Name, 3, 50), checkDescription(r.Description), checkTraitIDs(r.TraitIDs))
}

// QuickrollUpdate is the body of UpdateQuickroll: nil fields are left unchanged.
type QuickrollUpdate struct {
	Name        *string  `json:"name,omitempty"`
	Description *string  `json:"description,omitempty"`
	TraitIDs    []string `json:"trait_ids,omitempty"` // nil = unchanged
}

// Validate checks the fields that are set.
func (r *QuickrollUpdate) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	var name error
	if r.Name != nil {
		name = checkLen("name", *r.Name, 3, 50)
	}
	return firstErr(name, checkDescription(r.Description), checkTraitIDs(r.TraitIDs))
}

// MarshalJSON sends trait_ids whenever TraitIDs is non-nil, so an empty slice clears them.
func (r QuickrollUpdate) MarshalJSON() ([]byte, error) {
	type wire struct {
		Name        *string   `json:"name,omitempty"`
		Description *string   `json:"description,omitempty"`
		TraitIDs    *[]string `json:"trait_ids,omitempty"`
	}
	w := wire{Name: r.Name, Description: r.Description}
	if r.TraitIDs != nil {
		w.TraitIDs = &r.TraitIDs
	}
	return json.Marshal(w)
}

func checkDescription(d *string) error {
	if d == nil {
		return nil
	}
	return checkLen("description", *d, 3, 0)
}

func checkTraitIDs(ids []string) error {
	for _, id := range ids {
		if id == "" {
			return invalid("trait_ids", "must not contain an empty id")
		}
	}
	return nil
}

func (s *UsersService) quickroll(userID, quickrollID string) string {
	return s.user(userID) + pathf("/quickrolls/%s", quickrollID)
}

// GetQuickrollsPage returns one page of a user's quickrolls, sorted by name.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/quickrolls?limit&offset.
func (s *UsersService) GetQuickrollsPage(ctx context.Context, userID string, opts *ListOptions) (*Page[Quickroll], error) {
	if err := s.check("user_id", userID); err != nil {
		return nil, err
	}
	return getPage[Quickroll](ctx, s.c, "GET /users/{user_id}/quickrolls", s.user(userID)+"/quickrolls", opts.values())
}

// ListAllQuickrolls returns every quickroll of a user, sorted by name.
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/quickrolls?limit=100&offset=….
func (s *UsersService) ListAllQuickrolls(ctx context.Context, userID string) ([]Quickroll, error) {
	return collect(s.AllQuickrolls(ctx, userID))
}

// AllQuickrolls iterates over every quickroll of a user, sorted by name.
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/quickrolls?limit=100&offset=….
func (s *UsersService) AllQuickrolls(ctx context.Context, userID string) iter.Seq2[Quickroll, error] {
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[Quickroll], error) {
		return s.GetQuickrollsPage(ctx, userID, &o)
	})
}

// GetQuickroll returns a quickroll.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/quickrolls/{quickroll_id}.
func (s *UsersService) GetQuickroll(ctx context.Context, userID, quickrollID string) (*Quickroll, error) {
	if err := s.check("user_id", userID, "quickroll_id", quickrollID); err != nil {
		return nil, err
	}
	q := &Quickroll{}
	route := "GET /users/{user_id}/quickrolls/{quickroll_id}"
	return result(q, s.c.call(ctx, http.MethodGet, route, s.quickroll(userID, quickrollID), nil, nil, q))
}

// CreateQuickroll saves a quickroll for a user (v2: as the acting user, who must be that user
// or an ADMIN).
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/quickrolls.
func (s *UsersService) CreateQuickroll(ctx context.Context, userID string, req *QuickrollCreate) (*Quickroll, error) {
	if err := firstErr(s.check("user_id", userID), req.Validate(), s.c.requireActingV2()); err != nil {
		return nil, err
	}
	body := *req
	if body.TraitIDs == nil {
		body.TraitIDs = []string{}
	}
	q := &Quickroll{}
	return result(q, s.c.call(ctx, http.MethodPost, "POST /users/{user_id}/quickrolls", s.user(userID)+"/quickrolls", nil, &body, q))
}

// UpdateQuickroll changes the fields of a quickroll that are set in req.
//
// It calls PATCH /api/v1/companies/{company_id}/users/{user_id}/quickrolls/{quickroll_id}.
func (s *UsersService) UpdateQuickroll(ctx context.Context, userID, quickrollID string, req *QuickrollUpdate) (*Quickroll, error) {
	if err := firstErr(s.check("user_id", userID, "quickroll_id", quickrollID), req.Validate(), s.c.requireActingV2()); err != nil {
		return nil, err
	}
	q := &Quickroll{}
	route := "PATCH /users/{user_id}/quickrolls/{quickroll_id}"
	return result(q, s.c.call(ctx, http.MethodPatch, route, s.quickroll(userID, quickrollID), nil, req, q))
}

// DeleteQuickroll archives a quickroll.
//
// It calls DELETE /api/v1/companies/{company_id}/users/{user_id}/quickrolls/{quickroll_id}.
func (s *UsersService) DeleteQuickroll(ctx context.Context, userID, quickrollID string) error {
	if err := firstErr(s.check("user_id", userID, "quickroll_id", quickrollID), s.c.requireActingV2()); err != nil {
		return err
	}
	route := "DELETE /users/{user_id}/quickrolls/{quickroll_id}"
	return s.c.call(ctx, http.MethodDelete, route, s.quickroll(userID, quickrollID), nil, nil, nil)
}
