package vclienttest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// providers are the identity providers v2 names; the emulator verifies
// tokens of "discord" only (others are PROVIDER_UNAVAILABLE).
var providers = []string{"discord", "google", "github", "apple"}

// discordResult is the outcome of verifying a Discord OAuth2 token.
type discordResult struct {
	status        int    // 0 = verified; else the error status (422/503)
	code, detail  string // identity error code and detail
	id, username  string
	globalName    *string
	avatar, discr *string
	email         *string
	verified      bool
	badProvider   bool
	provider      string
	bodyUsername  *string
	bodyEmail     *string
	missingField  string
	malformed     bool
}

type identityBody struct {
	Provider *string `json:"provider"`
	Token    *string `json:"token"`
	Username *string `json:"username"`
	Email    *string `json:"email"`
}

// verifyDiscord reads the identity body and, for Discord, calls
// GET {discordAPI}/api/v10/users/@me with the bearer token. It runs without
// the emulator's lock.
func (e *Emulator) verifyDiscord(ctx context.Context, body []byte) *discordResult {
	var b identityBody
	res := &discordResult{}
	if err := json.Unmarshal(body, &b); err != nil {
		res.malformed = true
		return res
	}
	res.bodyUsername, res.bodyEmail = b.Username, b.Email
	if f := firstMissing("provider", b.Provider == nil, "token", b.Token == nil); f != "" {
		res.missingField = f
		return res
	}
	res.provider = *b.Provider
	if !slices.Contains(providers, res.provider) {
		res.badProvider = true
		return res
	}
	unavailable := func() *discordResult {
		res.status, res.code, res.detail = http.StatusServiceUnavailable, "PROVIDER_UNAVAILABLE", "Discord is unreachable"
		return res
	}
	switch res.provider {
	case "google", "apple":
		// OIDC providers without configured audiences are disabled (fail closed).
		res.status, res.code, res.detail = http.StatusUnprocessableEntity, "TOKEN_VERIFICATION_FAILED", res.provider+" sign-in is not enabled on this server"
		return res
	case "github":
		res.status, res.code, res.detail = http.StatusServiceUnavailable, "PROVIDER_UNAVAILABLE", "Identity provider is unreachable"
		return res
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(e.discordAPI, "/")+"/api/v10/users/@me", nil)
	if err != nil {
		return unavailable()
	}
	req.Header.Set("Authorization", "Bearer "+*b.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return unavailable()
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		res.status, res.code, res.detail = http.StatusUnprocessableEntity, "TOKEN_VERIFICATION_FAILED", "Discord rejected the access token"
		return res
	case resp.StatusCode != http.StatusOK:
		return unavailable()
	}
	var me struct {
		ID            any     `json:"id"`
		Username      string  `json:"username"`
		GlobalName    *string `json:"global_name"`
		Avatar        *string `json:"avatar"`
		Discriminator *string `json:"discriminator"`
		Email         *string `json:"email"`
		Verified      bool    `json:"verified"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil || me.ID == nil {
		res.status, res.code, res.detail = http.StatusUnprocessableEntity, "TOKEN_VERIFICATION_FAILED", "Discord profile is missing required 'id' field"
		return res
	}
	res.id = fmt.Sprint(me.ID)
	if f, ok := me.ID.(float64); ok {
		res.id = strconv.FormatFloat(f, 'f', -1, 64)
	}
	res.username, res.globalName, res.avatar, res.discr = me.Username, me.GlobalName, me.Avatar, me.Discriminator
	res.email, res.verified = me.Email, me.Verified
	return res
}

// requestProblem is the body/verification failure, if any.
func (d *discordResult) requestProblem() (int, any) {
	switch {
	case d == nil:
		return fail(http.StatusServiceUnavailable, "Discord is unreachable")
	case d.malformed:
		return fail(http.StatusBadRequest, "Malformed JSON body")
	case d.missingField != "":
		return missingField(d.missingField)
	case d.badProvider:
		return badEnum("provider", d.provider)
	case d.status != 0:
		return d.status, &problem{Detail: d.detail, Code: d.code}
	}
	return 0, nil
}

func identityFail(status int, code, detail string) (int, any) {
	return status, &problem{Detail: detail, Code: code}
}

// writeDiscord stores the verified profile (build_discord_profile's 7 keys).
func (d *discordResult) writeTo(u *user) {
	id, name := d.id, d.username
	verified := d.verified
	u.Discord = discordProfile{ID: &id, Username: &name, GlobalName: d.globalName, AvatarID: d.avatar,
		Discriminator: d.discr, Email: d.email, Verified: &verified}
	u.DiscordFull = true
}

type identifyJSON struct {
	Resolution string     `json:"resolution"`
	User       userV2JSON `json:"user"`
}

// identify is POST /companies/{cid}/auth/identify: matched by Discord id,
// linked by a verified e-mail held by exactly one company user, or created
// UNAPPROVED.
func identify(e *Emulator, c *call) (int, any) {
	d := c.discord
	if s, p := d.requestProblem(); p != nil {
		return s, p
	}
	company := func(u *user) bool { return u.CompanyID == c.co.ID }
	for _, u := range e.st.users.live(company) {
		if u.Discord.ID != nil && *u.Discord.ID == d.id {
			d.writeTo(u)
			return http.StatusOK, identifyJSON{"matched", e.userWire2(u)}
		}
	}
	if d.email != nil && d.verified {
		same := e.st.users.live(func(u *user) bool { return company(u) && strings.EqualFold(u.Email, *d.email) })
		if len(same) == 1 {
			d.writeTo(same[0])
			e.touch(&same[0].meta)
			return http.StatusOK, identifyJSON{"linked", e.userWire2(same[0])}
		}
	}
	email := d.email
	if email == nil {
		email = d.bodyEmail
	}
	if email == nil {
		return identityFail(http.StatusUnprocessableEntity, "EMAIL_REQUIRED",
			"discord did not supply an email address. Include 'email' in the request body to register this user.")
	}
	name := d.username
	if d.bodyUsername != nil {
		name = strings.TrimSpace(*d.bodyUsername)
		if n := len([]rune(name)); n < 3 || n > 50 {
			return ormFail("username", lengthMessage(name, n))
		}
	}
	if name == "" {
		name, _, _ = strings.Cut(*email, "@")
	}
	u := &user{meta: e.newMeta(), CompanyID: c.co.ID, Username: e.freeUsername(c.co.ID, name), Email: *email, Role: roleUnapproved}
	u.Name = u.Username
	d.writeTo(u)
	e.st.users.add(u)
	c.co.UserIDs = append(c.co.UserIDs, u.ID)
	return http.StatusOK, identifyJSON{"created", e.userWire2(u)}
}

// freeUsername adds -2, -3 … until no company user has the name.
func (e *Emulator) freeUsername(companyID, name string) string {
	taken := func(n string) bool {
		return len(e.st.users.live(func(u *user) bool { return u.CompanyID == companyID && u.Username == n })) > 0
	}
	candidate := name
	for i := 2; taken(candidate); i++ {
		candidate = name + "-" + itoa(i)
	}
	return candidate
}

func linkIdentity(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	if c.acting.ID != u.ID && c.acting.Role != roleAdmin {
		return fail(http.StatusForbidden, "Only the user themselves or an admin can link identities")
	}
	d := c.discord
	if s, p := d.requestProblem(); p != nil {
		return s, p
	}
	holders := e.st.users.live(func(o *user) bool {
		return o.CompanyID == u.CompanyID && o.ID != u.ID && o.Discord.ID != nil && *o.Discord.ID == d.id
	})
	if len(holders) > 0 {
		return identityFail(http.StatusConflict, "IDENTITY_ALREADY_LINKED",
			"This identity is already linked to another user. Use the merge endpoint to combine accounts.")
	}
	if u.Discord.ID != nil && *u.Discord.ID != d.id {
		return identityFail(http.StatusConflict, "IDENTITY_ALREADY_LINKED", "User already has a different discord identity linked.")
	}
	d.writeTo(u)
	e.touch(&u.meta)
	return http.StatusOK, e.userWire2(u)
}

func unlinkIdentity(e *Emulator, c *call) (int, any) {
	provider := c.p["provider"]
	if !slices.Contains(providers, provider) {
		return badEnum("provider", provider)
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	if c.acting.ID != u.ID && c.acting.Role != roleAdmin {
		return fail(http.StatusForbidden, "Only the user themselves or an admin can unlink identities")
	}
	linked := u.linkedProviders()
	if !slices.Contains(linked, provider) {
		return identityFail(http.StatusNotFound, "IDENTITY_NOT_LINKED", "No "+provider+" identity is linked to this user.")
	}
	if len(linked) == 1 {
		return identityFail(http.StatusConflict, "LAST_IDENTITY", "Cannot remove the user's only linked identity.")
	}
	if provider == "discord" {
		u.Discord, u.DiscordFull = discordProfile{}, false
	} else {
		delete(u.Profiles, provider)
	}
	e.touch(&u.meta)
	return http.StatusOK, e.userWire2(u)
}

// linkedProviders lists the providers whose profile is set.
func (u *user) linkedProviders() []string {
	var out []string
	for _, p := range providers {
		if (p == "discord" && u.Discord.ID != nil) || u.Profiles[p] != "" {
			out = append(out, p)
		}
	}
	return out
}

// profile is google/github/apple_profile on the wire: null or {"id": …}.
func (u *user) profile(provider string) any {
	if id := u.Profiles[provider]; id != "" {
		return map[string]string{"id": id}
	}
	return nil
}
