package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxDiscordBody bounds what is read of a Discord answer (a token or a user is a few
// hundred bytes).
const maxDiscordBody = 64 << 10

// maxAccessToken bounds an access token the bot will pass on (Discord's are ~30 characters).
const maxAccessToken = 2048

// Why a call to Discord failed; each maps to its own page.
var (
	// errCodeRefused: the code is unknown, used or expired, or was issued for another redirect URI.
	errCodeRefused = errors.New("discord refused the authorization code")
	// errClientRefused: Discord refused the client id or secret (the operator's configuration).
	errClientRefused = errors.New("discord refused the client credentials")
	// errTokenRefused: /users/@me refused the access token just issued.
	errTokenRefused = errors.New("discord refused the access token")
	// errDiscordBroken: a status or body Discord should not send.
	errDiscordBroken = errors.New("unexpected answer from discord")
)

// exchange trades an authorization code for an access token at {api}/api/v10/oauth2/token,
// authenticating with the client id and secret (HTTP Basic, RFC 6749 §2.3.1).
func (l *Linker) exchange(ctx context.Context, code string) (string, error) {
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {l.opts.RedirectURL}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(l.opts.ClientID), url.QueryEscape(l.opts.ClientSecret.Reveal()))
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
	}
	status, err := l.discordJSON(req, &tok)
	switch {
	case err != nil:
		return "", fmt.Errorf("token exchange: %w", err)
	case status == http.StatusBadRequest:
		return "", errCodeRefused
	case status == http.StatusUnauthorized:
		return "", errClientRefused
	case status != http.StatusOK:
		return "", fmt.Errorf("token exchange: status %d: %w", status, errDiscordBroken)
	case tok.AccessToken == "" || len(tok.AccessToken) > maxAccessToken || !strings.EqualFold(tok.TokenType, "Bearer"):
		return "", fmt.Errorf("token exchange: no usable bearer token: %w", errDiscordBroken)
	}
	return tok.AccessToken, nil
}

// discordUser asks {api}/api/v10/users/@me whose access token this is.
func (l *Linker) discordUser(ctx context.Context, accessToken string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.meURL, nil)
	if err != nil {
		return "", fmt.Errorf("users/@me request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	var me struct {
		ID string `json:"id"`
	}
	status, err := l.discordJSON(req, &me)
	switch {
	case err != nil:
		return "", fmt.Errorf("users/@me: %w", err)
	case status == http.StatusUnauthorized:
		return "", errTokenRefused
	case status != http.StatusOK || me.ID == "":
		return "", fmt.Errorf("users/@me: status %d: %w", status, errDiscordBroken)
	}
	return me.ID, nil
}

// discordJSON sends req with the bot's User-Agent and decodes a JSON answer into v when it
// is a 200. Transport errors come back as they are (the context's deadline among them);
// they never name the request body, where the code and the secret are.
func (l *Linker) discordJSON(req *http.Request, v any) (int, error) {
	req.Header.Set("User-Agent", l.opts.UserAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := l.opts.HTTPClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDiscordBody))
	if err != nil {
		return 0, fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return 0, fmt.Errorf("decode answer: %w", errDiscordBroken)
	}
	return resp.StatusCode, nil
}
