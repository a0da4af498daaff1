package vclienttest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

type experienceV2JSON struct {
	ID         string `json:"id"`
	CampaignID string `json:"campaign_id"`
	UserID     string `json:"user_id"`
	XPCurrent  int    `json:"xp_current"`
	XPTotal    int    `json:"xp_total"`
	CoolPoints int    `json:"cool_points"`
}

func (x *experience) wire2() experienceV2JSON {
	return experienceV2JSON{x.ID, x.CampaignID, x.UserID, x.XPCurrent, x.XPTotal, x.CoolPoints}
}

// userV2JSON is v2's UserResponse; the include keys are omitted unless asked for.
type userV2JSON struct {
	ID                 string             `json:"id"`
	DateCreated        string             `json:"date_created"`
	DateModified       string             `json:"date_modified"`
	NameFirst          *string            `json:"name_first"`
	NameLast           *string            `json:"name_last"`
	Username           string             `json:"username"`
	Email              string             `json:"email"`
	Role               string             `json:"role"`
	CompanyID          string             `json:"company_id"`
	LifetimeXP         int                `json:"lifetime_xp"`
	LifetimeCoolPoints int                `json:"lifetime_cool_points"`
	GoogleProfile      any                `json:"google_profile"`
	GithubProfile      any                `json:"github_profile"`
	DiscordProfile     map[string]any     `json:"discord_profile"`
	AppleProfile       any                `json:"apple_profile"`
	AvatarURL          *string            `json:"avatar_url"`
	NumQuickrolls      int                `json:"num_quickrolls"`
	NumNotes           int                `json:"num_notes"`
	NumAssets          int                `json:"num_assets"`
	NumCharacters      int                `json:"num_characters"`
	CampaignExperience []experienceV2JSON `json:"campaign_experience"`
	Quickrolls         []quickrollJSON    `json:"quickrolls,omitempty"`
	Notes              []noteV2JSON       `json:"notes,omitempty"`
	Assets             []assetV2JSON      `json:"assets,omitempty"`
	Characters         []characterV2JSON  `json:"characters,omitempty"`
}

// discordV2 is the stored profile: null when never linked; {"id","username"}
// for seeded (migrated-like) users; the seven keys plus a derived avatar_url
// when linked through identify.
func (u *user) discordV2() map[string]any {
	d := u.Discord
	if d.ID == nil {
		return nil
	}
	m := map[string]any{"id": *d.ID, "username": d.Username}
	if !u.DiscordFull {
		return m
	}
	m["global_name"], m["avatar_id"], m["discriminator"] = d.GlobalName, d.AvatarID, d.Discriminator
	m["email"], m["verified"] = d.Email, d.Verified
	m["avatar_url"] = discordAvatarURL(d)
	return m
}

func discordAvatarURL(d discordProfile) *string {
	var url string
	switch {
	case d.AvatarID != nil && *d.AvatarID != "":
		ext := "png"
		if strings.HasPrefix(*d.AvatarID, "a_") {
			ext = "gif"
		}
		url = "https://cdn.discordapp.com/avatars/" + *d.ID + "/" + *d.AvatarID + "." + ext
	case d.Discriminator != nil:
		n, _ := strconv.Atoi(*d.Discriminator)
		url = "https://cdn.discordapp.com/embed/avatars/" + strconv.Itoa(n%5) + ".png"
	default:
		return nil
	}
	return &url
}

func (e *Emulator) userWire2(u *user) userV2JSON {
	xp := []experienceV2JSON{}
	for _, x := range u.Experience {
		xp = append(xp, x.wire2())
	}
	out := userV2JSON{
		ID: u.ID, DateCreated: wireTime2(u.Created), DateModified: wireTime2(u.Modified),
		NameFirst: u.NameFirst, NameLast: u.NameLast, Username: u.Username, Email: u.Email, Role: u.Role,
		CompanyID: u.CompanyID, LifetimeXP: u.LifetimeXP, LifetimeCoolPoints: u.LifetimeCoolPoints,
		DiscordProfile: u.discordV2(), CampaignExperience: xp, GoogleProfile: u.profile("google"),
		GithubProfile: u.profile("github"), AppleProfile: u.profile("apple"),
		NumQuickrolls: len(e.st.quickrolls.live(func(q *quickroll) bool { return q.UserID == u.ID })),
		NumNotes:      len(e.userNotes(u.ID)),
		NumAssets:     len(e.st.assets.live(func(a *asset) bool { return a.ParentID == u.ID })),
		NumCharacters: len(e.st.characters.live(func(ch *character) bool { return ch.UserPlayerID == u.ID })),
	}
	if a := e.st.assets.get(u.AvatarAssetID); a != nil {
		out.AvatarURL = &a.PublicURL
	} else if d := out.DiscordProfile; d != nil && u.DiscordFull {
		out.AvatarURL = discordAvatarURL(u.Discord)
	}
	return out
}

func (e *Emulator) userNotes(userID string) []*note {
	return e.st.notes.live(func(n *note) bool { return n.UserID == userID && n.CharacterID == "" })
}

var userIncludes = []string{"quickrolls", "notes", "assets", "characters"}

