package bot

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// A message with attachments travels as multipart/form-data, the way Discord
// documents uploads: the JSON body as the "payload_json" part, the n-th file as
// "files[n]", and an "attachments" array in the JSON naming each file by index.

// attachmentRef names the n-th uploaded file in a message's "attachments" array.
type attachmentRef struct {
	ID       int    `json:"id"`
	Filename string `json:"filename"`
}

func attachmentRefs(files []Attachment) []attachmentRef {
	if len(files) == 0 {
		return nil
	}
	refs := make([]attachmentRef, len(files))
	for i, f := range files {
		refs[i] = attachmentRef{ID: i, Filename: f.Name}
	}
	return refs
}

// discordFiles carries attachments on an interaction response until it is
// sent: discordgo keeps files beside the JSON, as readers (fresh ones each call).
func discordFiles(files []Attachment) []*discordgo.File {
	if len(files) == 0 {
		return nil
	}
	out := make([]*discordgo.File, len(files))
	for i, f := range files {
		out[i] = &discordgo.File{Name: f.Name, ContentType: f.ContentType, Reader: bytes.NewReader(f.Data)}
	}
	return out
}

// responseFiles reads back the files an interaction response carries (nil for none).
func responseFiles(r *discordgo.InteractionResponse) ([]Attachment, error) {
	if r == nil || r.Data == nil || len(r.Data.Files) == 0 {
		return nil, nil
	}
	out := make([]Attachment, len(r.Data.Files))
	for i, f := range r.Data.Files {
		var data []byte
		if f.Reader != nil {
			var err error
			if data, err = io.ReadAll(f.Reader); err != nil {
				return nil, fmt.Errorf("read attachment %s: %w", f.Name, err)
			}
		}
		out[i] = Attachment{Name: f.Name, ContentType: f.ContentType, Data: data}
	}
	return out, nil
}

// hasFiles reports whether an interaction response uploads files.
func hasFiles(r *discordgo.InteractionResponse) bool {
	return r != nil && r.Data != nil && len(r.Data.Files) > 0
}

// withoutFiles is the same answer with its files left out and the embed images
// that showed them dropped: what can still be said when an upload failed.
func withoutFiles(r *discordgo.InteractionResponse) *discordgo.InteractionResponse {
	if !hasFiles(r) {
		return r
	}
	data := *r.Data
	data.Files = nil
	data.Embeds = make([]*discordgo.MessageEmbed, len(r.Data.Embeds))
	for i, e := range r.Data.Embeds {
		if e == nil {
			continue
		}
		c := *e
		if c.Image != nil && strings.HasPrefix(c.Image.URL, "attachment://") {
			c.Image = nil
		}
		if c.Thumbnail != nil && strings.HasPrefix(c.Thumbnail.URL, "attachment://") {
			c.Thumbnail = nil
		}
		data.Embeds[i] = &c
	}
	return &discordgo.InteractionResponse{Type: r.Type, Data: &data}
}

// multipartBody wraps a JSON payload and its files as multipart/form-data and
// returns the body with its Content-Type (boundary included).
func multipartBody(payload []byte, files []Attachment) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="payload_json"`)
	h.Set("Content-Type", "application/json")
	part, err := w.CreatePart(h)
	if err == nil {
		_, err = part.Write(payload)
	}
	for i, f := range files {
		if err != nil {
			break
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", multipart.FileContentDisposition("files["+strconv.Itoa(i)+"]", f.Name))
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		if part, err = w.CreatePart(h); err == nil {
			_, err = part.Write(f.Data)
		}
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, "", fmt.Errorf("build multipart body: %w", err)
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}
