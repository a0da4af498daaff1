package vclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// lookupRow is one entry of the lookup endpoint's bare array.
type lookupRow struct {
	CompanyID   string `json:"company_id"`
	CompanyName string `json:"company_name"`
	UserID      string `json:"user_id"`
	Role        Role   `json:"role"`
}

// Lookup returns the users, across every company the API key can reach, whose linked Discord
// account is discordID (v2). Each User carries only ID, CompanyID, CompanyName and Role. There
// may be none, one, or several (one per company, or duplicates in one company), in no defined
// order and including UNAPPROVED and DEACTIVATED users: filter by company and Role.CanAct.
//
// It calls GET /api/v1/users/lookup?discord_id=….
func (c *Client) Lookup(ctx context.Context, discordID string) ([]User, error) {
	if err := c.onlyV2("lookup"); err != nil {
		return nil, err
	}
	if err := requireIDs("discord_id", discordID); err != nil {
		return nil, err
	}
	var rows []lookupRow
	q := url.Values{"discord_id": {discordID}}
	if err := c.call(ctx, http.MethodGet, "GET /users/lookup", "/users/lookup", q, nil, &rows); err != nil {
		return nil, err
	}
	users := make([]User, len(rows))
	for i, r := range rows {
		users[i] = User{ID: r.UserID, CompanyID: r.CompanyID, CompanyName: r.CompanyName, Role: r.Role}
	}
	return users, nil
}

// DetectAPIVersion asks the server which API generation it speaks, with one request that is
// not retried: GET /api/v1/users/lookup?discord_id=0 answers 200 on a v2 server and 404 on a
// v1 server (which has no such route). Any other answer, or no answer, is an error: the
// generation is unknown. It works whatever version c was built for.
func (c *Client) DetectAPIVersion(ctx context.Context) (APIVersion, error) {
	r := &request{method: http.MethodGet, route: "GET /users/lookup", path: "/users/lookup",
		query: url.Values{"discord_id": {"0"}}}
	if err := c.limiter.wait(ctx, c.sleep); err != nil {
		return "", c.wrapErr(r, nil, err)
	}
	o := c.attempt(ctx, r, "", 1)
	var apiErr *APIError
	switch {
	case o.failure == nil:
		return APIv2, nil
	case errors.As(o.failure, &apiErr) && apiErr.StatusCode == http.StatusNotFound:
		return APIv1, nil
	}
	return "", fmt.Errorf("vclient: detect API version: %w", o.failure)
}
