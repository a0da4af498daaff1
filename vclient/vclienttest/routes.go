package vclienttest

import (
	"net/http"
	"net/url"
	"strings"
)

// handlerFunc serves one route while the emulator's lock is held. It returns
// the status and the wire value (a *problem for errors, nil for 204).
type handlerFunc func(e *Emulator, c *call) (int, any)

// call is one request as a handler sees it.
type call struct {
	r    *http.Request
	body []byte
	p    map[string]string // path parameters
	q    url.Values
	co   *company // the path company for company-scoped routes
	v2   bool
	// acting is the v2 On-Behalf-Of user (nil when absent or not read).
	acting *user
	// discord is the v2 verified Discord profile (identify and identity links).
	discord *discordResult
}

type routeDef struct {
	method  string
	pattern string // under /api/v1/companies/{company_id} when company is true
	company bool
	h       handlerFunc
}

// route is a routeDef with its v2 properties: how it reads On-Behalf-Of,
// its per-route rate-limit policy and whether it calls Discord.
type route struct {
	routeDef
	obo             oboClass
	policy          string // "" or a per-route rate-limit policy name
	allowUnapproved bool   // user_active_guard lets UNAPPROVED acting users through
	noActiveCheck   bool   // no user_active_guard (campaign mutations)
	discord         bool   // verifies a Discord token before the handler
}

type routeMatch struct {
	route   string // template, e.g. "POST /users/{user_id}/notes"; "" when nothing matched
	handler handlerFunc
	company bool
	params  map[string]string
	def     *route
}

var v1Routes = func() []route {
	out := make([]route, len(routeTable))
	for i, rd := range routeTable {
		out[i] = route{routeDef: rd}
	}
	return out
}()

// matchRoute finds the route of the emulator's dialect for a request path.
func (e *Emulator) matchRoute(method, path string) routeMatch {
	if e.v2() {
		return matchIn(v2Routes, method, path)
	}
	return matchIn(v1Routes, method, path)
}

const (
	usersBase      = "/users/{user_id}"
	campaignsBase  = usersBase + "/campaigns/{campaign_id}"
	charactersBase = campaignsBase + "/characters/{character_id}"
)

var routeTable = []routeDef{
	{"GET", "/health", false, getHealth},
	{"GET", "/companies", false, listCompanies},
	{"GET", "/companies/{company_id}", false, getCompany},

	{"GET", "/users", true, listUsers},
	{"POST", "/users", true, createUser},
	{"GET", usersBase, true, getUser},
	{"PATCH", usersBase, true, patchUser},
	{"DELETE", usersBase, true, deleteUser},
	{"GET", usersBase + "/statistics", true, userStatistics},
	{"GET", "/statistics", true, companyStatistics},

	{"GET", usersBase + "/experience/{campaign_id}", true, getExperience},
	{"POST", usersBase + "/experience/xp/add", true, addXP},
	{"POST", usersBase + "/experience/xp/remove", true, removeXP},
	{"POST", usersBase + "/experience/cp/add", true, addCP},

	{"GET", usersBase + "/assets", true, listAssets},
	{"POST", usersBase + "/assets/upload", true, uploadAsset},
	{"GET", usersBase + "/assets/{asset_id}", true, getAsset},
	{"DELETE", usersBase + "/assets/{asset_id}", true, deleteAsset},

	{"GET", usersBase + "/notes", true, listNotes},
	{"POST", usersBase + "/notes", true, createNote},
	{"GET", usersBase + "/notes/{note_id}", true, getNote},
	{"PATCH", usersBase + "/notes/{note_id}", true, patchNote},
	{"DELETE", usersBase + "/notes/{note_id}", true, deleteNote},

	{"GET", usersBase + "/quickrolls", true, listQuickrolls},
	{"POST", usersBase + "/quickrolls", true, createQuickroll},
	{"GET", usersBase + "/quickrolls/{quickroll_id}", true, getQuickroll},
	{"PATCH", usersBase + "/quickrolls/{quickroll_id}", true, patchQuickroll},
	{"DELETE", usersBase + "/quickrolls/{quickroll_id}", true, deleteQuickroll},

	{"GET", usersBase + "/dicerolls", true, listDiceRolls},
	{"POST", usersBase + "/dicerolls", true, createDiceRoll},
	{"POST", usersBase + "/dicerolls/quickroll", true, rollQuickroll},
	{"GET", usersBase + "/dicerolls/{diceroll_id}", true, getDiceRoll},

	{"GET", usersBase + "/campaigns", true, listCampaigns},
	{"GET", campaignsBase, true, getCampaign},
	{"GET", campaignsBase + "/statistics", true, campaignStatistics},
	{"GET", campaignsBase + "/characters", true, listCharacters},
	{"GET", charactersBase, true, getCharacter},
	{"GET", charactersBase + "/statistics", true, characterStatistics},
	{"GET", charactersBase + "/traits", true, listCharacterTraits},
	{"GET", charactersBase + "/traits/{character_trait_id}", true, getCharacterTrait},

	{"GET", "/characterblueprint/traits/{trait_id}", true, getBlueprintTrait},
}

