package bottest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The fake Discord's OAuth2: the authorization-code grant as a "Sign in with Discord"
// button uses it. A test plays the browser: Authorize (or Deny) turns the authorize URL
// the bot built into the redirect Discord would send the member to; the bot then
// exchanges the code at POST /api/v10/oauth2/token and asks GET /api/v10/users/@me who the
// token belongs to, as the Valentina emulator's identify does too.

// DefaultClientSecret is the OAuth2 client secret the fake expects unless SetOAuthClient
// says otherwise (the client id is DefaultAppID).
const DefaultClientSecret = "fake-client-secret"

// DiscordUser is a Discord account the fake knows: what /users/@me answers for its tokens.
// Email and Verified are answered only to tokens with the email scope.
type DiscordUser struct {
	ID         string
	Username   string
	GlobalName string
	Email      string
	Verified   bool
}

// grant is what a code, and then its access token, stands for.
type grant struct {
	userID, redirectURI, scope string
}

// OAuthProvider is the fake's OAuth2 on its own: the token endpoint and /users/@me as an
// http.Handler, and Grant, the authorize page. FakeDiscord serves one; the console's
// sandbox serves one without a test, so its `link` completes a sign-in locally.
type OAuthProvider struct {
	mu               sync.Mutex
	clientID, secret string
	users            map[string]DiscordUser
	codes            map[string]grant // single-use
	tokens           map[string]grant
}

// NewOAuthProvider returns a provider that accepts the client DefaultAppID with
// DefaultClientSecret (see SetClient).
func NewOAuthProvider() *OAuthProvider {
	return &OAuthProvider{clientID: DefaultAppID, secret: DefaultClientSecret,
		users: map[string]DiscordUser{}, codes: map[string]grant{}, tokens: map[string]grant{}}
}

// SetClient sets the OAuth2 client id and secret the token endpoint accepts.
func (o *OAuthProvider) SetClient(clientID, secret string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.clientID, o.secret = clientID, secret
}

// AddUser makes a Discord account known (an account it does not know signs in as
// {id, username "user-<id>"} without an e-mail).
func (o *OAuthProvider) AddUser(u DiscordUser) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.users[u.ID] = u
}

// ServeHTTP serves POST /api/v10/oauth2/token and GET /api/v10/users/@me (and their
// unversioned paths); anything else is 404.
func (o *OAuthProvider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header, Body: body, Payload: body}
	switch classify(r.Method, r.URL.Path) {
	case OAuthToken:
		o.token(w, req)
	case CurrentUser:
		o.me(w, req)
	default:
		http.NotFound(w, r)
	}
}

// Grant plays Discord's authorize page for the account userID, who approves: it checks
// the authorize URL the bot built (client id, response_type=code, the identify scope, a
// redirect URI, a state) and returns the redirect URI with a fresh single-use code and the
// URL's state, where the browser would go next.
func (o *OAuthProvider) Grant(authorizeURL, userID string) (string, error) {
	q, err := o.checkAuthorize(authorizeURL)
	if err != nil {
		return "", err
	}
	code := "code-" + randomToken()
	o.mu.Lock()
	o.codes[code] = grant{userID: userID, redirectURI: q.Get("redirect_uri"), scope: q.Get("scope")}
	o.mu.Unlock()
	return redirect(q, url.Values{"code": {code}, "state": {q.Get("state")}})
}

// SetOAuthClient sets the OAuth2 client id and secret the token endpoint accepts.
func (f *FakeDiscord) SetOAuthClient(clientID, secret string) { f.oauth.SetClient(clientID, secret) }

// AddUser makes a Discord account known to the fake's OAuth2 (an account it does not
// know signs in as {id, username "user-<id>"} without an e-mail).
func (f *FakeDiscord) AddUser(u DiscordUser) { f.oauth.AddUser(u) }

