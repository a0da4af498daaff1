package vclient

import (
	"context"
	"net/http"
)

// IdentityProvider names an identity provider the API can verify (v2).
type IdentityProvider string

// Identity providers (v2).
const (
	ProviderDiscord IdentityProvider = "discord"
	ProviderGoogle  IdentityProvider = "google"
	ProviderGitHub  IdentityProvider = "github"
	ProviderApple   IdentityProvider = "apple"
)

func checkProvider(p IdentityProvider) error {
	switch p {
	case ProviderDiscord, ProviderGoogle, ProviderGitHub, ProviderApple:
		return nil
	}
	return invalid("provider", "must be discord, google, github or apple, got %q", p)
}

// IdentifyRequest is the body of Identify. Token is the user's OAuth2 access token from the
// provider (for Discord, scope identify, plus email for linking by e-mail; a bot token is
// refused). Username and Email are used only when a user is created.
type IdentifyRequest struct {
	Provider IdentityProvider `json:"provider"`
	Token    string           `json:"token"`
	Username string           `json:"username,omitempty"`
	Email    string           `json:"email,omitempty"`
}

// Validate checks the provider, the token and, when set, the username and e-mail.
func (r *IdentifyRequest) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	var username, email error
	if r.Username != "" {
		username = checkLen("username", r.Username, 3, 50)
	}
	if r.Email != "" {
		email = checkEmail("email", r.Email)
	}
	return firstErr(checkProvider(r.Provider), requireIDs("token", r.Token), username, email)
}

// IdentifyResolution says how Identify found the user.
type IdentifyResolution string

// Identify resolutions.
const (
	ResolutionMatched IdentifyResolution = "matched" // a user already had this identity
	ResolutionLinked  IdentifyResolution = "linked"  // the identity was attached to the user with its verified e-mail
	ResolutionCreated IdentifyResolution = "created" // a new UNAPPROVED user, waiting for an ADMIN's Approve
)

// IdentifyResult is the answer of Identify.
type IdentifyResult struct {
	Resolution IdentifyResolution `json:"resolution"`
	User       User               `json:"user"`
}

// Identify verifies a provider token and returns the company's user with that identity,
// linking it by verified e-mail or registering a new UNAPPROVED user when none has it (v2).
// Verification failures are *APIError with Code set (TOKEN_VERIFICATION_FAILED 422,
// EMAIL_REQUIRED 422, PROVIDER_UNAVAILABLE 503).
//
// It calls POST /api/v1/companies/{company_id}/auth/identify.
func (c *Client) Identify(ctx context.Context, companyID string, req *IdentifyRequest) (*IdentifyResult, error) {
	if err := c.onlyV2("identify"); err != nil {
		return nil, err
	}
	if err := firstErr(requireIDs("company_id", companyID), req.Validate()); err != nil {
		return nil, err
	}
	out := &IdentifyResult{}
	path := pathf("/companies/%s/auth/identify", companyID)
	return result(out, c.call(ctx, http.MethodPost, "POST /auth/identify", path, nil, req, out))
}

// identityLink is the body of LinkIdentity.
type identityLink struct {
	Provider IdentityProvider `json:"provider"`
	Token    string           `json:"token"`
}

// LinkIdentity verifies a provider token and attaches that identity to a user, as the acting
// user (the user themselves or an ADMIN) (v2). An identity held by another user is a 409 with
// Code IDENTITY_ALREADY_LINKED.
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/identities.
func (s *UsersService) LinkIdentity(ctx context.Context, userID string, provider IdentityProvider, token string) (*User, error) {
	if err := s.c.onlyV2("link identity"); err != nil {
		return nil, err
	}
	err := firstErr(s.check("user_id", userID), checkProvider(provider), requireIDs("token", token),
		s.c.requireActing(""))
	if err != nil {
		return nil, err
	}
	u := &User{}
	body := &identityLink{Provider: provider, Token: token}
	return result(u, s.c.call(ctx, http.MethodPost, "POST /users/{user_id}/identities",
		s.user(userID)+"/identities", nil, body, u))
}

// UnlinkIdentity detaches a provider identity from a user, as the acting user (the user
// themselves or an ADMIN) (v2). Removing the user's only identity is a 409 with Code
// LAST_IDENTITY; an identity that is not linked is a 404 with Code IDENTITY_NOT_LINKED.
//
// It calls DELETE /api/v1/companies/{company_id}/users/{user_id}/identities/{provider}.
func (s *UsersService) UnlinkIdentity(ctx context.Context, userID string, provider IdentityProvider) (*User, error) {
	if err := s.c.onlyV2("unlink identity"); err != nil {
		return nil, err
	}
	if err := firstErr(s.check("user_id", userID), checkProvider(provider), s.c.requireActing("")); err != nil {
		return nil, err
	}
	u := &User{}
	path := s.user(userID) + pathf("/identities/%s", string(provider))
	return result(u, s.c.call(ctx, http.MethodDelete, "DELETE /users/{user_id}/identities/{provider}", path, nil, nil, u))
}
