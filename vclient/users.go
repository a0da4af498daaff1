package vclient

import (
	"cmp"
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Role is a user's role inside a company.
type Role string

// User roles. v2 adds RoleUnapproved and RoleDeactivated, which cannot act.
const (
	RoleAdmin       Role = "ADMIN"
	RoleStoryteller Role = "STORYTELLER"
	RolePlayer      Role = "PLAYER"
	RoleUnapproved  Role = "UNAPPROVED"  // v2: registered through identify, waiting for an ADMIN
	RoleDeactivated Role = "DEACTIVATED" // v2: switched off by an ADMIN
)

// Valid reports whether r is one of the API's roles.
func (r Role) Valid() bool { return r.CanAct() || r == RoleUnapproved || r == RoleDeactivated }

// CanAct reports whether a user with role r may act (the API refuses UNAPPROVED and
// DEACTIVATED acting users almost everywhere).
func (r Role) CanAct() bool { return r == RoleAdmin || r == RoleStoryteller || r == RolePlayer }

// User is an end user inside a company. Fields a dialect lacks are zero: v1 has Name (and
// Username is filled from it) and AssetIDs; v2 has the others.
type User struct {
	ID                 string               `json:"id"`
	Name               string               `json:"name"`
	Username           string               `json:"username"`
	NameFirst          string               `json:"name_first"`
	NameLast           string               `json:"name_last"`
	Email              string               `json:"email"`
	Role               Role                 `json:"role"`
	CompanyID          string               `json:"company_id"`
	CompanyName        string               `json:"company_name"` // set by Lookup only
	LifetimeXP         int                  `json:"lifetime_xp"`
	LifetimeCoolPoints int                  `json:"lifetime_cool_points"`
	DiscordProfile     DiscordProfile       `json:"discord_profile"` // zero when null (not linked)
	AvatarURL          string               `json:"avatar_url"`
	NumQuickrolls      int                  `json:"num_quickrolls"`
	NumNotes           int                  `json:"num_notes"`
	NumAssets          int                  `json:"num_assets"`
	NumCharacters      int                  `json:"num_characters"`
	CampaignExperience []CampaignExperience `json:"campaign_experience"`
	AssetIDs           []string             `json:"asset_ids"`
	DateCreated        time.Time            `json:"date_created"`
	DateModified       time.Time            `json:"date_modified"`

	// Embedded lists, present only when Get asked for them with include (v2).
	Quickrolls []Quickroll `json:"quickrolls,omitempty"`
	Notes      []Note      `json:"notes,omitempty"`
	Assets     []Asset     `json:"assets,omitempty"`
	Characters []Character `json:"characters,omitempty"`
}

// UnmarshalJSON decodes a user of either dialect; a v1 user's Username is its name.
func (u *User) UnmarshalJSON(data []byte) error {
	type plain User
	if err := json.Unmarshal(data, (*plain)(u)); err != nil {
		return err
	}
	if u.Username == "" {
		u.Username = u.Name
	}
	return nil
}

// DiscordID returns the user's Discord snowflake, "" when no Discord account is linked.
func (u *User) DiscordID() string { return u.DiscordProfile.ID }

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

// UserCreate is the body of Create; the acting user (OnBehalfOf) must be an ADMIN, or in v2
// a STORYTELLER creating a STORYTELLER or PLAYER. v1 sends Name (Username when Name is empty)
// and may set DiscordProfile; v2 sends Username (Name when Username is empty), NameFirst and
// NameLast, and refuses DiscordProfile (read-only in v2).
type UserCreate struct {
	Name           string
	Username       string
	NameFirst      string
	NameLast       string
	Email          string
	Role           Role
	DiscordProfile *DiscordProfile
}

// Validate checks the request as the API would, without calling it.
func (r *UserCreate) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	return firstErr(checkLen("name", cmp.Or(r.Name, r.Username), 3, 50), checkEmail("email", r.Email),
		checkCreateRole(r.Role))
}

func checkCreateRole(r Role) error {
	if !r.CanAct() {
		return invalid("role", "must be ADMIN, STORYTELLER or PLAYER, got %q", r)
	}
	return nil
}

// userCreateV1 is the v1 wire body of Create (field order as the client always sent it).
type userCreateV1 struct {
	Name             string          `json:"name"`
	Email            string          `json:"email"`
	Role             Role            `json:"role"`
	DiscordProfile   *DiscordProfile `json:"discord_profile,omitempty"`
	RequestingUserID string          `json:"requesting_user_id"`
}

// userCreateV2 is the v2 wire body of Create.
type userCreateV2 struct {
	Username  string `json:"username"`
	Email     string `json:"email"`
	Role      Role   `json:"role"`
	NameFirst string `json:"name_first,omitempty"`
	NameLast  string `json:"name_last,omitempty"`
}

// UserUpdate is the body of Update: unset fields are left unchanged. The acting user must be
// the user themselves or an ADMIN. v1 sends Name (or Username) and DiscordProfile; v2 sends
// Username (or Name), NameFirst and NameLast (Null clears them), and refuses DiscordProfile.
type UserUpdate struct {
	Name           *string
	Username       *string
	NameFirst      Nullable[string]
	NameLast       Nullable[string]
	Email          *string
	Role           *Role
	DiscordProfile *DiscordProfileUpdate
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
	if r.Username != nil {
		if err := checkLen("username", *r.Username, 3, 50); err != nil {
			return err
		}
	}
	if v, ok := r.NameFirst.Get(); ok {
		if err := checkLen("name_first", v, 2, 50); err != nil {
			return err
		}
	}
	if v, ok := r.NameLast.Get(); ok {
		if err := checkLen("name_last", v, 2, 50); err != nil {
			return err
		}
	}
	if r.Email != nil {
		if err := checkEmail("email", *r.Email); err != nil {
			return err
		}
	}
	if r.Role != nil && !r.Role.Valid() {
		return invalid("role", "must be ADMIN, STORYTELLER, PLAYER, UNAPPROVED or DEACTIVATED, got %q", *r.Role)
	}
	return nil
}

