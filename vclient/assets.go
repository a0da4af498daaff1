package vclient

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path/filepath"
	"strings"
	"time"
)

// Asset is an uploaded file.
type Asset struct {
	ID               string    `json:"id"`
	AssetType        string    `json:"asset_type"` // image, text, audio, video, document, archive or other
	MimeType         string    `json:"mime_type"`
	OriginalFilename string    `json:"original_filename"`
	ParentType       string    `json:"parent_type"` // v1: "user" for user assets
	ParentID         string    `json:"parent_id"`   // v1
	CompanyID        string    `json:"company_id"`
	UploadedBy       string    `json:"uploaded_by"`              // v1
	UploadedByID     string    `json:"uploaded_by_id,omitempty"` // v2
	UserParentID     string    `json:"user_parent_id,omitempty"` // v2
	CharacterID      string    `json:"character_id,omitempty"`   // v2
	PublicURL        string    `json:"public_url"`
	DateCreated      time.Time `json:"date_created"`
	DateModified     time.Time `json:"date_modified"`
}

// AssetUpload is a file to upload. ContentType is guessed from the Filename's extension when
// empty (application/octet-stream when unknown).
type AssetUpload struct {
	Filename    string
	Content     []byte
	ContentType string
}

// Validate checks that the upload has a filename.
func (u *AssetUpload) Validate() error {
	if u == nil {
		return invalid("data", "is required")
	}
	return requireIDs("filename", u.Filename)
}

// multipartBody encodes the upload as multipart/form-data with one part named "data".
func (u *AssetUpload) multipartBody() ([]byte, string, error) {
	ct := u.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(strings.ToLower(filepath.Ext(u.Filename)))
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data",
		map[string]string{"name": "data", "filename": u.Filename}))
	h.Set("Content-Type", ct)
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, "", fmt.Errorf("encode upload: %w", err)
	}
	if _, err := part.Write(u.Content); err != nil {
		return nil, "", fmt.Errorf("encode upload: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, "", fmt.Errorf("encode upload: %w", err)
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

func (s *UsersService) asset(userID, assetID string) string {
	return s.user(userID) + pathf("/assets/%s", assetID)
}

// GetAssetsPage returns one page of a user's assets, oldest first.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/assets?limit&offset.
func (s *UsersService) GetAssetsPage(ctx context.Context, userID string, opts *ListOptions) (*Page[Asset], error) {
	if err := s.check("user_id", userID); err != nil {
		return nil, err
	}
	return getPage[Asset](ctx, s.c, "GET /users/{user_id}/assets", s.user(userID)+"/assets", opts.values())
}

// ListAllAssets returns every asset of a user.
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/assets?limit=100&offset=….
func (s *UsersService) ListAllAssets(ctx context.Context, userID string) ([]Asset, error) {
	return collect(s.AllAssets(ctx, userID))
}

// AllAssets iterates over every asset of a user.
//
// It pages through GET /api/v1/companies/{company_id}/users/{user_id}/assets?limit=100&offset=….
func (s *UsersService) AllAssets(ctx context.Context, userID string) iter.Seq2[Asset, error] {
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[Asset], error) {
		return s.GetAssetsPage(ctx, userID, &o)
	})
}

// GetAsset returns an asset of a user.
//
// It calls GET /api/v1/companies/{company_id}/users/{user_id}/assets/{asset_id}.
func (s *UsersService) GetAsset(ctx context.Context, userID, assetID string) (*Asset, error) {
	if err := s.check("user_id", userID, "asset_id", assetID); err != nil {
		return nil, err
	}
	a := &Asset{}
	route := "GET /users/{user_id}/assets/{asset_id}"
	return result(a, s.c.call(ctx, http.MethodGet, route, s.asset(userID, assetID), nil, nil, a))
}

// UploadAsset uploads a file for a user. The multipart body is built once, so a retry sends
// the same bytes (boundary included) under the same Idempotency-Key.
//
// It calls POST /api/v1/companies/{company_id}/users/{user_id}/assets/upload.
func (s *UsersService) UploadAsset(ctx context.Context, userID string, upload *AssetUpload) (*Asset, error) {
	if err := firstErr(s.check("user_id", userID), upload.Validate(), s.c.requireActingV2()); err != nil {
		return nil, err
	}
	body, ct, err := upload.multipartBody()
	if err != nil {
		return nil, err
	}
	r := &request{method: http.MethodPost, route: "POST /users/{user_id}/assets/upload",
		path: s.user(userID) + "/assets/upload", body: body, contentType: ct}
	a := &Asset{}
	return result(a, s.c.do(ctx, r, a))
}

// DeleteAsset archives an asset.
//
// It calls DELETE /api/v1/companies/{company_id}/users/{user_id}/assets/{asset_id}.
func (s *UsersService) DeleteAsset(ctx context.Context, userID, assetID string) error {
	if err := s.check("user_id", userID, "asset_id", assetID); err != nil {
		return err
	}
	route := "DELETE /users/{user_id}/assets/{asset_id}"
	return s.c.call(ctx, http.MethodDelete, route, s.asset(userID, assetID), nil, nil, nil)
}

// maxAvatarSize is the API's limit on an avatar image.
const maxAvatarSize = 5 << 20

// checkImage refuses an upload the v2 API would: not a PNG, JPEG, GIF or WEBP by its bytes,
// or larger than 5 MiB.
func checkImage(field string, content []byte) error {
	if len(content) > maxAvatarSize {
		return invalid(field, "must be 5 MiB or smaller, got %d bytes", len(content))
	}
	switch http.DetectContentType(content) {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		return nil
	}
	return invalid(field, "must be a PNG, JPEG, GIF or WEBP image")
}

// UploadAvatar sets a user's picture, as the acting user (the user themselves or an ADMIN)
// (v2). The API stores it as a 512×512 WebP and returns the user with the new AvatarURL.
//
// It calls PUT /api/v1/companies/{company_id}/users/{user_id}/avatar.
func (s *UsersService) UploadAvatar(ctx context.Context, userID string, upload *AssetUpload) (*User, error) {
	if err := s.c.onlyV2("upload avatar"); err != nil {
		return nil, err
	}
	if err := firstErr(s.check("user_id", userID), upload.Validate(), s.c.requireActing("")); err != nil {
		return nil, err
	}
	if err := checkImage("upload", upload.Content); err != nil {
		return nil, err
	}
	body, ct, err := upload.multipartBody()
	if err != nil {
		return nil, err
	}
	r := &request{method: http.MethodPut, route: "PUT /users/{user_id}/avatar",
		path: s.user(userID) + "/avatar", body: body, contentType: ct}
	u := &User{}
	return result(u, s.c.do(ctx, r, u))
}

// DeleteAvatar removes a user's uploaded picture (the Discord one shows again), as the acting
// user (the user themselves or an ADMIN) (v2).
//
// It calls DELETE /api/v1/companies/{company_id}/users/{user_id}/avatar.
func (s *UsersService) DeleteAvatar(ctx context.Context, userID string) (*User, error) {
	if err := s.c.onlyV2("delete avatar"); err != nil {
		return nil, err
	}
	if err := firstErr(s.check("user_id", userID), s.c.requireActing("")); err != nil {
		return nil, err
	}
	u := &User{}
	return result(u, s.c.call(ctx, http.MethodDelete, "DELETE /users/{user_id}/avatar", s.user(userID)+"/avatar", nil, nil, u))
}
