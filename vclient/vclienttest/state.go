package vclienttest

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// meta is what every stored document has.
type meta struct {
	ID       string
	Created  time.Time
	Modified time.Time
	Archived bool
}

func (m *meta) base() *meta { return m }

type record interface{ base() *meta }

// table keeps documents in insertion order ("MongoDB natural order").
type table[T record] struct {
	order []T
	byID  map[string]T
}

func (t *table[T]) add(v T) T {
	if t.byID == nil {
		t.byID = map[string]T{}
	}
	t.order = append(t.order, v)
	t.byID[v.base().ID] = v
	return v
}

// get returns the live (not archived) document with the id, or the zero value.
func (t *table[T]) get(id string) T {
	v, ok := t.byID[id]
	if !ok || v.base().Archived {
		var zero T
		return zero
	}
	return v
}

// live returns the non-archived documents matching keep, in natural order.
func (t *table[T]) live(keep func(T) bool) []T {
	var out []T
	for _, v := range t.order {
		if !v.base().Archived && (keep == nil || keep(v)) {
			out = append(out, v)
		}
	}
	return out
}

type state struct {
	companies  table[*company]
	users      table[*user]
	campaigns  table[*campaign]
	traits     table[*trait]
	characters table[*character]
	charTraits table[*charTrait]
	quickrolls table[*quickroll]
	notes      table[*note]
	assets     table[*asset]
	rolls      table[*diceRoll]
	categories map[string]string // parent category name -> id
	sections   map[string]string // sheet section name -> id
}

func newState() *state {
	return &state{categories: map[string]string{}, sections: map[string]string{}}
}

// newID returns the next id: a deterministic 24-hex ObjectId-like id in v1,
// a UUID v7 in v2.
func (e *Emulator) newID() string {
	e.nextID++
	if e.v2() {
		return e.uuid7()
	}
	return fmt.Sprintf("66c0ffee%016x", e.nextID)
}

// newMeta stamps a new document with an id and whole-second UTC times.
func (e *Emulator) newMeta() meta {
	now := e.stamp()
	return meta{ID: e.newID(), Created: now, Modified: now}
}

// stamp is the time of a write: whole seconds in v1, microseconds in v2.
func (e *Emulator) stamp() time.Time {
	if e.v2() {
		return e.now().UTC().Truncate(time.Microsecond)
	}
	return e.now().UTC().Truncate(time.Second)
}

func (e *Emulator) touch(m *meta) { m.Modified = e.stamp() }

func wireTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// wireTime2 is msgspec's encoding: Z, and six fraction digits only when
// the microseconds are non-zero.
func wireTime2(t time.Time) string { return pyTime(t) + "Z" }

// isoTime2 is Python's isoformat() of a UTC time (CharacterTrait dates): +00:00.
func isoTime2(t time.Time) string { return pyTime(t) + "+00:00" }

func pyTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04:05.000000")
}

var objectIDPattern = regexp.MustCompile(`^[0-9a-f]{24}$`)

func isObjectID(s string) bool { return objectIDPattern.MatchString(s) }

// pathIDs validates path ids: a non-ObjectId (v1) or non-UUID (v2) fails
// request validation (400).
func pathIDs(c *call, names ...string) (int, any, bool) {
	for _, n := range names {
		if c.v2 {
			if !isUUID(c.p[n]) {
				s, p := badField(n, "Invalid UUID")
				return s, p, false
			}
			continue
		}
		if !isObjectID(c.p[n]) {
			s, p := badField(n, "Invalid ObjectId")
			return s, p, false
		}
	}
	return 0, nil, true
}

// page is the list envelope.
type page struct {
	Items  any `json:"items"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
	Total  int `json:"total"`
}

// paging reads limit (default 10, 0–100) and offset (default 0, ≥0).
func paging(c *call) (limit, offset int, status int, prob any, ok bool) {
	limit, offset = 10, 0
	if s := c.q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 100 {
			if c.v2 {
				status, prob = badField("limit", "Expected `int` <= 100")
				return 0, 0, status, prob, false
			}
			status, prob = badField("limit", "Input should be less than or equal to 100")
			return 0, 0, status, prob, false
		}
		limit = n
	}
	if s := c.q.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			if c.v2 {
				status, prob = badField("offset", "Expected `int` >= 0")
				return 0, 0, status, prob, false
			}
			status, prob = badField("offset", "Input should be greater than or equal to 0")
			return 0, 0, status, prob, false
		}
		offset = n
	}
	return limit, offset, 0, nil, true
}

// pageOf slices all matches and converts the window to wire values.
func pageOf[T, W any](all []T, limit, offset int, wire func(T) W) (int, any) {
	items := []W{}
	for i := offset; i < len(all) && i < offset+limit; i++ {
		items = append(items, wire(all[i]))
	}
	return http.StatusOK, page{Items: items, Limit: limit, Offset: offset, Total: len(all)}
}

// listWith parses paging and returns a page of the documents.
func listWith[T, W any](c *call, all []T, wire func(T) W) (int, any) {
	limit, offset, s, p, ok := paging(c)
	if !ok {
		return s, p
	}
	return pageOf(all, limit, offset, wire)
}

// pathUser is the {user_id} of the path: it must be live and in the company.
func (e *Emulator) pathUser(c *call) (*user, int, any) {
	if s, p, ok := pathIDs(c, "user_id"); !ok {
		return nil, s, p
	}
	u := e.st.users.get(c.p["user_id"])
	if u == nil || u.CompanyID != c.co.ID {
		s, p := fail(http.StatusNotFound, "User not found")
		return nil, s, p
	}
	return u, 0, nil
}

// requester resolves a requesting_user_id: looked up across companies; missing → 400.
func (e *Emulator) requester(id string) (*user, int, any) {
	u := e.st.users.get(id)
	if u == nil {
		s, p := invalid("User " + id + " not found")
		return nil, s, p
	}
	return u, 0, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// firstMissing takes (name, isMissing) pairs and returns the first missing name.
func firstMissing(pairs ...any) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1].(bool) {
			return pairs[i].(string)
		}
	}
	return ""
}
