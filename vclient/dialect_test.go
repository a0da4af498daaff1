package vclient

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const actingID = "019F6621-4BF0-7C17-A149-D439536B3216"

// setupV2 is setup for a client speaking contract v2.
func setupV2(t *testing.T, opts ...Option) (*Client, *http.ServeMux, *waits) {
	t.Helper()
	return setup(t, append([]Option{WithAPIVersion(APIv2)}, opts...)...)
}

// assertActing checks the On-Behalf-Of header of a v2 request ("" = absent).
func assertActing(t *testing.T, r *http.Request, want string) {
	t.Helper()
	got, ok := r.Header["On-Behalf-Of"]
	if want == "" {
		assert.False(t, ok, "no On-Behalf-Of header")
		return
	}
	assert.Equal(t, []string{want}, got)
}

func TestNewSpeaksV2ByDefault(t *testing.T) {
	c, err := New("https://api.valentina-noir.com", "k")
	require.NoError(t, err)
	assert.Equal(t, APIv2, c.APIVersion())

	c, err = New("https://api.valentina-noir.com", "k", WithAPIVersion(APIv1))
	require.NoError(t, err)
	assert.Equal(t, APIv1, c.APIVersion())

	_, err = New("https://api.valentina-noir.com", "k", WithAPIVersion("v3"))
	assert.ErrorContains(t, err, `unknown API version "v3"`)
}

func TestOnBehalfOfIsAViewSharingTheClient(t *testing.T) {
	var events []RequestEvent
	c, mux, _ := setupV2(t, WithObserver(func(ev RequestEvent) { events = append(events, ev) }))
	view := c.OnBehalfOf(actingID)
	assert.Equal(t, actingID, view.ActingUser())
	assert.Empty(t, c.ActingUser(), "the root client is unchanged")
	assert.Same(t, c.limiter, view.limiter)
	assert.Equal(t, APIv2, view.APIVersion())

	// The header carries one canonical (lowercase) spelling, on reads too.
	mux.HandleFunc("GET /api/v1/companies/co1/users/u2", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "019f6621-4bf0-7c17-a149-d439536b3216")
		reply(w, 200, `{"id":"u2"}`)
	})
	_, err := view.Users(coID).Get(t.Context(), "u2")
	require.NoError(t, err)
	require.Len(t, events, 1, "the view reports to the shared observer")
	assert.Equal(t, "GET /users/{user_id}", events[0].Route)
}

func TestRootClientSendsNoOnBehalfOf(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "")
		reply(w, 200, `{"id":"u1"}`)
	})
	_, err := c.Users(coID).Get(t.Context(), userID)
	require.NoError(t, err)
}

func TestV1SendsNoOnBehalfOfHeader(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		assertActing(t, r, "")
		reply(w, 200, `{"id":"u1"}`)
	})
	_, err := c.OnBehalfOf("st1").Users(coID).Get(t.Context(), userID)
	require.NoError(t, err)
}

// v1Client returns a v1 client whose server fails the test on any request.
func v1Client(t *testing.T) *Client {
	t.Helper()
	c, mux, _ := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		w.WriteHeader(500)
	})
	return c.OnBehalfOf("admin1")
}

func TestV2OnlyMethodsAreUnsupportedInV1WithoutARequest(t *testing.T) {
	c := v1Client(t)
	ctx := t.Context()
	users := c.Users(coID)
	chars := c.Characters(coID, "camp1")
	traits := c.CharacterTraits(coID, "camp1", "ch1")
	img := &AssetUpload{Filename: "a.png", Content: pngBytes}
	tests := map[string]func() error{
		"lookup":           func() error { _, err := c.Lookup(ctx, "42"); return err },
		"identify":         func() error { _, err := c.Identify(ctx, coID, &IdentifyRequest{}); return err },
		"unapproved page":  func() error { _, err := users.GetUnapprovedPage(ctx, nil); return err },
		"list unapproved":  func() error { _, err := users.ListAllUnapproved(ctx); return err },
		"approve":          func() error { _, err := users.Approve(ctx, "u2", RolePlayer); return err },
		"deny":             func() error { return users.Deny(ctx, "u2") },
		"merge":            func() error { _, err := users.Merge(ctx, &UserMerge{}); return err },
		"link identity":    func() error { _, err := users.LinkIdentity(ctx, "u1", ProviderDiscord, "t"); return err },
		"unlink identity":  func() error { _, err := users.UnlinkIdentity(ctx, "u1", ProviderDiscord); return err },
		"upload avatar":    func() error { _, err := users.UploadAvatar(ctx, "u1", img); return err },
		"delete avatar":    func() error { _, err := users.DeleteAvatar(ctx, "u1"); return err },
		"character traits": func() error { _, err := chars.GetWithTraits(ctx, "ch1"); return err },
		"full sheet":       func() error { _, err := chars.FullSheet(ctx, "ch1"); return err },
		"value options":    func() error { _, err := traits.ValueOptions(ctx, "ct1"); return err },
		"put value":        func() error { _, err := traits.PutValue(ctx, "ct1", &TraitValueUpdate{}); return err },
		"campaign update":  func() error { _, err := c.Campaigns(coID).Update(ctx, "camp1", &CampaignUpdate{}); return err },
		"dice by char type": func() error {
			_, err := c.DiceRolls(coID).GetPage(ctx, &DiceRollListOptions{CharacterType: "NPC"})
			return err
		},
	}
	for name, call := range tests {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.ErrorIs(t, err, ErrUnsupported)
			assert.ErrorContains(t, err, "API v1")
		})
	}
}

