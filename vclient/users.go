package vclient

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Role is a user's role inside a company.
type Role string

// User roles (the only ones at API v1).
const (
	RoleAdmin       Role = "ADMIN"
	RoleStoryteller Role = "STORYTELLER"
	RolePlayer      Role = "PLAYER"
)

// Valid reports whether r is one of the API's roles.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleStoryteller || r == RolePlayer }

// User is an end user inside a company.
type User struct {
	ID                 string               `json:"id"`
	Name               string               `json:"name"`
	Email              string               `json:"email"`
	Role               Role                 `json:"role"`
	CompanyID          string               `json:"company_id"`
	DiscordProfile     DiscordProfile       `json:"discord_profile"`
	CampaignExperience []CampaignExperience `json:"campaign_experience"`
	AssetIDs           []string             `json:"asset_ids"`
	DateCreated        time.Time            `json:"date_created"`
	DateModified       time.Time            `json:"date_modified"`
}

// DiscordProfile is the Discord account linked to a user; null fields decode as "".
type DiscordProfile struct {
	ID            string `json:"id,omitempty"` // Discord snowflake, as a string
	Username      string `json:"username,omitempty"`
	GlobalName    string `json:"global_name,omitempty"`
	AvatarID      string `json:"avatar_id,omitempty"`
	AvatarURL     string `json:"avatar_url,omitempty"`
	Discriminator string `json:"discriminator,omitempty"`
	Email         string `json:"email,omitempty"`
	Verified      *bool  `json:"verified,omitempty"`
}

// UserCreate is the body of Create. RequestingUserID must name an ADMIN of the company.
type UserCreate struct {
	Name             string          `json:"name"`
	Email            string          `json:"email"`
	Role             Role            `json:"role"`
	DiscordProfile   *DiscordProfile `json:"discord_profile,omitempty"`
	RequestingUserID string          `json:"requesting_user_id"`
}

// Validate checks the request as the API would, without calling it.
func (r *UserCreate) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	if !r.Role.Valid() {
		return firstErr(checkLen("name", r.Name, 3, 50), checkEmail("email", r.Email),
			invalid("role", "must be ADMIN, STORYTELLER or PLAYER, got %q", r.Role))
	}
	return firstErr(checkLen("name", r.Name, 3, 50), checkEmail("email", r.Email),
		requireIDs("requesting_user_id", r.RequestingUserID))
}

// UserUpdate is the body of Update: nil fields are left unchanged. RequestingUserID must be the
// user themselves or an ADMIN.
type UserUpdate struct {
	Name             *string               `json:"name,omitempty"`
	Email            *string               `json:"email,omitempty"`
	Role             *Role                 `json:"role,omitempty"`
	DiscordProfile   *DiscordProfileUpdate `json:"discord_profile,omitempty"`
	RequestingUserID string                `json:"requesting_user_id"`
}

// Validate checks the fields that are set.
func (r *UserUpdate) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	if r.Name != nil {
		if err := checkLen("name", *r.Name, 3, 50); err != nil {
			return err
		}
	}
	if r.Email != nil {
		if err := checkEmail("email", *r.Email); err != nil {
			return err
		}
	}
	if r.Role != nil && !r.Role.Valid() {
		return invalid("role", "must be ADMIN, STORYTELLER or PLAYER, got %q", *r.Role)
	}
	return requireIDs("requesting_user_id", r.RequestingUserID)
}

// DiscordProfileUpdate changes a user's Discord profile key by key (the API merges it): unset
// fields are left out, Null clears a key.
type DiscordProfileUpdate struct {
	ID            Nullable[string] `json:"id,omitzero"`
	Username      Nullable[string] `json:"username,omitzero"`
	GlobalName    Nullable[string] `json:"global_name,omitzero"`
	AvatarID      Nullable[string] `json:"avatar_id,omitzero"`
	AvatarURL     Nullable[string] `json:"avatar_url,omitzero"`
	Discriminator Nullable[string] `json:"discriminator,omitzero"`
	Email         Nullable[string] `json:"email,omitzero"`
	Verified      Nullable[bool]   `json:"verified,omitzero"`
}

// UnlinkDiscord returns an update that clears every Discord profile key.
func UnlinkDiscord() *DiscordProfileUpdate {
	n := Null[string]()
	return &DiscordProfileUpdate{ID: n, Username: n, GlobalName: n, AvatarID: n, AvatarURL: n,
		Discriminator: n, Email: n, Verified: Null[bool]()}
}

// UserListOptions filters and pages GetPage. Role "" lists every role.
type UserListOptions struct {
	Role Role
	ListOptions
}

// UsersService manages a company's users and their XP, assets, notes and quickrolls.
// Paths are under /api/v1/companies/{company_id}/users.
type UsersService struct {
	c         *Client
	companyID string
}

