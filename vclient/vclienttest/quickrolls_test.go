package vclienttest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keysOf returns a JSON object's keys in wire order.
func keysOf(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytesReader(raw))
	_, err := dec.Token()
	require.NoError(t, err)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func TestQuickrolls(t *testing.T) {
	c := newTC(t)
	qrs := c.user(c.sb.Alice, "/quickrolls")
	t.Run("list is sorted by name", func(t *testing.T) {
		m := c.do("GET", qrs, nil).json(t)
		items := m["items"].([]any)
		require.Len(t, items, 2)
		assert.Equal(t, "Dexterity + Firearms", items[0].(map[string]any)["name"])
		assert.Equal(t, "Strength + Brawl", items[1].(map[string]any)["name"])
	})
	t.Run("create resolves CharacterTrait ids to Trait ids", func(t *testing.T) {
		ctID := c.s.SetCharacterTrait(c.sb.Mara, c.sb.Traits["Wits"], 3)
		r := c.do("POST", qrs, map[string]any{"name": "Wits + Awareness", "trait_ids": []string{ctID, c.sb.Traits["Awareness"]}})
		require.Equal(t, 201, r.status, string(r.raw))
		m := r.json(t)
		assert.Equal(t, []any{c.sb.Traits["Wits"], c.sb.Traits["Awareness"]}, m["trait_ids"])
		assert.Nil(t, m["description"])
		assert.Equal(t, c.sb.Alice, m["user_id"])
	})
	t.Run("a duplicate name is refused with the field", func(t *testing.T) {
		m := requireProblem(t, c.do("POST", qrs, map[string]any{"name": "Strength + Brawl"}), 400, "Quick roll name already exists")
		assert.Equal(t, []any{map[string]any{"field": "name", "message": "Quick roll name Strength + Brawl already exists"}}, m["invalid_parameters"])
	})
	t.Run("another user may reuse the name", func(t *testing.T) {
		assert.Equal(t, 201, c.do("POST", c.user(c.sb.Bob, "/quickrolls"), map[string]any{"name": "Strength + Brawl"}).status)
	})
	t.Run("an unknown trait is refused", func(t *testing.T) {
		m := requireProblem(t, c.do("POST", qrs, map[string]any{"name": "Nope", "trait_ids": []string{"66c0ffee00000000000000aa"}}), 400, "Trait not found")
		assert.Equal(t, []any{map[string]any{"field": "trait_ids", "message": "Trait 66c0ffee00000000000000aa not found"}}, m["invalid_parameters"])
	})
	id := c.sb.Quickrolls["Strength + Brawl"]
	t.Run("patch is partial", func(t *testing.T) {
		r := c.do("PATCH", qrs+"/"+id, map[string]any{"description": "Hit hard"})
		require.Equal(t, 200, r.status, string(r.raw))
		m := r.json(t)
		assert.Equal(t, "Strength + Brawl", m["name"])
		assert.Equal(t, "Hit hard", m["description"])
		assert.Len(t, m["trait_ids"], 2)
	})
	t.Run("patch to a taken name is refused", func(t *testing.T) {
		requireProblem(t, c.do("PATCH", qrs+"/"+id, map[string]any{"name": "Dexterity + Firearms"}), 400, "Quick roll name already exists")
	})
	t.Run("get and delete by id only", func(t *testing.T) {
		assert.Equal(t, 200, c.do("GET", c.user(c.sb.Bob, "/quickrolls/"+id), nil).status)
		assert.Equal(t, 204, c.do("DELETE", c.user(c.sb.Bob, "/quickrolls/"+id), nil).status)
		requireProblem(t, c.do("GET", qrs+"/"+id, nil), 404, "Quick roll not found")
	})
}