// userUpdateV1 is the v1 wire body of Update (field order as the client always sent it).
type userUpdateV1 struct {
	Name             *string               `json:"name,omitempty"`
	Email            *string               `json:"email,omitempty"`
	Role             *Role                 `json:"role,omitempty"`
	DiscordProfile   *DiscordProfileUpdate `json:"discord_profile,omitempty"`
	RequestingUserID string                `json:"requesting_user_id"`
}

// userUpdateV2 is the v2 wire body of Update.
type userUpdateV2 struct {
	Username  *string          `json:"username,omitempty"`
	NameFirst Nullable[string] `json:"name_first,omitzero"`
	NameLast  Nullable[string] `json:"name_last,omitzero"`
	Email     *string          `json:"email,omitempty"`
	Role      *Role            `json:"role,omitempty"`
}

// DiscordProfileUpdate changes a user's Discord profile key by key (v1 merges it): unset
// fields are left out, Null clears a key. v2 refuses it: the profile is read-only there.
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

// UserInclude names a list Get can embed in the user (v2).
type UserInclude string

// The lists Get can embed (v2 ?include=).
const (
	IncludeQuickrolls UserInclude = "quickrolls"
	IncludeNotes      UserInclude = "notes"
	IncludeAssets     UserInclude = "assets"
	IncludeCharacters UserInclude = "characters" // played characters, STORYTELLER type never included
)

// Get returns a user. In v2, include asks the API to embed the user's quickrolls, notes,
// assets or characters (User.Quickrolls …); v1 has no include and ignores it.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}[?include=…].
func (s *UsersService) Get(ctx context.Context, userID string, include ...UserInclude) (*User, error) {
	if err := s.check("user_id", userID); err != nil {
		return nil, err
	}
	var q url.Values
	if s.c.v2() {
		for _, in := range include {
			switch in {
			case IncludeQuickrolls, IncludeNotes, IncludeAssets, IncludeCharacters:
			default:
				return nil, invalid("include", "must be quickrolls, notes, assets or characters, got %q", in)
			}
			if q == nil {
				q = url.Values{}
			}
			q.Add("include", string(in))
		}
	}
	u := &User{}
	return result(u, s.c.call(ctx, http.MethodGet, "GET /users/{user_id}", s.user(userID), q, nil, u))
}

// Create adds a user to the company, as the acting user (see UserCreate).
//
// It calls POST /api/v1/companies/{company_id}/users.
func (s *UsersService) Create(ctx context.Context, req *UserCreate) (*User, error) {
	if err := firstErr(s.check(), req.Validate(), s.c.requireActing("requesting_user_id")); err != nil {
		return nil, err
	}
	var body any = &userCreateV1{Name: cmp.Or(req.Name, req.Username), Email: req.Email, Role: req.Role,
		DiscordProfile: req.DiscordProfile, RequestingUserID: s.c.acting}
	if s.c.v2() {
		if req.DiscordProfile != nil {
			return nil, invalid("discord_profile", "is read-only in API v2 (link with LinkIdentity or Identify)")
		}
		body = &userCreateV2{Username: cmp.Or(req.Username, req.Name), Email: req.Email, Role: req.Role,
			NameFirst: req.NameFirst, NameLast: req.NameLast}
	}
	u := &User{}
	return result(u, s.c.call(ctx, http.MethodPost, "POST /users", s.base(), nil, body, u))
}

// Update changes the fields of a user that are set in req, as the acting user.
//
// It calls PATCH /api/v1/companies/{company_id}/users/{user_id}.
func (s *UsersService) Update(ctx context.Context, userID string, req *UserUpdate) (*User, error) {
	err := firstErr(s.check("user_id", userID), req.Validate(), s.c.requireActing("requesting_user_id"))
	if err != nil {
		return nil, err
	}
	var body any = &userUpdateV1{Name: cmp.Or(req.Name, req.Username), Email: req.Email, Role: req.Role,
		DiscordProfile: req.DiscordProfile, RequestingUserID: s.c.acting}
	if s.c.v2() {
		if req.DiscordProfile != nil {
			return nil, invalid("discord_profile", "is read-only in API v2 (link with LinkIdentity or Identify)")
		}
		body = &userUpdateV2{Username: cmp.Or(req.Username, req.Name), NameFirst: req.NameFirst,
			NameLast: req.NameLast, Email: req.Email, Role: req.Role}
	}
	u := &User{}
	return result(u, s.c.call(ctx, http.MethodPatch, "PATCH /users/{user_id}", s.user(userID), nil, body, u))
}

// Delete archives a user, with their quickrolls, assets and the characters they play, as the
// acting user (the user themselves or an ADMIN).
//
// It calls DELETE /api/v1/companies/{company_id}/users/{user_id} (v1: ?requesting_user_id=…).
func (s *UsersService) Delete(ctx context.Context, userID string) error {
	if err := firstErr(s.check("user_id", userID), s.c.requireActing("requesting_user_id")); err != nil {
		return err
	}
	var q url.Values
	if !s.c.v2() {
		q = url.Values{"requesting_user_id": {s.c.acting}}
	}
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
		return nil, invalid("user_role", "must be ADMIN, STORYTELLER, PLAYER, UNAPPROVED or DEACTIVATED, got %q", opts.Role)
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
