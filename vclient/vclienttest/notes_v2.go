package vclienttest

import (
	"net/http"
	"strconv"
	"strings"
)

type noteV2JSON struct {
	ID           string  `json:"id"`
	DateCreated  string  `json:"date_created"`
	DateModified string  `json:"date_modified"`
	Title        string  `json:"title"`
	Content      string  `json:"content"`
	CompanyID    string  `json:"company_id"`
	CampaignID   *string `json:"campaign_id"`
	BookID       *string `json:"book_id"`
	ChapterID    *string `json:"chapter_id"`
	CharacterID  *string `json:"character_id"`
	UserID       *string `json:"user_id"`
}

func (n *note) wire2() noteV2JSON {
	return noteV2JSON{ID: n.ID, DateCreated: wireTime2(n.Created), DateModified: wireTime2(n.Modified),
		Title: n.Title, Content: n.Content, CompanyID: n.CompanyID, UserID: optional(n.UserID), CharacterID: optional(n.CharacterID)}
}

// User notes in v2 have no permission check at all (class O): any acting
// user, or none, may read and write any user's notes.

func listNotesV2(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	return listWith(c, e.userNotes(u.ID), (*note).wire2)
}

type noteV2Body struct {
	Title   *string `json:"title"`
	Content *string `json:"content"`
}

// ormCheck applies the note model's validators to the present fields.
func (b *noteV2Body) ormCheck() (int, any, bool) {
	if b.Title != nil {
		t := strings.TrimSpace(*b.Title)
		if n := len([]rune(t)); n < 3 || n > 50 {
			s, p := ormFail("title", lengthMessage(t, n))
			return s, p, false
		}
	}
	if b.Content != nil {
		t := strings.TrimSpace(*b.Content)
		if n := len([]rune(t)); n < 3 {
			s, p := ormFail("content", "Length of '"+t+"' "+strconv.Itoa(n)+" < 3")
			return s, p, false
		}
	}
	return 0, nil, true
}

// create adds n with the body's title (required) and content (default ""), user and
// character notes alike.
func (b *noteV2Body) create(e *Emulator, n note) (int, any) {
	if b.Title == nil {
		return missingField("title")
	}
	if b.Content == nil {
		empty := ""
		b.Content = &empty
	}
	if s, p, ok := b.ormCheck(); !ok {
		return s, p
	}
	n.meta, n.Title, n.Content = e.newMeta(), strings.TrimSpace(*b.Title), strings.TrimSpace(*b.Content)
	return http.StatusCreated, e.st.notes.add(&n).wire2()
}

// patch is truly partial: only the sent fields change; {} is a no-op.
func (b *noteV2Body) patch(e *Emulator, n *note) (int, any) {
	if s, p, ok := b.ormCheck(); !ok {
		return s, p
	}
	if b.Title != nil {
		n.Title = strings.TrimSpace(*b.Title)
	}
	if b.Content != nil {
		n.Content = strings.TrimSpace(*b.Content)
	}
	e.touch(&n.meta)
	return http.StatusOK, n.wire2()
}

// noteAnswer answers a GET of the note a lookup found, or the lookup's error.
func noteAnswer(n *note, s int, p any) (int, any) {
	if n == nil {
		return s, p
	}
	return http.StatusOK, n.wire2()
}

// archiveNote answers a DELETE of the note a lookup found (archived, as the API does), or the
// lookup's error.
func archiveNote(n *note, s int, p any) (int, any) {
	if n == nil {
		return s, p
	}
	n.Archived = true
	return http.StatusNoContent, nil
}

func createNoteV2(e *Emulator, c *call) (int, any) {
	var b noteV2Body
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	return b.create(e, note{CompanyID: c.co.ID, UserID: u.ID})
}

// userNote is the path user's live note: a note of another parent is 404.
func (e *Emulator) userNote(c *call) (*note, int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return nil, s, p
	}
	if s, p, ok := pathIDs(c, "note_id"); !ok {
		return nil, s, p
	}
	n := e.st.notes.get(c.p["note_id"])
	if n == nil || n.UserID != u.ID {
		s, p := fail(http.StatusNotFound, "Note not found")
		return nil, s, p
	}
	return n, 0, nil
}

func getNoteV2(e *Emulator, c *call) (int, any) { return noteAnswer(e.userNote(c)) }

// patchNoteV2 decodes the body before it looks at the path: user notes have no permission
// check to come first.
func patchNoteV2(e *Emulator, c *call) (int, any) {
	var b noteV2Body
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	n, s, p := e.userNote(c)
	if n == nil {
		return s, p
	}
	return b.patch(e, n)
}

func deleteNoteV2(e *Emulator, c *call) (int, any) { return archiveNote(e.userNote(c)) }
