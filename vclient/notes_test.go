package vclient

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const noteJSON = `{"id":"n1","date_created":"2026-02-22T18:00:00Z","date_modified":"2026-02-22T18:00:00Z",
	"title":"Session 12 Notes","content":"## Key Events","parent_id":"stripped-but-tolerated"}`

var wantNote = &Note{ID: "n1", Title: "Session 12 Notes", Content: "## Key Events",
	DateCreated: time.Date(2026, 2, 22, 18, 0, 0, 0, time.UTC), DateModified: time.Date(2026, 2, 22, 18, 0, 0, 0, time.UTC)}

func TestUsersNotesCRUD(t *testing.T) {
	c, mux, _ := setup(t)
	base := "/api/v1/companies/co1/users/u1/notes"
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		assertQuery(t, r, url.Values{"limit": {"5"}, "offset": {"10"}})
		reply(w, 200, `{"items":[`+noteJSON+`],"limit":5,"offset":10,"total":11}`)
	})
	mux.HandleFunc("GET "+base+"/n1", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, noteJSON) })
	mux.HandleFunc("POST "+base, func(w http.ResponseWriter, r *http.Request) {
		assertJSONBody(t, r, `{"title":"Session 12 Notes","content":"## Key Events"}`)
		reply(w, 201, noteJSON)
	})
	mux.HandleFunc("DELETE "+base+"/n1", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	s := c.Users(coID)

	page, err := s.GetNotesPage(t.Context(), userID, &ListOptions{Limit: 5, Offset: 10})
	require.NoError(t, err)
	assert.Equal(t, &Page[Note]{Items: []Note{*wantNote}, Limit: 5, Offset: 10, Total: 11}, page)

	got, err := s.GetNote(t.Context(), userID, "n1")
	require.NoError(t, err)
	assert.Equal(t, wantNote, got)

	created, err := s.CreateNote(t.Context(), userID, &NoteCreate{Title: "Session 12 Notes", Content: "## Key Events"})
	require.NoError(t, err)
	assert.Equal(t, wantNote, created)

	require.NoError(t, s.DeleteNote(t.Context(), userID, "n1"))
}

func TestUsersUpdateNoteAlwaysSendsBothFields(t *testing.T) {
	title, content := "New title", "New content"
	tests := []struct {
		name    string
		req     *NoteUpdate
		body    string
		wantGET int
	}{
		{"both set: no GET", &NoteUpdate{Title: &title, Content: &content}, `{"title":"New title","content":"New content"}`, 0},
		{"only content: title fetched", &NoteUpdate{Content: &content}, `{"title":"Session 12 Notes","content":"New content"}`, 1},
		{"only title: content fetched", &NoteUpdate{Title: &title}, `{"title":"New title","content":"## Key Events"}`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			gets := 0
			mux.HandleFunc("GET /api/v1/companies/co1/users/u1/notes/n1", func(w http.ResponseWriter, r *http.Request) {
				gets++
				reply(w, 200, noteJSON)
			})
			mux.HandleFunc("PATCH /api/v1/companies/co1/users/u1/notes/n1", func(w http.ResponseWriter, r *http.Request) {
				assertJSONBody(t, r, tt.body)
				reply(w, 200, noteJSON)
			})
			_, err := c.Users(coID).UpdateNote(t.Context(), userID, "n1", tt.req)
			require.NoError(t, err)
			assert.Equal(t, tt.wantGET, gets)
		})
	}
}

func TestUsersUpdateNoteFailsWhenTheNoteIsGone(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1/notes/n1", func(w http.ResponseWriter, r *http.Request) {
		problemReply(w, 404, `{"status":404,"detail":"Note not found"}`)
	})
	content := "whatever"
	_, err := c.Users(coID).UpdateNote(t.Context(), userID, "n1", &NoteUpdate{Content: &content})
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestNoteValidation(t *testing.T) {
	short, long := "ab", "a title that is definitely longer than fifty characters in all"
	tests := []struct {
		name, field string
		err         error
	}{
		{"create: short title", "title", (&NoteCreate{Title: short, Content: "content"}).Validate()},
		{"create: long title", "title", (&NoteCreate{Title: long, Content: "content"}).Validate()},
		{"create: short content", "content", (&NoteCreate{Title: "title", Content: short}).Validate()},
		{"create: nil", "body", (*NoteCreate)(nil).Validate()},
		{"update: nothing set", "body", (&NoteUpdate{}).Validate()},
		{"update: short title", "title", (&NoteUpdate{Title: &short}).Validate()},
		{"update: short content", "content", (&NoteUpdate{Content: &short}).Validate()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rv *RequestValidationError
			require.ErrorAs(t, tt.err, &rv)
			assert.Equal(t, tt.field, rv.Field)
		})
	}
}

func TestUsersNotesNeedIDs(t *testing.T) {
	c, _, _ := setup(t)
	s := c.Users(coID)
	_, err := s.GetNotesPage(t.Context(), "", nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = s.GetNote(t.Context(), userID, "")
	assert.ErrorIs(t, err, ErrRequestValidation)
	assert.ErrorIs(t, s.DeleteNote(t.Context(), userID, ""), ErrRequestValidation)
	_, err = s.CreateNote(t.Context(), userID, &NoteCreate{Title: "x"})
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = s.UpdateNote(t.Context(), userID, "n1", nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
}

func TestUsersUpdateNoteV2IsPartial(t *testing.T) {
	title, content := "New title", "New content"
	tests := []struct {
		name string
		req  *NoteUpdate
		body string
	}{
		{"both", &NoteUpdate{Title: &title, Content: &content}, `{"title":"New title","content":"New content"}`},
		{"only content", &NoteUpdate{Content: &content}, `{"content":"New content"}`},
		{"only title", &NoteUpdate{Title: &title}, `{"title":"New title"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setupV2(t)
			mux.HandleFunc("GET /api/v1/companies/co1/users/u1/notes/n1", func(w http.ResponseWriter, r *http.Request) {
				t.Error("v2 does not read the note first")
			})
			mux.HandleFunc("PATCH /api/v1/companies/co1/users/u1/notes/n1", func(w http.ResponseWriter, r *http.Request) {
				assertJSONBody(t, r, tt.body)
				assertActing(t, r, "u1")
				reply(w, 200, `{"id":"n1","title":"New title","content":"New content","company_id":"co1",
					"campaign_id":null,"book_id":null,"chapter_id":null,"character_id":null,"user_id":"u1"}`)
			})
			got, err := c.OnBehalfOf(userID).Users(coID).UpdateNote(t.Context(), userID, "n1", tt.req)
			require.NoError(t, err)
			assert.Equal(t, &Note{ID: "n1", Title: "New title", Content: "New content", CompanyID: "co1", UserID: "u1"}, got)
		})
	}
}
