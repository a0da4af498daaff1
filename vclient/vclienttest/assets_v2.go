package vclienttest

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
)

type assetV2JSON struct {
	ID               string  `json:"id"`
	DateCreated      string  `json:"date_created"`
	DateModified     string  `json:"date_modified"`
	AssetType        string  `json:"asset_type"`
	MimeType         string  `json:"mime_type"`
	OriginalFilename string  `json:"original_filename"`
	PublicURL        string  `json:"public_url"`
	CompanyID        string  `json:"company_id"`
	UploadedByID     string  `json:"uploaded_by_id"`
	CharacterID      *string `json:"character_id"`
	CampaignID       *string `json:"campaign_id"`
	BookID           *string `json:"book_id"`
	ChapterID        *string `json:"chapter_id"`
	UserParentID     *string `json:"user_parent_id"`
}

func (a *asset) wire2() assetV2JSON {
	return assetV2JSON{ID: a.ID, DateCreated: wireTime2(a.Created), DateModified: wireTime2(a.Modified),
		AssetType: a.AssetType, MimeType: a.MimeType, OriginalFilename: a.OriginalFilename, PublicURL: a.PublicURL,
		CompanyID: a.CompanyID, UploadedByID: a.UploadedBy, UserParentID: optional(a.ParentID), CharacterID: optional(a.CharacterID)}
}

// sniffImage detects PNG, JPEG, GIF or WEBP from the bytes (the declared
// content type is ignored); "" for anything else.
func sniffImage(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	}
	return ""
}

