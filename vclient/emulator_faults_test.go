package vclient_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// These tests prove the XP rules and exactly-once writes against the emulator's faults.

func TestEmulatorInsufficientXP(t *testing.T) {
	c, srv, sb := sandbox(t)
	_, err := c.OnBehalfOf(sb.Sam).Users(sb.CompanyID).AddXP(t.Context(), sb.Bob, sb.CampaignID, 5)
	require.NoError(t, err)
	_, err = c.OnBehalfOf(sb.Sam).Users(sb.CompanyID).RemoveXP(t.Context(), sb.Bob, sb.CampaignID, 20)
	require.ErrorIs(t, err, vclient.ErrValidation)
	var apiErr *vclient.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 5, *apiErr.CurrentXP)
	assert.Equal(t, 20, *apiErr.RequiredXP)
	assert.Equal(t, 5, srv.Experience(sb.Bob, sb.CampaignID).XPCurrent, "nothing spent")
	assert.Equal(t, 1, srv.CountRequests(http.MethodPost, "POST /users/{user_id}/experience/xp/remove"), "a 400 is not retried")
}

func TestEmulatorGrantXPPermissionMatrix(t *testing.T) {
	type who int
	const (
		aliceSelf who = iota
		aliceForBob
		samForBob
		adaForBob
	)
	tests := []struct {
		setting vclient.GrantXPPermission
		allowed map[who]bool
	}{
		{vclient.GrantXPUnrestricted, map[who]bool{aliceSelf: true, aliceForBob: true, samForBob: true, adaForBob: true}},
		{vclient.GrantXPPlayer, map[who]bool{aliceSelf: true, aliceForBob: false, samForBob: true, adaForBob: true}},
		{vclient.GrantXPStoryteller, map[who]bool{aliceSelf: false, aliceForBob: false, samForBob: true, adaForBob: true}},
	}
	for _, tt := range tests {
		t.Run(string(tt.setting), func(t *testing.T) {
			c, srv, sb := sandbox(t)
			srv.SetCompanySettings(sb.CompanyID, vclient.CompanySettings{PermissionGrantXP: tt.setting})
			cases := map[who][2]string{ // target, requester
				aliceSelf: {sb.Alice, sb.Alice}, aliceForBob: {sb.Bob, sb.Alice},
				samForBob: {sb.Bob, sb.Sam}, adaForBob: {sb.Bob, sb.Ada},
			}
			for w, ids := range cases {
				_, err := c.OnBehalfOf(ids[1]).Users(sb.CompanyID).AddXP(t.Context(), ids[0], sb.CampaignID, 1)
				if tt.allowed[w] {
					assert.NoError(t, err, "case %d", w)
				} else {
					assert.ErrorIs(t, err, vclient.ErrAuthorization, "case %d", w)
				}
			}
		})
	}
}

func TestEmulatorExactlyOnceXPUnderALostResponse(t *testing.T) {
	c, srv, sb := sandbox(t)
	srv.InjectFault(vclienttest.Fault{Method: http.MethodPost, Route: xpAddRoute, LoseResponse: true, Times: 1})
	xp, err := c.OnBehalfOf(sb.Sam).Users(sb.CompanyID).AddXP(t.Context(), sb.Alice, sb.CampaignID, 10)
	require.NoError(t, err)
	assert.Equal(t, 10, xp.XPCurrent)
	assert.Equal(t, 10, srv.Experience(sb.Alice, sb.CampaignID).XPCurrent, "applied once")
	reqs := srv.Requests()
	var keys []string
	for _, r := range reqs {
		if r.Route == xpAddRoute {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}
	}
	require.Len(t, keys, 2)
	assert.Equal(t, keys[0], keys[1])
}

