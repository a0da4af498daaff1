package vclienttest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

func listQuickrolls(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	all := e.st.quickrolls.live(func(q *quickroll) bool { return q.UserID == u.ID })
	slices.SortStableFunc(all, func(a, b *quickroll) int { return strings.Compare(a.Name, b.Name) })
	return listWith(c, all, (*quickroll).wire)
}

type quickrollBody struct {
	Name        *string   `json:"name"`
	Description *string   `json:"description"`
	TraitIDs    *[]string `json:"trait_ids"`
}

// check validates the present fields, the per-user unique name and the traits,
// and resolves trait ids to blueprint Trait ids.
func (e *Emulator) checkQuickroll(b *quickrollBody, userID, selfID string) (int, any, bool) {
	if b.Name != nil {
		if n := len([]rune(*b.Name)); n < 3 || n > 50 {
			s, p := badModel("name", "String should have between 3 and 50 characters")
			return s, p, false
		}
		taken := e.st.quickrolls.live(func(q *quickroll) bool {
			return q.UserID == userID && q.Name == *b.Name && q.ID != selfID
		})
		if len(taken) > 0 {
			s, p := invalid("Quick roll name already exists",
				invalidParam{Field: "name", Message: "Quick roll name " + *b.Name + " already exists"})
			return s, p, false
		}
	}
	if b.Description != nil && len([]rune(*b.Description)) < 3 {
		s, p := badModel("description", "String should have at least 3 characters")
		return s, p, false
	}
	if b.TraitIDs != nil {
		ids, s, p, ok := e.resolveTraits(*b.TraitIDs)
		if !ok {
			return s, p, false
		}
		*b.TraitIDs = ids
	}
	return 0, nil, true
}

// resolveTraits maps blueprint Trait or CharacterTrait ids to Trait ids.
func (e *Emulator) resolveTraits(ids []string) ([]string, int, any, bool) {
	out := []string{}
	for _, id := range ids {
		if t := e.st.traits.get(id); t != nil {
			out = append(out, t.ID)
			continue
		}
		if ct := e.st.charTraits.get(id); ct != nil {
			out = append(out, ct.TraitID)
			continue
		}
		s, p := invalid("Trait not found", invalidParam{Field: "trait_ids", Message: "Trait " + id + " not found"})
		return nil, s, p, false
	}
	return out, 0, nil, true
}

func createQuickroll(e *Emulator, c *call) (int, any) {
	var b quickrollBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if b.Name == nil {
		return badField("name", "Field required")
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	if s, p, ok := e.checkQuickroll(&b, u.ID, ""); !ok {
		return s, p
	}
	q := &quickroll{meta: e.newMeta(), UserID: u.ID, Name: *b.Name, Description: b.Description, TraitIDs: []string{}}
	if b.TraitIDs != nil {
		q.TraitIDs = *b.TraitIDs
	}
	e.st.quickrolls.add(q)
	return http.StatusCreated, q.wire()
}

// quickrollByID looks the quickroll up by id only: the owner is not checked.
func (e *Emulator) quickrollByID(c *call) (*quickroll, int, any) {
	if s, p, ok := pathIDs(c, "quickroll_id"); !ok {
		return nil, s, p
	}
	q := e.st.quickrolls.get(c.p["quickroll_id"])
	if q == nil {
		s, p := fail(http.StatusNotFound, "Quick roll not found")
		return nil, s, p
	}
	return q, 0, nil
}

func getQuickroll(e *Emulator, c *call) (int, any) {
	q, s, p := e.quickrollByID(c)
	if q == nil {
		return s, p
	}
	return http.StatusOK, q.wire()
}

func patchQuickroll(e *Emulator, c *call) (int, any) {
	var b quickrollBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(c.body, &raw)
	q, s, p := e.quickrollByID(c)
	if q == nil {
		return s, p
	}
	if s, p, ok := e.checkQuickroll(&b, q.UserID, q.ID); !ok {
		return s, p
	}
	if b.Name != nil {
		q.Name = *b.Name
	}
	if _, sent := raw["description"]; sent {
		q.Description = b.Description
	}
	if b.TraitIDs != nil {
		q.TraitIDs = *b.TraitIDs
	}
	e.touch(&q.meta)
	return http.StatusOK, q.wire()
}

func deleteQuickroll(e *Emulator, c *call) (int, any) {
	q, s, p := e.quickrollByID(c)
	if q == nil {
		return s, p
	}
	q.Archived = true
	return http.StatusNoContent, nil
}