// Authorize plays Discord's authorize page for the account userID, who approves (see
// OAuthProvider.Grant); a malformed authorize URL fails the test.
func (f *FakeDiscord) Authorize(t testing.TB, authorizeURL, userID string) string {
	t.Helper()
	to, err := f.oauth.Grant(authorizeURL, userID)
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// Deny plays a member who presses Cancel on Discord's authorize page: the redirect URI
// with error=access_denied and the URL's state.
func (f *FakeDiscord) Deny(t testing.TB, authorizeURL string) string {
	t.Helper()
	q, err := f.oauth.checkAuthorize(authorizeURL)
	if err == nil {
		var to string
		if to, err = redirect(q, url.Values{"error": {"access_denied"},
			"error_description": {"The resource owner or authorization server denied the request"}, "state": {q.Get("state")}}); err == nil {
			return to
		}
	}
	t.Fatal(err)
	return ""
}

// AccessTokens lists the access tokens the fake has issued (tests search logs and pages for them).
func (f *FakeDiscord) AccessTokens() []string {
	f.oauth.mu.Lock()
	defer f.oauth.mu.Unlock()
	var out []string
	for tok := range f.oauth.tokens {
		out = append(out, tok)
	}
	return out
}

func (o *OAuthProvider) checkAuthorize(authorizeURL string) (url.Values, error) {
	u, err := url.Parse(authorizeURL)
	if err != nil {
		return nil, fmt.Errorf("fake discord: authorize URL %q: %w", authorizeURL, err)
	}
	q := u.Query()
	o.mu.Lock()
	clientID := o.clientID
	o.mu.Unlock()
	switch {
	case u.Path != "/oauth2/authorize" && u.Path != "/api/oauth2/authorize":
		return nil, fmt.Errorf("fake discord: authorize URL path %q", u.Path)
	case q.Get("client_id") != clientID:
		return nil, fmt.Errorf("fake discord: authorize URL client_id %q, want %q", q.Get("client_id"), clientID)
	case q.Get("response_type") != "code":
		return nil, fmt.Errorf("fake discord: authorize URL response_type %q, want code", q.Get("response_type"))
	case !slices.Contains(strings.Fields(q.Get("scope")), "identify"):
		return nil, fmt.Errorf("fake discord: authorize URL scope %q lacks identify", q.Get("scope"))
	case q.Get("redirect_uri") == "" || q.Get("state") == "":
		return nil, fmt.Errorf("fake discord: authorize URL without redirect_uri or state: %s", authorizeURL)
	}
	return q, nil
}

func redirect(q, params url.Values) (string, error) {
	u, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		return "", fmt.Errorf("fake discord: redirect_uri: %w", err)
	}
	u.RawQuery = params.Encode()
	return u.String(), nil
}

func randomToken() string {
	return strings.ReplaceAll(rand.Text(), "=", "")
}

// token serves POST /api/v10/oauth2/token: client credentials (HTTP Basic or form), then
// the authorization_code grant with a single-use code and the redirect URI it was issued for.
func (o *OAuthProvider) token(w http.ResponseWriter, req Request) {
	form, err := url.ParseQuery(string(req.Body))
	if err != nil || !strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	id, secret, basic := (&http.Request{Header: req.Header}).BasicAuth()
	if !basic {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if id != o.clientID || secret != o.secret {
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	if form.Get("grant_type") != "authorization_code" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	g, ok := o.codes[form.Get("code")]
	delete(o.codes, form.Get("code"))
	if !ok || g.redirectURI != form.Get("redirect_uri") {
		oauthError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	access := "access-" + randomToken()
	o.tokens[access] = g
	writeJSONBody(w, http.StatusOK, map[string]any{"access_token": access, "token_type": "Bearer",
		"expires_in": 604800, "refresh_token": "refresh-" + randomToken(), "scope": g.scope})
}

// me serves GET /api/v10/users/@me for a bearer access token.
func (o *OAuthProvider) me(w http.ResponseWriter, req Request) {
	bearer, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	o.mu.Lock()
	g, known := o.tokens[bearer]
	u, hasUser := o.users[g.userID]
	o.mu.Unlock()
	if !ok || !known {
		writeJSONBody(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
		return
	}
	if !hasUser {
		u = DiscordUser{ID: g.userID, Username: "user-" + g.userID}
	}
	me := map[string]any{"id": u.ID, "username": u.Username, "global_name": nil, "avatar": nil, "discriminator": "0"}
	if u.GlobalName != "" {
		me["global_name"] = u.GlobalName
	}
	if slices.Contains(strings.Fields(g.scope), "email") {
		me["verified"] = u.Verified
		me["email"] = nil
		if u.Email != "" {
			me["email"] = u.Email
		}
	}
	writeJSONBody(w, http.StatusOK, me)
}

func oauthError(w http.ResponseWriter, status int, code string) {
	writeJSONBody(w, status, map[string]string{"error": code})
}

func writeJSONBody(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fake discord: encode %T: %v", v, err))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
