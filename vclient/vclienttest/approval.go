package vclienttest

import (
	"net/http"
	"slices"
)

// The approval queue is ADMIN-only (contract v2 §3.4).

func listUnapproved(e *Emulator, c *call) (int, any) {
	if c.acting.Role != roleAdmin {
		return fail(http.StatusForbidden, notAuthorizedManage)
	}
	all := e.st.users.live(func(u *user) bool { return u.CompanyID == c.co.ID && u.Role == roleUnapproved })
	sortUsers(all)
	return listWith(c, all, e.userWire2)
}

// approver checks what approve and deny share: the target exists, the acting
// user is an approved ADMIN, the target is UNAPPROVED.
func (e *Emulator) approver(c *call) (*user, int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return nil, s, p
	}
	if c.acting.Role == roleUnapproved {
		s, p := fail(http.StatusForbidden, "User has not been approved yet")
		return nil, s, p
	}
	if c.acting.Role != roleAdmin {
		s, p := fail(http.StatusForbidden, notAuthorizedManage)
		return nil, s, p
	}
	return u, 0, nil
}

func approveUser(e *Emulator, c *call) (int, any) {
	var b struct {
		Role *string `json:"role"`
	}
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if b.Role == nil {
		return missingField("role")
	}
	u, s, p := e.approver(c)
	if u == nil {
		return s, p
	}
	switch role := *b.Role; {
	case !slices.Contains(allRoles, role):
		return fail(http.StatusInternalServerError, "Internal Server Error")
	case u.Role != roleUnapproved:
		return invalid("User is not in UNAPPROVED status")
	case role == roleUnapproved || role == roleDeactivated:
		return invalid("Cannot assign " + role + " role via approval")
	}
	u.Role = *b.Role
	e.touch(&u.meta)
	return http.StatusCreated, e.userWire2(u)
}

// denyUser archives the UNAPPROVED user; the body is null.
func denyUser(e *Emulator, c *call) (int, any) {
	u, s, p := e.approver(c)
	if u == nil {
		return s, p
	}
	if u.Role != roleUnapproved {
		return invalid("User is not in UNAPPROVED status")
	}
	e.archiveUser(u)
	return http.StatusCreated, nullBody{}
}

// nullBody marshals as JSON null.
type nullBody struct{}

func (nullBody) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// mergeUsers copies the secondary's provider profiles the primary lacks and
// archives the secondary (which must be UNAPPROVED).
func mergeUsers(e *Emulator, c *call) (int, any) {
	var b struct {
		Primary   *string `json:"primary_user_id"`
		Secondary *string `json:"secondary_user_id"`
	}
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if f := firstMissing("primary_user_id", b.Primary == nil, "secondary_user_id", b.Secondary == nil); f != "" {
		return missingField(f)
	}
	if c.acting.Role != roleAdmin {
		return fail(http.StatusForbidden, notAuthorizedManage)
	}
	if *b.Primary == *b.Secondary {
		return invalid("Cannot merge a user with themselves")
	}
	primary, secondary := e.st.users.get(*b.Primary), e.st.users.get(*b.Secondary)
	if primary == nil || secondary == nil || primary.CompanyID != c.co.ID || secondary.CompanyID != c.co.ID {
		return fail(http.StatusNotFound, "User not found")
	}
	if secondary.Role != roleUnapproved {
		return invalid("Secondary user must have UNAPPROVED role")
	}
	if primary.Discord.ID == nil && secondary.Discord.ID != nil {
		primary.Discord, primary.DiscordFull = secondary.Discord, secondary.DiscordFull
	}
	for p, id := range secondary.Profiles {
		if primary.Profiles[p] == "" {
			if primary.Profiles == nil {
				primary.Profiles = map[string]string{}
			}
			primary.Profiles[p] = id
		}
	}
	e.archiveUser(secondary)
	e.touch(&primary.meta)
	return http.StatusCreated, e.userWire2(primary)
}
