package vclienttest

import "net/http"

func listNotes(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	all := e.st.notes.live(func(n *note) bool { return n.UserID == u.ID })
	return listWith(c, all, (*note).wire)
}

type noteBody struct {
	Title   *string `json:"title"`
	Content *string `json:"content"`
}

// check refuses a missing field (the PATCH schema is not partial either) and
// too-short values (model validation: field as an array).
func (b *noteBody) check() (int, any, bool) {
	if f := firstMissing("title", b.Title == nil, "content", b.Content == nil); f != "" {
		s, p := badField(f, "Field required")
		return s, p, false
	}
	if n := len([]rune(*b.Title)); n < 3 || n > 50 {
		s, p := badModel("title", "String should have between 3 and 50 characters")
		return s, p, false
	}
	if len([]rune(*b.Content)) < 3 {
		s, p := badModel("content", "String should have at least 3 characters")
		return s, p, false
	}
	return 0, nil, true
}

func decodeNote(c *call) (*noteBody, int, any) {
	var b noteBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return nil, s, p
	}
	if s, p, ok := b.check(); !ok {
		return nil, s, p
	}
	return &b, 0, nil
}

func createNote(e *Emulator, c *call) (int, any) {
	b, s, p := decodeNote(c)
	if b == nil {
		return s, p
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	n := e.st.notes.add(&note{meta: e.newMeta(), UserID: u.ID, Title: *b.Title, Content: *b.Content})
	return http.StatusCreated, n.wire()
}

// noteByID looks the note up by id only: the path user is not checked.
func (e *Emulator) noteByID(c *call) (*note, int, any) {
	if s, p, ok := pathIDs(c, "note_id"); !ok {
		return nil, s, p
	}
	n := e.st.notes.get(c.p["note_id"])
	if n == nil {
		s, p := fail(http.StatusNotFound, "Note not found")
		return nil, s, p
	}
	return n, 0, nil
}

func getNote(e *Emulator, c *call) (int, any) {
	n, s, p := e.noteByID(c)
	if n == nil {
		return s, p
	}
	return http.StatusOK, n.wire()
}

func patchNote(e *Emulator, c *call) (int, any) {
	b, s, p := decodeNote(c)
	if b == nil {
		return s, p
	}
	n, s, p := e.noteByID(c)
	if n == nil {
		return s, p
	}
	n.Title, n.Content = *b.Title, *b.Content
	e.touch(&n.meta)
	return http.StatusOK, n.wire()
}

func deleteNote(e *Emulator, c *call) (int, any) {
	n, s, p := e.noteByID(c)
	if n == nil {
		return s, p
	}
	n.Archived = true
	return http.StatusNoContent, nil
}
