package vclienttest

import "net/http"

// oboClass is how a v2 route reads the On-Behalf-Of header (contract v2 §2.3).
type oboClass int

const (
	oboN    oboClass = iota // ignored
	oboO                    // optional: validated when present
	oboR400                 // required by dependency injection: missing → 400
	oboR403                 // required by a guard: missing → 403
)

// onBehalfOfHeader is the v2 acting-user header.
const onBehalfOfHeader = "On-Behalf-Of"

// onBehalfOf applies the route's On-Behalf-Of class and stores the acting
// user in c.acting. It returns a nil value when the request may go on.
func (e *Emulator) onBehalfOf(c *call, rd *route) (int, any) {
	if rd == nil || rd.obo == oboN {
		return 0, nil
	}
	_, present := c.r.Header[http.CanonicalHeaderKey(onBehalfOfHeader)]
	v := c.r.Header.Get(onBehalfOfHeader)
	if v == "" {
		// The guards treat an empty value as absent; Litestar's required
		// header parameter sees it as present (contract v2 Appendix B.1).
		switch {
		case rd.obo == oboR403:
			return fail(http.StatusForbidden, "On-Behalf-Of header is required")
		case rd.obo == oboR400 && present:
			return invalid("On-Behalf-Of header must be a valid UUID",
				invalidParam{Field: onBehalfOfHeader, Message: "Must be a valid UUID"})
		case rd.obo == oboR400:
			return invalid("Missing required header parameter 'On-Behalf-Of' for path " + c.r.URL.RequestURI())
		}
		return 0, nil
	}
	var u *user
	if isUUID(v) {
		u = e.st.users.get(v)
	}
	if u == nil {
		return fail(http.StatusNotFound, "User '"+v+"' not found")
	}
	c.acting = u
	if rd.noActiveCheck {
		return 0, nil
	}
	switch {
	case u.Role == roleUnapproved && !rd.allowUnapproved:
		return fail(http.StatusForbidden, "User has not been approved yet")
	case u.Role == roleDeactivated:
		return fail(http.StatusForbidden, "User account is deactivated")
	}
	return 0, nil
}

const (
	roleAdmin       = "ADMIN"
	roleStoryteller = "STORYTELLER"
	rolePlayer      = "PLAYER"
	roleUnapproved  = "UNAPPROVED"
	roleDeactivated = "DEACTIVATED"
)

// isStoryteller: STORYTELLER or ADMIN, the roles that see everything.
func isStoryteller(u *user) bool {
	return u != nil && (u.Role == roleStoryteller || u.Role == roleAdmin)
}
