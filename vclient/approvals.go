package vclient

import (
	"context"
	"iter"
	"net/http"
)

// The approval queue (v2): users registered through Identify wait as UNAPPROVED until an
// ADMIN approves, denies or merges them. Every call is made as the acting user, an ADMIN.

// GetUnapprovedPage returns one page of the company's UNAPPROVED users, by username.
//
// It calls GET /api/v1/companies/{company_id}/users/unapproved?limit&offset.
func (s *UsersService) GetUnapprovedPage(ctx context.Context, opts *ListOptions) (*Page[User], error) {
	if err := s.c.onlyV2("unapproved users"); err != nil {
		return nil, err
	}
	if err := firstErr(s.check(), s.c.requireActing("")); err != nil {
		return nil, err
	}
	return getPage[User](ctx, s.c, "GET /users/unapproved", s.base()+"/unapproved", opts.values())
}

// ListAllUnapproved returns every UNAPPROVED user of the company.
//
// It pages through GET /api/v1/companies/{company_id}/users/unapproved?limit=100&offset=….
func (s *UsersService) ListAllUnapproved(ctx context.Context) ([]User, error) {
	return collect(s.AllUnapproved(ctx))
}

// AllUnapproved iterates over every UNAPPROVED user of the company.
//
// It pages through GET /api/v1/companies/{company_id}/users/unapproved?limit=100&offset=….
func (s *UsersService) AllUnapproved(ctx context.Context) iter.Seq2[User, error] {
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[User], error) {
		return s.GetUnapprovedPage(ctx, &o)
	})
}

// approval is the body of Approve.
type approval struct {
	Role Role `json:"role"`
}

// Approve gives an UNAPPROVED user a role (ADMIN, STORYTELLER or PLAYER) and returns them.
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/approve.
func (s *UsersService) Approve(ctx context.Context, userID string, role Role) (*User, error) {
	if err := s.c.onlyV2("approve user"); err != nil {
		return nil, err
	}
	if err := firstErr(s.check("user_id", userID), checkCreateRole(role), s.c.requireActing("")); err != nil {
		return nil, err
	}
	u := &User{}
	return result(u, s.c.call(ctx, http.MethodPost, "POST /users/{user_id}/approve",
		s.user(userID)+"/approve", nil, &approval{Role: role}, u))
}

// Deny refuses an UNAPPROVED user, who is archived.
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/deny.
func (s *UsersService) Deny(ctx context.Context, userID string) error {
	if err := s.c.onlyV2("deny user"); err != nil {
		return err
	}
	if err := firstErr(s.check("user_id", userID), s.c.requireActing("")); err != nil {
		return err
	}
	// The answer is a 201 whose body means nothing.
	return s.c.call(ctx, http.MethodPost, "POST /users/{user_id}/deny", s.user(userID)+"/deny", nil, nil, nil)
}

// UserMerge is the body of Merge: SecondaryUserID, an UNAPPROVED user, is folded into
// PrimaryUserID (its provider identities fill the primary's gaps) and archived.
type UserMerge struct {
	PrimaryUserID   string `json:"primary_user_id"`
	SecondaryUserID string `json:"secondary_user_id"`
}

// Validate checks that both ids are set and differ.
func (r *UserMerge) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	if err := requireIDs("primary_user_id", r.PrimaryUserID, "secondary_user_id", r.SecondaryUserID); err != nil {
		return err
	}
	if r.PrimaryUserID == r.SecondaryUserID {
		return invalid("secondary_user_id", "must differ from primary_user_id")
	}
	return nil
}

// Merge folds an UNAPPROVED user into an existing one and returns the primary user.
//
// It calls POST /api/v1/companies/{company_id}/users/merge.
func (s *UsersService) Merge(ctx context.Context, req *UserMerge) (*User, error) {
	if err := s.c.onlyV2("merge users"); err != nil {
		return nil, err
	}
	if err := firstErr(s.check(), req.Validate(), s.c.requireActing("")); err != nil {
		return nil, err
	}
	u := &User{}
	return result(u, s.c.call(ctx, http.MethodPost, "POST /users/merge", s.base()+"/merge", nil, req, u))
}
