package vclienttest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// wire2 is v2's Quickroll: description is "" when null.
func (q *quickroll) wire2() quickrollJSON {
	desc := deref(q.Description)
	return quickrollJSON{q.ID, wireTime2(q.Created), wireTime2(q.Modified), q.Name, &desc, q.UserID, nonNil(q.TraitIDs)}
}

func listQuickrollsV2(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	all := e.st.quickrolls.live(func(q *quickroll) bool { return q.UserID == u.ID })
	slices.SortStableFunc(all, func(a, b *quickroll) int { return strings.Compare(a.Name, b.Name) })
	return listWith(c, all, (*quickroll).wire2)
}

// getQuickrollV2 loads by id only: {user_id} is not even parsed.
func getQuickrollV2(e *Emulator, c *call) (int, any) {
	q, s, p := e.quickrollByID(c)
	if q == nil {
		return s, p
	}
	return http.StatusOK, q.wire2()
}

// quickrollWriter is the path user when the acting user may manage their
// quickrolls: the acting user is that user or an ADMIN. The quickroll's own
// owner is never checked.
func (e *Emulator) quickrollWriter(c *call) (*user, int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return nil, s, p
	}
	if c.acting.ID != u.ID && c.acting.Role != roleAdmin {
		s, p := fail(http.StatusForbidden, notAuthorizedManage)
		return nil, s, p
	}
	return u, 0, nil
}

// checkQuickrollV2 validates name/description and resolves trait ids
// (at least one); there is no name-uniqueness check in v2.
func (e *Emulator) checkQuickrollV2(b *quickrollBody, traits bool) (int, any, bool) {
	if b.Name != nil {
		t := strings.TrimSpace(*b.Name)
		if n := len([]rune(t)); n < 3 || n > 50 {
			s, p := ormFail("name", lengthMessage(t, n))
			return s, p, false
		}
	}
	if b.Description != nil && *b.Description != "" && len([]rune(strings.TrimSpace(*b.Description))) < 3 {
		s, p := ormFail("description", "Length of '"+*b.Description+"' "+itoa(len([]rune(*b.Description)))+" < 3")
		return s, p, false
	}
	if traits {
		return e.checkQuickrollTraits(b)
	}
	return 0, nil, true
}

func (e *Emulator) checkQuickrollTraits(b *quickrollBody) (int, any, bool) {
	var ids []string
	if b.TraitIDs != nil {
		ids = *b.TraitIDs
	}
	out, s, p, ok := e.resolveTraits(ids)
	if !ok {
		return s, p, false
	}
	out = slices.Compact(slices.Clone(out))
	if len(out) == 0 {
		const msg = "Quick roll must have at least one trait"
		s, p := invalid(msg, invalidParam{Field: "trait_ids", Message: msg})
		return s, p, false
	}
	b.TraitIDs = &out
	return 0, nil, true
}

func createQuickrollV2(e *Emulator, c *call) (int, any) {
	var b quickrollBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(c.body, &raw)
	if string(raw["description"]) == "null" {
		return badField("description", "Expected `str`, got `null`")
	}
	u, s, p := e.quickrollWriter(c)
	if u == nil {
		return s, p
	}
	if b.Name == nil {
		return missingField("name")
	}
	if s, p, ok := e.checkQuickrollV2(&b, true); !ok {
		return s, p
	}
	q := &quickroll{meta: e.newMeta(), UserID: u.ID, Name: strings.TrimSpace(*b.Name), TraitIDs: *b.TraitIDs}
	if b.Description != nil && *b.Description != "" {
		q.Description = trimmed(b.Description)
	}
	e.st.quickrolls.add(q)
	return http.StatusCreated, q.wire2()
}

// patchQuickrollV2 is not atomic, like the server: name and description are
// saved before trait_ids are validated.
func patchQuickrollV2(e *Emulator, c *call) (int, any) {
	var b quickrollBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if _, s, p := e.quickrollWriter(c); s != 0 {
		return s, p
	}
	q, s, p := e.quickrollByID(c)
	if q == nil {
		return s, p
	}
	if s, p, ok := e.checkQuickrollV2(&b, false); !ok {
		return s, p
	}
	if b.Name != nil {
		q.Name = strings.TrimSpace(*b.Name)
	}
	if b.Description != nil {
		q.Description = nil
		if *b.Description != "" {
			q.Description = trimmed(b.Description)
		}
	}
	e.touch(&q.meta)
	if b.TraitIDs != nil {
		if s, p, ok := e.checkQuickrollTraits(&b); !ok {
			return s, p
		}
		q.TraitIDs = *b.TraitIDs
	}
	return http.StatusOK, q.wire2()
}

func deleteQuickrollV2(e *Emulator, c *call) (int, any) {
	if _, s, p := e.quickrollWriter(c); s != 0 {
		return s, p
	}
	q, s, p := e.quickrollByID(c)
	if q == nil {
		return s, p
	}
	q.Archived = true
	return http.StatusNoContent, nil
}
