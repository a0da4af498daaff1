package vclienttest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (c *tc) upload(userID, field, filename, ctype string, content []byte) *resp {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+filename+`"`)
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}
	pw, err := mw.CreatePart(h)
	require.NoError(c.t, err)
	_, _ = pw.Write(content)
	require.NoError(c.t, mw.Close())
	return c.do("POST", c.user(userID, "/assets/upload"), buf.String(), "Content-Type", mw.FormDataContentType())
}

func TestAssets(t *testing.T) {
	c := newTC(t)
	r := c.upload(c.sb.Alice, "file", "map&plan|v2;.pdf", "application/pdf", []byte("%PDF"))
	require.Equal(t, http.StatusCreated, r.status, string(r.raw))
	m := r.json(t)
	id := m["id"].(string)
	assert.Equal(t, "document", m["asset_type"])
	assert.Equal(t, "mapandplan-v2.pdf", m["original_filename"])
	assert.Equal(t, "user", m["parent_type"])
	assert.Equal(t, c.sb.Alice, m["parent_id"])
	assert.Equal(t, c.sb.Alice, m["uploaded_by"])

	t.Run("asset_type comes from the MIME type", func(t *testing.T) {
		for ctype, want := range map[string]string{"image/png": "image", "text/plain": "text", "application/zip": "archive",
			"": "other", "application/vnd.ms-excel": "document", "audio/ogg": "audio"} {
			assert.Equal(t, want, c.upload(c.sb.Bob, "data", "x.bin", ctype, []byte("x")).json(t)["asset_type"], ctype)
		}
	})
	t.Run("list and get are per user", func(t *testing.T) {
		assert.EqualValues(t, 1, c.do("GET", c.user(c.sb.Alice, "/assets"), nil).json(t)["total"])
		assert.Equal(t, 200, c.do("GET", c.user(c.sb.Alice, "/assets/"+id), nil).status)
		requireProblem(t, c.do("GET", c.user(c.sb.Bob, "/assets/"+id), nil), 404, "Asset not found")
		requireProblem(t, c.do("GET", c.user(c.sb.Bob, "/assets/66c0ffee00000000000000aa"), nil), 404, "S3 asset not found")
	})
	t.Run("delete works through any user", func(t *testing.T) {
		assert.Equal(t, 204, c.do("DELETE", c.user(c.sb.Bob, "/assets/"+id), nil).status)
		requireProblem(t, c.do("GET", c.user(c.sb.Alice, "/assets/"+id), nil), 404, "S3 asset not found")
	})
	t.Run("a body without a file part is refused", func(t *testing.T) {
		requireProblem(t, c.do("POST", c.user(c.sb.Alice, "/assets/upload"), `{}`), 400, validationFailed)
	})
}

func TestSanitizeFilename(t *testing.T) {
	tests := map[string]string{
		`../../etc/passwd`: "passwd",
		`a"b'c;d:e%f<g>h`:  "abcdefgh",
		"tab\there":        "tabhere",
		"":                 "upload",
		"R&D | notes.txt":  "RandD - notes.txt",
		`C:\docs\file.txt`: "file.txt",
	}
	for in, want := range tests {
		assert.Equal(t, want, sanitizeFilename(in), in)
	}
}
