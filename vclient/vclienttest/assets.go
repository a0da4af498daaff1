package vclienttest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode"
)

func listAssets(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	kind := c.q.Get("asset_type")
	all := e.st.assets.live(func(a *asset) bool {
		return a.ParentID == u.ID && (kind == "" || a.AssetType == kind)
	})
	return listWith(c, all, (*asset).wire)
}

func (e *Emulator) pathAsset(c *call) (*asset, int, any) {
	if s, p, ok := pathIDs(c, "asset_id"); !ok {
		return nil, s, p
	}
	a := e.st.assets.get(c.p["asset_id"])
	if a == nil {
		s, p := fail(http.StatusNotFound, "S3 asset not found")
		return nil, s, p
	}
	return a, 0, nil
}

func getAsset(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	a, s, p := e.pathAsset(c)
	if a == nil {
		return s, p
	}
	if a.ParentID != u.ID {
		return fail(http.StatusNotFound, "Asset not found")
	}
	return http.StatusOK, a.wire()
}

// deleteAsset does not check that the asset belongs to the path user.
func deleteAsset(e *Emulator, c *call) (int, any) {
	a, s, p := e.pathAsset(c)
	if a == nil {
		return s, p
	}
	a.Archived = true
	return http.StatusNoContent, nil
}

// uploadAsset takes the first file part of a multipart body, whatever its name.
func uploadAsset(e *Emulator, c *call) (int, any) {
	filename, ctype, content, problemText := firstFilePart(c.r.Header.Get("Content-Type"), c.body)
	if problemText != "" {
		return badField("data", problemText)
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	a := &asset{
		meta: e.newMeta(), CompanyID: c.co.ID, ParentID: u.ID, AssetType: assetType(ctype), MimeType: ctype,
		OriginalFilename: sanitizeFilename(filename), UploadedBy: u.ID, Content: content,
	}
	a.PublicURL = "https://cdn.valentina-noir.example/" + c.co.ID + "/user/" + u.ID + "/" + a.ID + "/" + a.OriginalFilename
	e.st.assets.add(a)
	u.AssetIDs = append(u.AssetIDs, a.ID)
	return http.StatusCreated, a.wire()
}

// firstFilePart returns the first file part, or a validation message.
func firstFilePart(contentType string, body []byte) (name, ctype string, content []byte, problemText string) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return "", "", nil, "Expected a multipart/form-data body"
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return "", "", nil, "Field required"
		}
		if part.FileName() == "" {
			continue
		}
		content, err := io.ReadAll(part)
		if err != nil {
			return "", "", nil, "Invalid multipart body"
		}
		ctype := part.Header.Get("Content-Type")
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		return part.FileName(), ctype, content, ""
	}
}

// assetType derives asset_type from the MIME type (contract §4.8).
func assetType(mt string) string {
	mt = strings.ToLower(mt)
	for _, prefix := range []string{"image", "audio", "text", "video"} {
		if strings.HasPrefix(mt, prefix+"/") {
			return prefix
		}
	}
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(mt, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("pdf", "document", "word", "spreadsheet", "sheet", "presentation", "text", "msword", "ms-excel", "ms-powerpoint"):
		return "document"
	case has("zip", "tar", "gzip", "rar", "7z", "compressed"):
		return "archive"
	}
	return "other"
}

// sanitizeFilename drops path parts, quotes, ;:%<> and control characters,
// turns & into "and" and | into "-", and keeps at most 200 characters.
func sanitizeFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case strings.ContainsRune(`"';:%<>`, r) || unicode.IsControl(r):
		case r == '&':
			b.WriteString("and")
		case r == '|':
			b.WriteRune('-')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.TrimSpace(b.String())
	if r := []rune(out); len(r) > 200 {
		out = string(r[:200])
	}
	if out == "" {
		return "upload"
	}
	return out
}