var imageExt = map[string]string{"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}

var notStem = regexp.MustCompile(`[^a-z0-9-]+`)

// sanitizeFilename2 keeps an ASCII, lower-case [a-z0-9-] stem of at most
// 200 characters ("upload" when empty) and the detected image's extension.
func sanitizeFilename2(name, mime string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndex(name, "."); i > 0 {
		name = name[:i]
	}
	stem := strings.Trim(notStem.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(stem) > 200 {
		stem = stem[:200]
	}
	if stem == "" {
		stem = "upload"
	}
	return stem + "." + imageExt[mime]
}

// imageUpload reads the first file part and checks that it is an image.
func imageUpload(c *call, notImage string) (name, mime string, content []byte, s int, p any) {
	filename, _, content, problemText := firstFilePart(c.r.Header.Get("Content-Type"), c.body)
	if problemText != "" {
		s, p = badField("upload", problemText)
		return "", "", nil, s, p
	}
	mime = sniffImage(content)
	if mime == "" {
		s, p = invalid(notImage, invalidParam{Field: "upload", Message: notImage})
		return "", "", nil, s, p
	}
	return filename, mime, content, 0, nil
}

func (e *Emulator) storeAsset(c *call, u *user, uploader, filename, mime string, content []byte) *asset {
	a := &asset{meta: e.newMeta(), CompanyID: c.co.ID, ParentID: u.ID, AssetType: "image", MimeType: mime,
		OriginalFilename: sanitizeFilename2(filename, mime), UploadedBy: uploader, Content: content}
	a.PublicURL = "https://cdn.valentina-noir.example/" + c.co.ID + "/users/" + u.ID + "/" + a.ID + "/" + a.OriginalFilename
	e.st.assets.add(a)
	return a
}

func uploadAssetV2(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	name, mime, content, s, p := imageUpload(c, "Upload must be a PNG, JPEG, GIF, or WEBP image.")
	if s != 0 {
		return s, p
	}
	return http.StatusCreated, e.storeAsset(c, u, c.acting.ID, name, mime, content).wire2()
}

func listAssetsV2(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	kind := c.q.Get("asset_type")
	all := e.st.assets.live(func(a *asset) bool { return a.ParentID == u.ID && (kind == "" || a.AssetType == kind) })
	return listWith(c, all, (*asset).wire2)
}

func getAssetV2(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	if s, p, ok := pathIDs(c, "asset_id"); !ok {
		return s, p
	}
	a := e.st.assets.get(c.p["asset_id"])
	if a == nil || a.ParentID != u.ID {
		return fail(http.StatusNotFound, "Asset not found")
	}
	return http.StatusOK, a.wire2()
}

// deleteAssetV2 is a hard delete; neither {user_id} nor the parent is checked.
func deleteAssetV2(e *Emulator, c *call) (int, any) {
	if s, p, ok := pathIDs(c, "asset_id"); !ok {
		return s, p
	}
	a := e.st.assets.get(c.p["asset_id"])
	if a == nil {
		return fail(http.StatusNotFound, "Asset not found")
	}
	a.Archived, a.Content = true, nil
	delete(e.st.assets.byID, a.ID)
	return http.StatusNoContent, nil
}

// avatarUser is user_self_or_admin_guard: a malformed or unknown {user_id}
// is 404 "User '<value>' not found"; the acting user must be that user or an ADMIN.
func (e *Emulator) avatarUser(c *call) (*user, int, any) {
	id := c.p["user_id"]
	var u *user
	if isUUID(id) {
		u = e.st.users.get(id)
	}
	if u == nil || u.CompanyID != c.co.ID {
		s, p := fail(http.StatusNotFound, "User '"+id+"' not found")
		return nil, s, p
	}
	if c.acting.ID != u.ID && c.acting.Role != roleAdmin {
		s, p := fail(http.StatusForbidden, "No rights to access this resource")
		return nil, s, p
	}
	return u, 0, nil
}

func putAvatar(e *Emulator, c *call) (int, any) {
	u, s, p := e.avatarUser(c)
	if u == nil {
		return s, p
	}
	if len(c.body) > 5<<20 {
		const msg = "Avatar image must be 5 MB or smaller."
		return invalid(msg, invalidParam{Field: "upload", Message: msg})
	}
	_, mime, content, s, p := imageUpload(c, "Avatar must be a PNG, JPEG, WEBP, or GIF image.")
	if s != 0 {
		return s, p
	}
	_ = mime // the server re-encodes every avatar as a 512×512 WebP
	if old := e.st.assets.get(u.AvatarAssetID); old != nil {
		old.Archived = true
	}
	a := e.storeAsset(c, u, c.acting.ID, "avatar", "image/webp", content)
	u.AvatarAssetID = a.ID
	e.touch(&u.meta)
	return http.StatusOK, e.userWire2(u)
}

func deleteAvatar(e *Emulator, c *call) (int, any) {
	u, s, p := e.avatarUser(c)
	if u == nil {
		return s, p
	}
	u.AvatarAssetID = ""
	e.touch(&u.meta)
	return http.StatusOK, e.userWire2(u)
}

// Character assets: R403 with the character guard; upload and delete also
// need the character's player or a storyteller. Delete does not check that
// the asset belongs to the character.

func listCharacterAssets(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return s, p
	}
	kind := c.q.Get("asset_type")
	all := e.st.assets.live(func(a *asset) bool { return a.CharacterID == ch.ID && (kind == "" || a.AssetType == kind) })
	return listWith(c, all, (*asset).wire2)
}

func getCharacterAsset(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterAccess(c)
	if ch == nil {
		return s, p
	}
	if s, p, ok := pathIDs(c, "asset_id"); !ok {
		return s, p
	}
	a := e.st.assets.get(c.p["asset_id"])
	if a == nil || a.CharacterID != ch.ID {
		return fail(http.StatusNotFound, "Asset not found")
	}
	return http.StatusOK, a.wire2()
}

func uploadCharacterAsset(e *Emulator, c *call) (int, any) {
	ch, s, p := e.characterWriter(c)
	if ch == nil {
		return s, p
	}
	name, mime, content, s, p := imageUpload(c, "Upload must be a PNG, JPEG, GIF, or WEBP image.")
	if s != 0 {
		return s, p
	}
	a := &asset{meta: e.newMeta(), CompanyID: c.co.ID, CharacterID: ch.ID, AssetType: "image", MimeType: mime,
		OriginalFilename: sanitizeFilename2(name, mime), UploadedBy: c.acting.ID, Content: content}
	a.PublicURL = "https://cdn.valentina-noir.example/" + c.co.ID + "/characters/" + ch.ID + "/" + a.ID + "/" + a.OriginalFilename
	e.st.assets.add(a)
	return http.StatusCreated, a.wire2()
}

func deleteCharacterAsset(e *Emulator, c *call) (int, any) {
	if ch, s, p := e.characterWriter(c); ch == nil {
		return s, p
	}
	return deleteAssetV2(e, c)
}