// Users returns the users service of a company.
func (c *Client) Users(companyID string) *UsersService {
	return &UsersService{c: c, companyID: companyID}
}

func (s *UsersService) base() string { return pathf("/companies/%s/users", s.companyID) }

func (s *UsersService) user(userID string) string {
	return pathf("/companies/%s/users/%s", s.companyID, userID)
}

// check validates the company id and the given (field, id) pairs.
func (s *UsersService) check(pairs ...string) error {
	return requireIDs(append([]string{"company_id", s.companyID}, pairs...)...)
}

// Get returns a user.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}.
func (s *UsersService) Get(ctx context.Context, userID string) (*User, error) {
	if err := s.check("user_id", userID); err != nil {
		return nil, err
	}
	u := &User{}
	return result(u, s.c.call(ctx, http.MethodGet, "GET /users/{user_id}", s.user(userID), nil, nil, u))
}

// Create adds a user to the company (the requester must be an ADMIN).
//
// It calls POST /api/v1/companies/{company_id}/users.
func (s *UsersService) Create(ctx context.Context, req *UserCreate) (*User, error) {
	if err := firstErr(s.check(), req.Validate()); err != nil {
		return nil, err
	}
	u := &User{}
	return result(u, s.c.call(ctx, http.MethodPost, "POST /users", s.base(), nil, req, u))
}

// Update changes the fields of a user that are set in req.
//
// It calls PATCH /api/v1/companies/{company_id}/users/{user_id}.
func (s *UsersService) Update(ctx context.Context, userID string, req *UserUpdate) (*User, error) {
	if err := firstErr(s.check("user_id", userID), req.Validate()); err != nil {
		return nil, err
	}
	u := &User{}
	return result(u, s.c.call(ctx, http.MethodPatch, "PATCH /users/{user_id}", s.user(userID), nil, req, u))
}

// Delete archives a user, with their quickrolls, assets and the characters they play.
//
// It calls DELETE /api/v1/companies/{company_id}/users/{user_id}?requesting_user_id=….
func (s *UsersService) Delete(ctx context.Context, userID, requestingUserID string) error {
	if err := s.check("user_id", userID, "requesting_user_id", requestingUserID); err != nil {
		return err
	}
	q := url.Values{"requesting_user_id": {requestingUserID}}
	return s.c.call(ctx, http.MethodDelete, "DELETE /users/{user_id}", s.user(userID), q, nil, nil)
}

// GetPage returns one page of the company's users, optionally only those with opts.Role.
//
// It calls GET /api/v1/companies/{company_id}/users?limit&offset&user_role.
func (s *UsersService) GetPage(ctx context.Context, opts *UserListOptions) (*Page[User], error) {
	if opts == nil {
		opts = &UserListOptions{}
	}
	if opts.Role != "" && !opts.Role.Valid() {
		return nil, invalid("user_role", "must be ADMIN, STORYTELLER or PLAYER, got %q", opts.Role)
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	q := opts.values()
	if opts.Role != "" {
		q.Set("user_role", string(opts.Role))
	}
	return getPage[User](ctx, s.c, "GET /users", s.base(), q)
}

// ListAll returns every user of the company with the role ("" = all roles).
//
// It pages through GET /api/v1/companies/{company_id}/users?limit=100&offset=….
func (s *UsersService) ListAll(ctx context.Context, role Role) ([]User, error) {
	return collect(s.All(ctx, role))
}

// All iterates over every user of the company with the role ("" = all roles).
//
// It pages through GET /api/v1/companies/{company_id}/users?limit=100&offset=….
func (s *UsersService) All(ctx context.Context, role Role) iter.Seq2[User, error] {
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[User], error) {
		return s.GetPage(ctx, &UserListOptions{Role: role, ListOptions: o})
	})
}

// GetStatistics returns a user's dice statistics (D10 rolls they made) with up to numTopTraits
// most used traits (0 = the API default, 5).
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/statistics?num_top_traits=N.
func (s *UsersService) GetStatistics(ctx context.Context, userID string, numTopTraits int) (*RollStatistics, error) {
	if err := s.check("user_id", userID); err != nil {
		return nil, err
	}
	return getStatistics(ctx, s.c, "GET /users/{user_id}/statistics", s.user(userID)+"/statistics", numTopTraits)
}

// getStatistics fetches a RollStatistics from one of the statistics endpoints.
func getStatistics(ctx context.Context, c *Client, route, path string, numTopTraits int) (*RollStatistics, error) {
	if numTopTraits < 0 {
		return nil, invalid("num_top_traits", "must not be negative, got %d", numTopTraits)
	}
	var q url.Values
	if numTopTraits > 0 {
		q = url.Values{"num_top_traits": {strconv.Itoa(numTopTraits)}}
	}
	st := &RollStatistics{}
	return result(st, c.call(ctx, http.MethodGet, route, path, q, nil, st))
}

// result returns v, or nil when err is set.
func result[T any](v *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}
