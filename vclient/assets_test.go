package vclient

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const assetJSON = `{"id":"a1","date_created":"2026-02-22T18:00:00Z","date_modified":"2026-02-22T18:00:00Z",
	"asset_type":"image","mime_type":"image/jpeg","original_filename":"portrait.jpg","parent_type":"user",
	"parent_id":null,"company_id":"co1","uploaded_by":"u1","public_url":"https://cdn.test/a1.jpg"}`

var wantAsset = &Asset{ID: "a1", AssetType: "image", MimeType: "image/jpeg", OriginalFilename: "portrait.jpg",
	ParentType: "user", CompanyID: "co1", UploadedBy: "u1", PublicURL: "https://cdn.test/a1.jpg",
	DateCreated: time.Date(2026, 2, 22, 18, 0, 0, 0, time.UTC), DateModified: time.Date(2026, 2, 22, 18, 0, 0, 0, time.UTC)}

func TestUsersAssets(t *testing.T) {
	c, mux, _ := setup(t)
	base := "/api/v1/companies/co1/users/u1/assets"
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"items":[`+assetJSON+`],"limit":100,"offset":0,"total":1}`)
	})
	mux.HandleFunc("GET "+base+"/a1", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, assetJSON) })
	mux.HandleFunc("DELETE "+base+"/a1", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	s := c.Users(coID)

	all, err := s.ListAllAssets(t.Context(), userID)
	require.NoError(t, err)
	assert.Equal(t, []Asset{*wantAsset}, all)
	page, err := s.GetAssetsPage(t.Context(), userID, &ListOptions{Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)
	got, err := s.GetAsset(t.Context(), userID, "a1")
	require.NoError(t, err)
	assert.Equal(t, wantAsset, got)
	require.NoError(t, s.DeleteAsset(t.Context(), userID, "a1"))
}

// readUpload parses the multipart body of an upload and returns its single part.
func readUpload(t *testing.T, r *http.Request) (name, filename, contentType string, content []byte) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", mt)
	mr := multipart.NewReader(r.Body, params["boundary"])
	part, err := mr.NextPart()
	require.NoError(t, err)
	content, err = io.ReadAll(part)
	require.NoError(t, err)
	_, err = mr.NextPart()
	require.ErrorIs(t, err, io.EOF, "exactly one part")
	return part.FormName(), part.FileName(), part.Header.Get("Content-Type"), content
}

func TestUsersUploadAsset(t *testing.T) {
	tests := []struct {
		name, filename, given, wantType string
	}{
		{"type from the extension", "portrait.JPG", "", "image/jpeg"},
		{"unknown extension", "notes.zzz", "", "application/octet-stream"},
		{"given type wins", "x.bin", "text/plain", "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("POST /api/v1/companies/co1/users/u1/assets/upload", func(w http.ResponseWriter, r *http.Request) {
				assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
				name, filename, ct, content := readUpload(t, r)
				assert.Equal(t, "data", name)
				assert.Equal(t, tt.filename, filename)
				assert.Equal(t, tt.wantType, ct)
				assert.Equal(t, "hello", string(content))
				reply(w, 201, assetJSON)
			})
			got, err := c.Users(coID).UploadAsset(t.Context(), userID,
				&AssetUpload{Filename: tt.filename, Content: []byte("hello"), ContentType: tt.given})
			require.NoError(t, err)
			assert.Equal(t, wantAsset, got)
		})
	}
}

func TestUploadRetryReplaysIdenticalBytes(t *testing.T) {
	c, mux, _ := setup(t)
	var bodies, keys, types []string
	mux.HandleFunc("POST /api/v1/companies/co1/users/u1/assets/upload", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies, keys = append(bodies, string(b)), append(keys, r.Header.Get("Idempotency-Key"))
		types = append(types, r.Header.Get("Content-Type"))
		if len(bodies) == 1 {
			problemReply(w, 503, `{"status":503}`)
			return
		}
		reply(w, 201, assetJSON)
	})
	_, err := c.Users(coID).UploadAsset(t.Context(), userID, &AssetUpload{Filename: "a.png", Content: []byte("PNG")})
	require.NoError(t, err)
	require.Len(t, bodies, 2)
	assert.Equal(t, bodies[0], bodies[1], "byte for byte, boundary included")
	assert.Equal(t, keys[0], keys[1])
	assert.Equal(t, types[0], types[1])
	assert.Contains(t, bodies[0], "PNG")
}

func TestUploadAssetValidation(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Errorf("unexpected request %s", r.URL) })
	s := c.Users(coID)
	_, err := s.UploadAsset(t.Context(), userID, &AssetUpload{Content: []byte("x")})
	var rv *RequestValidationError
	require.ErrorAs(t, err, &rv)
	assert.Equal(t, "filename", rv.Field)
	_, err = s.UploadAsset(t.Context(), userID, nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = s.GetAsset(t.Context(), userID, "")
	assert.ErrorIs(t, err, ErrRequestValidation)
	_, err = s.GetAssetsPage(t.Context(), "", nil)
	assert.ErrorIs(t, err, ErrRequestValidation)
	assert.ErrorIs(t, s.DeleteAsset(t.Context(), userID, ""), ErrRequestValidation)
}
