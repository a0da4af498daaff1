package vclient

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// Note is a user's markdown note. The parent ids are v2's (all but one empty).
type Note struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	Content      string    `json:"content"`
	CompanyID    string    `json:"company_id,omitempty"`
	CampaignID   string    `json:"campaign_id,omitempty"`
	BookID       string    `json:"book_id,omitempty"`
	ChapterID    string    `json:"chapter_id,omitempty"`
	CharacterID  string    `json:"character_id,omitempty"`
	UserID       string    `json:"user_id,omitempty"`
	DateCreated  time.Time `json:"date_created"`
	DateModified time.Time `json:"date_modified"`
}

// NoteCreate is the body of CreateNote: Title 3–50 characters, Content at least 3.
type NoteCreate struct {
	Title   string `json:"title"`
	Content string `json:"content"`
}

// Validate checks the lengths the API enforces.
func (r *NoteCreate) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	return firstErr(checkLen("title", r.Title, 3, 50), checkLen("content", r.Content, 3, 0))
}

// NoteUpdate changes a note; at least one field must be set. v1's note PATCH is not partial,
// so there UpdateNote fills the missing field from the current note; v2 sends only what is set.
type NoteUpdate struct {
	Title   *string `json:"title,omitempty"`
	Content *string `json:"content,omitempty"`
}

// Validate checks the fields that are set.
func (r *NoteUpdate) Validate() error {
	if r == nil || (r.Title == nil && r.Content == nil) {
		return invalid("body", "set title, content or both")
	}
	if r.Title != nil {
		if err := checkLen("title", *r.Title, 3, 50); err != nil {
			return err
		}
	}
	if r.Content != nil {
		return checkLen("content", *r.Content, 3, 0)
	}
	return nil
}

func (s *UsersService) note(userID, noteID string) string {
	return s.user(userID) + pathf("/notes/%s", noteID)
}

// GetNotesPage returns one page of a user's notes.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/notes?limit&offset.
func (s *UsersService) GetNotesPage(ctx context.Context, userID string, opts *ListOptions) (*Page[Note], error) {
	if err := s.check("user_id", userID); err != nil {
		return nil, err
	}
	return getPage[Note](ctx, s.c, "GET /users/{user_id}/notes", s.user(userID)+"/notes", opts.values())
}

// ListAllNotes returns every note of a user.
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/notes?limit=100&offset=….
func (s *UsersService) ListAllNotes(ctx context.Context, userID string) ([]Note, error) {
	return collect(s.AllNotes(ctx, userID))
}

// AllNotes iterates over every note of a user.
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/notes?limit=100&offset=….
func (s *UsersService) AllNotes(ctx context.Context, userID string) iter.Seq2[Note, error] {
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[Note], error) {
		return s.GetNotesPage(ctx, userID, &o)
	})
}

// GetNote returns a note.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/notes/{note_id}.
func (s *UsersService) GetNote(ctx context.Context, userID, noteID string) (*Note, error) {
	if err := s.check("user_id", userID, "note_id", noteID); err != nil {
		return nil, err
	}
	n := &Note{}
	return result(n, s.c.call(ctx, http.MethodGet, "GET /users/{user_id}/notes/{note_id}", s.note(userID, noteID), nil, nil, n))
}

// CreateNote adds a note to a user.
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/notes.
func (s *UsersService) CreateNote(ctx context.Context, userID string, req *NoteCreate) (*Note, error) {
	if err := firstErr(s.check("user_id", userID), req.Validate()); err != nil {
		return nil, err
	}
	n := &Note{}
	return result(n, s.c.call(ctx, http.MethodPost, "POST /users/{user_id}/notes", s.user(userID)+"/notes", nil, req, n))
}

// UpdateNote changes a note's title and/or content. v2 sends only the fields that are set (a
// partial PATCH). v1 always sends both: when only one is set the note is fetched first (GET)
// for the other.
//
// It calls PATCH /api/v1/companies/{company_id}/users/{user_id}/notes/{note_id}.
func (s *UsersService) UpdateNote(ctx context.Context, userID, noteID string, req *NoteUpdate) (*Note, error) {
	if err := firstErr(s.check("user_id", userID, "note_id", noteID), req.Validate()); err != nil {
		return nil, err
	}
	n := &Note{}
	route := "PATCH /users/{user_id}/notes/{note_id}"
	if s.c.v2() {
		return result(n, s.c.call(ctx, http.MethodPatch, route, s.note(userID, noteID), nil, req, n))
	}
	body := NoteCreate{}
	if req.Title == nil || req.Content == nil {
		cur, err := s.GetNote(ctx, userID, noteID)
		if err != nil {
			return nil, err
		}
		body = NoteCreate{Title: cur.Title, Content: cur.Content}
	}
	if req.Title != nil {
		body.Title = *req.Title
	}
	if req.Content != nil {
		body.Content = *req.Content
	}
	return result(n, s.c.call(ctx, http.MethodPatch, route, s.note(userID, noteID), nil, &body, n))
}

// DeleteNote archives a note.
//
// It calls DELETE /api/v1/companies/{company_id}/users/{user_id}/notes/{note_id}.
func (s *UsersService) DeleteNote(ctx context.Context, userID, noteID string) error {
	if err := s.check("user_id", userID, "note_id", noteID); err != nil {
		return err
	}
	return s.c.call(ctx, http.MethodDelete, "DELETE /users/{user_id}/notes/{note_id}", s.note(userID, noteID), nil, nil, nil)
}