func TestCallsNeedingAnActingUserRefuseWithoutOne(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(c *Client) error{
		"create user": func(c *Client) error {
			_, err := c.Users(coID).Create(ctx, &UserCreate{Username: "johnny", Email: "j@x.y", Role: RolePlayer})
			return err
		},
		"update user": func(c *Client) error { _, err := c.Users(coID).Update(ctx, "u1", &UserUpdate{}); return err },
		"delete user": func(c *Client) error { return c.Users(coID).Delete(ctx, "u1") },
		"add XP":      func(c *Client) error { _, err := c.Users(coID).AddXP(ctx, "u1", "camp1", 1); return err },
		"dice":        func(c *Client) error { _, err := c.DiceRolls(coID).Get(ctx, "d1"); return err },
		"characters":  func(c *Client) error { _, err := c.Characters(coID, "camp1").ListAll(ctx, ""); return err },
		"traits":      func(c *Client) error { _, err := c.CharacterTraits(coID, "camp1", "ch1").ListAll(ctx); return err },
	}
	v2Only := map[string]func(c *Client) error{
		"create quickroll": func(c *Client) error {
			_, err := c.Users(coID).CreateQuickroll(ctx, "u1", &QuickrollCreate{Name: "Shoot", TraitIDs: []string{"t1"}})
			return err
		},
		"delete quickroll": func(c *Client) error { return c.Users(coID).DeleteQuickroll(ctx, "u1", "q1") },
		"upload asset": func(c *Client) error {
			_, err := c.Users(coID).UploadAsset(ctx, "u1", &AssetUpload{Filename: "a.png"})
			return err
		},
		"approve":    func(c *Client) error { _, err := c.Users(coID).Approve(ctx, "u2", RolePlayer); return err },
		"unapproved": func(c *Client) error { _, err := c.Users(coID).GetUnapprovedPage(ctx, nil); return err },
		"deny":       func(c *Client) error { return c.Users(coID).Deny(ctx, "u2") },
		"merge": func(c *Client) error {
			_, err := c.Users(coID).Merge(ctx, &UserMerge{PrimaryUserID: "a", SecondaryUserID: "b"})
			return err
		},
		"link": func(c *Client) error {
			_, err := c.Users(coID).LinkIdentity(ctx, "u1", ProviderDiscord, "t")
			return err
		},
		"unlink":        func(c *Client) error { _, err := c.Users(coID).UnlinkIdentity(ctx, "u1", ProviderDiscord); return err },
		"delete avatar": func(c *Client) error { _, err := c.Users(coID).DeleteAvatar(ctx, "u1"); return err },
		"campaign update": func(c *Client) error {
			d := 2
			_, err := c.Campaigns(coID).Update(ctx, "camp1", &CampaignUpdate{Danger: &d})
			return err
		},
	}
	for name, call := range calls {
		t.Run("v1 "+name, func(t *testing.T) {
			c, _, _ := setup(t)
			var rv *RequestValidationError
			require.ErrorAs(t, call(c), &rv)
			assert.Contains(t, []string{"requesting_user_id", "user_id"}, rv.Field)
		})
	}
	maps.Copy(v2Only, calls)
	for name, call := range v2Only {
		t.Run("v2 "+name, func(t *testing.T) {
			c, _, _ := setupV2(t)
			var rv *RequestValidationError
			require.ErrorAs(t, call(c), &rv)
			assert.Equal(t, "On-Behalf-Of", rv.Field)
		})
	}
}

func TestDetectAPIVersion(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		want    APIVersion
		wantErr error
	}{
		{"v2 answers the lookup", 200, `[]`, APIv2, nil},
		{"v1 has no such route", 404, `{"status":404,"title":"Not Found","detail":"Not Found"}`, APIv1, nil},
		{"anything else is unknown", 401, `{"status":401,"detail":"Unauthorized API key"}`, "", ErrAuthentication},
		{"a server error is not retried", 503, `{"status":503}`, "", ErrServer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range []APIVersion{APIv1, APIv2} {
				c, mux, _ := setup(t, WithAPIVersion(v))
				calls := 0
				mux.HandleFunc("GET /api/v1/users/lookup", func(w http.ResponseWriter, r *http.Request) {
					calls++
					assertQuery(t, r, url.Values{"discord_id": {"0"}})
					problemReply(w, tt.status, tt.body)
				})
				got, err := c.DetectAPIVersion(t.Context())
				assert.Equal(t, 1, calls, "one probe")
				assert.Equal(t, tt.want, got)
				if tt.wantErr != nil {
					assert.ErrorIs(t, err, tt.wantErr)
				} else {
					assert.NoError(t, err)
				}
			}
		})
	}
}

func TestDetectAPIVersionWithoutAnAnswer(t *testing.T) {
	c, err := New("http://127.0.0.1:1", "k", WithMaxRetries(0))
	require.NoError(t, err)
	got, err := c.DetectAPIVersion(t.Context())
	assert.Empty(t, got)
	assert.Error(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = c.DetectAPIVersion(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}