func TestEmulatorCallerKeyDedupsSeparateCalls(t *testing.T) {
	c, srv, sb := sandbox(t)
	ctx := vclient.WithIdempotencyKey(t.Context(), "noirbot-123456-xp")
	for range 2 { // e.g. a second replica handling the same interaction
		xp, err := c.OnBehalfOf(sb.Sam).Users(sb.CompanyID).AddXP(ctx, sb.Alice, sb.CampaignID, 10)
		require.NoError(t, err)
		assert.Equal(t, 10, xp.XPCurrent)
	}
	assert.Equal(t, 10, srv.Experience(sb.Alice, sb.CampaignID).XPTotal)
	assert.Equal(t, 2, srv.CountRequests(http.MethodPost, xpAddRoute))
}

func TestEmulatorServerErrorsRetryOnlyWhenSafe(t *testing.T) {
	c, srv, sb := sandbox(t, vclient.WithIdempotency(false))
	srv.InjectFault(vclienttest.Fault{Method: http.MethodPost, Route: xpAddRoute, Status: 503, Times: 1})
	_, err := c.OnBehalfOf(sb.Sam).Users(sb.CompanyID).AddXP(t.Context(), sb.Alice, sb.CampaignID, 10)
	assert.ErrorIs(t, err, vclient.ErrServer)
	assert.Equal(t, 1, srv.CountRequests(http.MethodPost, xpAddRoute))

	srv.InjectFault(vclienttest.Fault{Method: http.MethodGet, Route: "GET /users/{user_id}", Status: 503, Times: 2})
	_, err = c.Users(sb.CompanyID).Get(t.Context(), sb.Alice)
	require.NoError(t, err)
	assert.Equal(t, 3, srv.CountRequests(http.MethodGet, "GET /users/{user_id}"))
}

func TestEmulatorDeadlineStopsRetries(t *testing.T) {
	c, srv, sb := sandbox(t, vclient.WithBackoff(time.Hour, time.Hour))
	srv.InjectFault(vclienttest.Fault{Method: http.MethodGet, Route: "GET /users/{user_id}", Status: 503})
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	_, err := c.Users(sb.CompanyID).Get(ctx, sb.Alice)
	assert.ErrorIs(t, err, vclient.ErrServer)
}

func TestEmulatorUploadAfterALostResponseIsNotRefused(t *testing.T) {
	c, srv, sb := sandbox(t)
	route := "POST /users/{user_id}/assets/upload"
	srv.InjectFault(vclienttest.Fault{Method: http.MethodPost, Route: route, LoseResponse: true, Times: 1})
	a, err := c.Users(sb.CompanyID).UploadAsset(t.Context(), sb.Alice,
		&vclient.AssetUpload{Filename: "map.pdf", Content: []byte("%PDF-1.7")})
	require.NoError(t, err, "the replayed bytes match, so no 409")
	assert.Equal(t, "document", a.AssetType)
	all, err := c.Users(sb.CompanyID).ListAllAssets(t.Context(), sb.Alice)
	require.NoError(t, err)
	assert.Len(t, all, 1, "uploaded once")
	assert.Equal(t, 2, srv.CountRequests(http.MethodPost, route))
}

func TestEmulatorExactlyOnceXPWhenTheClientTimesOut(t *testing.T) {
	var events []vclient.RequestEvent
	c, srv, sb := sandbox(t, vclient.WithTimeout(100*time.Millisecond),
		vclient.WithObserver(func(ev vclient.RequestEvent) { events = append(events, ev) }))
	// The first attempt is applied but answered too late for the client.
	srv.InjectFault(vclienttest.Fault{Method: http.MethodPost, Route: xpAddRoute, LatencyAfter: 150 * time.Millisecond, Times: 1})
	xp, err := c.OnBehalfOf(sb.Sam).Users(sb.CompanyID).AddXP(t.Context(), sb.Alice, sb.CampaignID, 10)
	require.NoError(t, err)
	assert.Equal(t, 10, xp.XPCurrent)
	assert.Equal(t, 10, srv.Experience(sb.Alice, sb.CampaignID).XPTotal, "applied once")
	require.Len(t, events, 2)
	assert.ErrorIs(t, events[0].Err, context.DeadlineExceeded)
	assert.Equal(t, 201, events[1].Status)
}