func listUsersV2(e *Emulator, c *call) (int, any) {
	role := c.q.Get("user_role")
	if role != "" && !slices.Contains(allRoles, role) {
		return badEnum("user_role", role)
	}
	email := c.q.Get("email")
	all := e.st.users.live(func(u *user) bool {
		return u.CompanyID == c.co.ID && (role == "" || u.Role == role) && (email == "" || u.Email == email)
	})
	sortUsers(all)
	return listWith(c, all, e.userWire2)
}

var allRoles = []string{roleAdmin, roleStoryteller, rolePlayer, roleUnapproved, roleDeactivated}

// sortUsers orders by username, then id, as the v2 lists do.
func sortUsers(all []*user) {
	slices.SortStableFunc(all, func(a, b *user) int {
		if c := strings.Compare(a.Username, b.Username); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// getUserV2 adds the requested include lists (repeatable ?include=).
func getUserV2(e *Emulator, c *call) (int, any) {
	for _, inc := range c.q["include"] {
		if !slices.Contains(userIncludes, inc) {
			return badEnum("include", inc)
		}
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	out := e.userWire2(u)
	inc := c.q["include"]
	if slices.Contains(inc, "quickrolls") {
		out.Quickrolls = []quickrollJSON{}
		for _, q := range e.st.quickrolls.live(func(q *quickroll) bool { return q.UserID == u.ID }) {
			out.Quickrolls = append(out.Quickrolls, q.wire2())
		}
	}
	if slices.Contains(inc, "notes") {
		out.Notes = []noteV2JSON{}
		for _, n := range e.userNotes(u.ID) {
			out.Notes = append(out.Notes, n.wire2())
		}
	}
	if slices.Contains(inc, "assets") {
		out.Assets = []assetV2JSON{}
		for _, a := range e.st.assets.live(func(a *asset) bool { return a.ParentID == u.ID }) {
			out.Assets = append(out.Assets, a.wire2())
		}
	}
	if slices.Contains(inc, "characters") {
		out.Characters = []characterV2JSON{}
		for _, ch := range e.st.characters.live(func(ch *character) bool {
			return ch.UserPlayerID == u.ID && ch.Type != "STORYTELLER"
		}) {
			out.Characters = append(out.Characters, e.characterWire2(ch, false))
		}
	}
	return http.StatusOK, userDetail{out, inc}
}

// userDetail marshals empty requested include lists as [] (omitempty would drop them).
type userDetail struct {
	u   userV2JSON
	inc []string
}

func (d userDetail) MarshalJSON() ([]byte, error) {
	raw, err := json.Marshal(d.u)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	for _, k := range d.inc {
		if _, ok := m[k]; !ok {
			m[k] = json.RawMessage("[]")
		}
	}
	return json.Marshal(m)
}

type userV2Body struct {
	Username  *string `json:"username"`
	Email     *string `json:"email"`
	Role      *string `json:"role"`
	NameFirst *string `json:"name_first"`
	NameLast  *string `json:"name_last"`
}

// ormCheck applies the model validators on save (contract v2 [ORM]).
func (b *userV2Body) ormCheck() (int, any, bool) {
	if b.Username != nil {
		if n := len([]rune(strings.TrimSpace(*b.Username))); n < 3 || n > 50 {
			s, p := ormFail("username", lengthMessage(*b.Username, n))
			return s, p, false
		}
	}
	for f, v := range map[string]*string{"name_first": b.NameFirst, "name_last": b.NameLast} {
		if v != nil {
			if n := len([]rune(strings.TrimSpace(*v))); n < 2 || n > 50 {
				s, p := ormFail(f, "Length of '"+*v+"' "+strconv.Itoa(n)+" < 2")
				return s, p, false
			}
		}
	}
	if b.Email != nil && emailProblem(*b.Email) != "" {
		s, p := ormFail("email", "Invalid email format: "+*b.Email)
		return s, p, false
	}
	return 0, nil, true
}

func lengthMessage(v string, n int) string {
	if n > 50 {
		return "Length of '" + v + "' " + strconv.Itoa(n) + " > 50"
	}
	return "Length of '" + v + "' " + strconv.Itoa(n) + " < 3"
}

// ormFail is a Tortoise validator error on save: "<field>: <message>" and the
// default invalid_parameters.
func ormFail(field, message string) (int, any) { return invalid(field + ": " + message) }

// missingField is msgspec's error for a required body field.
func missingField(name string) (int, any) {
	return badField("data", "Object missing required field `"+name+"`")
}

func trimmed(p *string) *string {
	if p == nil {
		return nil
	}
	s := strings.TrimSpace(*p)
	return &s
}

func createUserV2(e *Emulator, c *call) (int, any) {
	var b userV2Body
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if f := firstMissing("username", b.Username == nil, "email", b.Email == nil, "role", b.Role == nil); f != "" {
		return missingField(f)
	}
	req := c.acting
	switch role := *b.Role; {
	case !slices.Contains(allRoles, role):
		return fail(http.StatusInternalServerError, "Internal Server Error")
	case role == roleUnapproved || role == roleDeactivated:
		return invalid("Cannot create a user with initial role " + role)
	case !isStoryteller(req):
		return fail(http.StatusForbidden, "Requesting user is not authorized to change user roles")
	case req.Role == roleStoryteller && role == roleAdmin:
		return fail(http.StatusForbidden, "Storytellers may only assign STORYTELLER or PLAYER roles")
	}
	if s, p, ok := b.ormCheck(); !ok {
		return s, p
	}
	u := &user{meta: e.newMeta(), CompanyID: c.co.ID, Username: strings.TrimSpace(*b.Username),
		Email: strings.TrimSpace(*b.Email), Role: *b.Role, NameFirst: trimmed(b.NameFirst), NameLast: trimmed(b.NameLast)}
	u.Name = u.Username
	e.st.users.add(u)
	c.co.UserIDs = append(c.co.UserIDs, u.ID)
	return http.StatusCreated, e.userWire2(u)
}

// otherAdmin reports whether the company has a live ADMIN besides u.
func (e *Emulator) otherAdmin(u *user) bool {
	return len(e.st.users.live(func(o *user) bool {
		return o.CompanyID == u.CompanyID && o.Role == roleAdmin && o.ID != u.ID
	})) > 0
}

const notAuthorizedManage = "Requesting user is not authorized to manage this user"

func patchUserV2(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	var b userV2Body
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	req := c.acting
	if b.Role != nil {
		role := *b.Role
		switch {
		case !slices.Contains(allRoles, role):
			return fail(http.StatusInternalServerError, "Internal Server Error")
		case role == roleUnapproved:
			return invalid("Cannot assign UNAPPROVED role")
		case !isStoryteller(req):
			return fail(http.StatusForbidden, "Requesting user is not authorized to change user roles")
		case (role == roleDeactivated || u.Role == roleDeactivated) && req.Role != roleAdmin:
			return fail(http.StatusForbidden, "Only admins may deactivate or reactivate a user")
		case u.Role == roleAdmin && req.Role != roleAdmin:
			return fail(http.StatusForbidden, "Only admins may change an admin user's role")
		case req.Role == roleStoryteller && role != roleStoryteller && role != rolePlayer:
			return fail(http.StatusForbidden, "Storytellers may only assign STORYTELLER or PLAYER roles")
		case u.Role == roleAdmin && role != roleAdmin && !e.otherAdmin(u):
			return fail(http.StatusConflict, "Cannot remove the last admin from the company")
		}
	}
	if req.ID != u.ID && req.Role != roleAdmin {
		return fail(http.StatusForbidden, notAuthorizedManage)
	}
	if s, p, ok := b.ormCheck(); !ok {
		return s, p
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(c.body, &raw)
	if b.Username != nil {
		u.Username = strings.TrimSpace(*b.Username)
	}
	if b.Email != nil {
		u.Email = strings.TrimSpace(*b.Email)
	}
	if b.Role != nil {
		u.Role = *b.Role
	}
	if _, ok := raw["name_first"]; ok {
		u.NameFirst = trimmed(b.NameFirst)
	}
	if _, ok := raw["name_last"]; ok {
		u.NameLast = trimmed(b.NameLast)
	}
	// discord_profile and the other profiles are read-only: silently ignored.
	e.touch(&u.meta)
	return http.StatusOK, e.userWire2(u)
}

func deleteUserV2(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	if req := c.acting; req.ID != u.ID && req.Role != roleAdmin {
		return fail(http.StatusForbidden, notAuthorizedManage)
	}
	if u.Role == roleAdmin && !e.otherAdmin(u) {
		return fail(http.StatusConflict, "Cannot remove the last admin from the company")
	}
	e.archiveUser(u)
	return http.StatusNoContent, nil
}

type lookupRow struct {
	CompanyID   string `json:"company_id"`
	CompanyName string `json:"company_name"`
	UserID      string `json:"user_id"`
	Role        string `json:"role"`
}

// lookupUsers is GET /api/v1/users/lookup: exactly one identifier, a bare
// array over every company the key can reach.
func lookupUsers(e *Emulator, c *call) (int, any) {
	var key, value string
	n := 0
	for _, k := range []string{"email", "discord_id", "google_id", "github_id", "apple_id"} {
		if vs, ok := c.q[k]; ok {
			key, value = k, vs[0]
			n++
		}
	}
	if n != 1 {
		return invalid("Exactly one lookup identifier is required: email, discord_id, google_id, github_id, or apple_id.")
	}
	rows := []lookupRow{}
	for _, u := range e.st.users.live(nil) {
		co := e.st.companies.byID[u.CompanyID]
		if co == nil || co.NoAccess {
			continue
		}
		match := false
		switch key {
		case "email":
			match = u.Email == value
		case "discord_id":
			match = u.Discord.ID != nil && *u.Discord.ID == value
		default: // google_id, github_id, apple_id
			match = value != "" && u.Profiles[strings.TrimSuffix(key, "_id")] == value
		}
		if match {
			rows = append(rows, lookupRow{co.ID, co.Name, u.ID, u.Role})
		}
	}
	return http.StatusOK, rows
}
