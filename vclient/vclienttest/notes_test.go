package vclienttest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotes(t *testing.T) {
	c := newTC(t)
	notes := c.user(c.sb.Alice, "/notes")
	r := c.do("POST", notes, map[string]any{"title": "Contacts", "content": "Ask Sam about the Prince."})
	require.Equal(t, 201, r.status, string(r.raw))
	created := r.json(t)
	id := created["id"].(string)
	assert.Equal(t, []string{"id", "date_created", "date_modified", "title", "content"}, keysOf(t, r.raw))

	t.Run("list is per user", func(t *testing.T) {
		c.s.AddNote(c.sb.Bob, Note{Title: "Bob's", Content: "secret"})
		m := c.do("GET", notes, nil).json(t)
		assert.EqualValues(t, 1, m["total"])
	})
	t.Run("get by id does not check the owner", func(t *testing.T) {
		r := c.do("GET", c.user(c.sb.Bob, "/notes/"+id), nil)
		require.Equal(t, 200, r.status)
		assert.Equal(t, "Contacts", r.json(t)["title"])
	})
	t.Run("patch needs both fields", func(t *testing.T) {
		m := requireProblem(t, c.do("PATCH", notes+"/"+id, map[string]any{"title": "Renamed"}), 400, validationFailed)
		assert.Equal(t, []any{map[string]any{"field": "content", "message": "Field required"}}, m["invalid_parameters"])
	})
	t.Run("too short values name the field as an array", func(t *testing.T) {
		m := requireProblem(t, c.do("PATCH", notes+"/"+id, map[string]any{"title": "ab", "content": "long enough"}), 400, validationFailed)
		assert.Equal(t, []any{"title"}, m["invalid_parameters"].([]any)[0].(map[string]any)["field"])
	})
	t.Run("patch with both fields updates", func(t *testing.T) {
		r := c.do("PATCH", notes+"/"+id, map[string]any{"title": "Renamed", "content": "New text"})
		require.Equal(t, 200, r.status)
		assert.Equal(t, "Renamed", c.s.Notes(c.sb.Alice)[0].Title)
	})
	t.Run("delete is 204 and then 404", func(t *testing.T) {
		r := c.do("DELETE", notes+"/"+id, nil)
		assert.Equal(t, 204, r.status)
		assert.Empty(t, r.raw)
		requireProblem(t, c.do("GET", notes+"/"+id, nil), 404, "Note not found")
		assert.Empty(t, c.s.Notes(c.sb.Alice))
	})
	t.Run("create refuses a missing title", func(t *testing.T) {
		requireProblem(t, c.do("POST", notes, map[string]any{"content": "no title"}), 400, validationFailed)
	})
	t.Run("notes of an unknown user are not found", func(t *testing.T) {
		requireProblem(t, c.do("GET", c.user("66c0ffee00000000000000aa", "/notes"), nil), 404, "User not found")
	})
}
