package vclienttest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

var roles = []string{"ADMIN", "STORYTELLER", "PLAYER"}

func listUsers(e *Emulator, c *call) (int, any) {
	role := c.q.Get("user_role")
	if role != "" && !slices.Contains(roles, role) {
		return badField("user_role", "Input should be 'ADMIN', 'STORYTELLER' or 'PLAYER'")
	}
	all := e.st.users.live(func(u *user) bool {
		return u.CompanyID == c.co.ID && (role == "" || u.Role == role)
	})
	return listWith(c, all, (*user).wire)
}

func getUser(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	return http.StatusOK, u.wire()
}

type userBody struct {
	Name             *string                    `json:"name"`
	Email            *string                    `json:"email"`
	Role             *string                    `json:"role"`
	DiscordProfile   map[string]json.RawMessage `json:"discord_profile"`
	RequestingUserID *string                    `json:"requesting_user_id"`
}

// check validates the fields that are present; create requires all but discord_profile.
func (b *userBody) check(create bool, raw map[string]json.RawMessage) (int, any, bool) {
	missing := func(f string) (int, any, bool) {
		s, p := badField(f, "Field required")
		return s, p, false
	}
	if b.RequestingUserID == nil {
		return missing("requesting_user_id")
	}
	if create {
		for f, v := range map[string]*string{"name": b.Name, "email": b.Email, "role": b.Role} {
			if v == nil {
				return missing(f)
			}
		}
		if string(raw["discord_profile"]) == "null" {
			s, p := badField("discord_profile", "Input should be a valid dictionary")
			return s, p, false
		}
	}
	if b.Email != nil {
		if msg := emailProblem(*b.Email); msg != "" {
			s, p := badField("email", "value is not a valid email address: "+msg)
			return s, p, false
		}
	}
	if b.Role != nil && !slices.Contains(roles, *b.Role) {
		s, p := badField("role", "Input should be 'ADMIN', 'STORYTELLER' or 'PLAYER'")
		return s, p, false
	}
	if b.Name != nil {
		if n := len([]rune(strings.TrimSpace(*b.Name))); n < 3 || n > 50 {
			s, p := badModel("name", "String should have between 3 and 50 characters")
			return s, p, false
		}
	}
	return 0, nil, true
}

func emailProblem(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	switch {
	case !ok:
		return "An email address must have an @-sign."
	case local == "":
		return "There must be something before the @-sign."
	case strings.Contains(domain, "@"):
		return "The part after the @-sign contains invalid characters: '@'."
	case !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") || strings.HasPrefix(domain, "."):
		return "The part after the @-sign is not valid. It should have a period."
	}
	return ""
}

func decodeUserBody(c *call, create bool) (*userBody, int, any) {
	var b userBody
	var raw map[string]json.RawMessage
	if s, p, ok := decodeBody(c.body, &raw); !ok {
		return nil, s, p
	}
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return nil, s, p
	}
	if s, p, ok := b.check(create, raw); !ok {
		return nil, s, p
	}
	return &b, 0, nil
}

func createUser(e *Emulator, c *call) (int, any) {
	b, s, p := decodeUserBody(c, true)
	if b == nil {
		return s, p
	}
	req, s, p := e.requester(*b.RequestingUserID)
	if req == nil {
		return s, p
	}
	if req.Role != "ADMIN" {
		return fail(http.StatusForbidden, "Requesting user is not authorized to manage this user")
	}
	u := &user{meta: e.newMeta(), CompanyID: c.co.ID, Name: strings.TrimSpace(*b.Name), Email: *b.Email, Role: *b.Role}
	mergeDiscord(&u.Discord, b.DiscordProfile)
	e.st.users.add(u)
	c.co.UserIDs = append(c.co.UserIDs, u.ID)
	return http.StatusCreated, u.wire()
}

// canManage: the requester is the target, or an ADMIN.
func canManage(req, target *user) bool { return req.ID == target.ID || req.Role == "ADMIN" }

func patchUser(e *Emulator, c *call) (int, any) {
	b, s, p := decodeUserBody(c, false)
	if b == nil {
		return s, p
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	req, s, p := e.requester(*b.RequestingUserID)
	if req == nil {
		return s, p
	}
	if !canManage(req, u) {
		return fail(http.StatusForbidden, "Requesting user is not authorized to manage this user")
	}
	if b.Name != nil {
		u.Name = strings.TrimSpace(*b.Name)
	}
	if b.Email != nil {
		u.Email = *b.Email
	}
	if b.Role != nil {
		u.Role = *b.Role
	}
	mergeDiscord(&u.Discord, b.DiscordProfile)
	e.touch(&u.meta)
	return http.StatusOK, u.wire()
}

// mergeDiscord applies the sent keys one by one; null clears a key.
func mergeDiscord(d *discordProfile, m map[string]json.RawMessage) {
	str := func(dst **string, raw json.RawMessage) {
		var v *string
		_ = json.Unmarshal(raw, &v)
		*dst = v
	}
	for k, raw := range m {
		switch k {
		case "id":
			str(&d.ID, raw)
		case "username":
			str(&d.Username, raw)
		case "global_name":
			str(&d.GlobalName, raw)
		case "avatar_id":
			str(&d.AvatarID, raw)
		case "avatar_url":
			str(&d.AvatarURL, raw)
		case "discriminator":
			str(&d.Discriminator, raw)
		case "email":
			str(&d.Email, raw)
		case "verified":
			var v *bool
			_ = json.Unmarshal(raw, &v)
			d.Verified = v
		}
	}
}

func deleteUser(e *Emulator, c *call) (int, any) {
	reqID := c.q.Get("requesting_user_id")
	if reqID == "" {
		return badField("requesting_user_id", "Missing required query parameter 'requesting_user_id'")
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	req, s, p := e.requester(reqID)
	if req == nil {
		return s, p
	}
	if !canManage(req, u) {
		return fail(http.StatusForbidden, "Requesting user is not authorized to manage this user")
	}
	e.archiveUser(u)
	return http.StatusNoContent, nil
}

// archiveUser soft-deletes the user with their quickrolls, assets and played characters.
func (e *Emulator) archiveUser(u *user) {
	u.Archived = true
	if co := e.st.companies.get(u.CompanyID); co != nil {
		co.UserIDs = slices.DeleteFunc(co.UserIDs, func(id string) bool { return id == u.ID })
	}
	for _, q := range e.st.quickrolls.live(func(q *quickroll) bool { return q.UserID == u.ID }) {
		q.Archived = true
	}
	for _, a := range e.st.assets.live(func(a *asset) bool { return a.ParentID == u.ID }) {
		a.Archived = true
	}
	for _, ch := range e.st.characters.live(func(ch *character) bool { return ch.UserPlayerID == u.ID }) {
		ch.Archived = true
	}
	if e.v2() {
		// v2 also archives the user's notes and campaign-experience rows.
		for _, n := range e.userNotes(u.ID) {
			n.Archived = true
		}
		u.Experience = nil
	}
}