// matchIn finds the route for a request path under /api/v1 in a table.
func matchIn(table []route, method, path string) routeMatch {
	rest, ok := strings.CutPrefix(path, "/api/v1")
	if !ok {
		return routeMatch{}
	}
	segs := splitPath(rest)
	var companyID string
	sub := segs
	if len(segs) >= 2 && segs[0] == "companies" {
		companyID, sub = segs[1], segs[2:]
	}
	for i := range table {
		rd := &table[i]
		if rd.method != method {
			continue
		}
		target := segs
		if rd.company {
			if companyID == "" {
				continue
			}
			target = sub
		}
		params, ok := matchSegments(splitPath(rd.pattern), target)
		if !ok {
			continue
		}
		if companyID != "" {
			params["company_id"] = companyID
		}
		return routeMatch{route: rd.method + " " + rd.pattern, handler: rd.h, company: rd.company, params: params, def: rd}
	}
	return routeMatch{}
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func matchSegments(pattern, segs []string) (map[string]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pattern {
		if name, ok := strings.CutPrefix(p, "{"); ok {
			if segs[i] == "" {
				return nil, false
			}
			params[strings.TrimSuffix(name, "}")] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// dispatch runs the matched handler under the lock and writes its result.
func (e *Emulator) dispatch(w *recorder, r *http.Request, body []byte, m routeMatch) {
	c := &call{r: r, body: body, p: m.params, q: r.URL.Query(), v2: e.v2()}
	e.mu.Lock()
	status, v := e.guard(c, m)
	if v == nil && m.def.discord {
		// Never hold the lock while Discord answers.
		e.mu.Unlock()
		c.discord = e.verifyDiscord(r.Context(), c.body)
		e.mu.Lock()
	}
	if v == nil {
		status, v = m.handler(e, c)
	}
	e.mu.Unlock()
	writeResult(w, r, status, v)
}

// guard runs the company guard and, in v2, the On-Behalf-Of checks; it
// returns a nil value when the handler may run.
func (e *Emulator) guard(c *call, m routeMatch) (int, any) {
	if c.v2 {
		if m.company {
			co := e.st.companies.get(c.p["company_id"])
			if co == nil || co.NoAccess {
				return fail(http.StatusForbidden, "No rights to access this resource")
			}
			c.co = co
		}
		return e.onBehalfOf(c, m.def)
	}
	if m.company {
		id := c.p["company_id"]
		co := e.st.companies.get(id)
		if co == nil {
			return fail(http.StatusNotFound, "Company '"+id+"' not found")
		}
		if co.NoAccess {
			return fail(http.StatusForbidden, "No rights to access this resource")
		}
		c.co = co
	}
	return 0, nil
}

func (e *Emulator) handle(c *call, m routeMatch) (int, any) {
	if s, v := e.guard(c, m); v != nil {
		return s, v
	}
	return m.handler(e, c)
}

func getHealth(*Emulator, *call) (int, any) {
	return http.StatusOK, map[string]string{"status": "ok"}
}
