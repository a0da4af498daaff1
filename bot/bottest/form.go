package bottest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"regexp"
)

// fileField is the form field Discord reads the n-th file from.
var fileField = regexp.MustCompile(`^files\[[0-9]+\]$`)

// parseForm reads a multipart/form-data body the way Discord does: the JSON in
// payload_json, the files in files[n] parts (each with a file name). Any other
// part, a file without a name or a missing payload_json is an error.
func parseForm(contentType string, body []byte) (payload []byte, files []File, err error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return nil, nil, fmt.Errorf("multipart form without a boundary: %q", contentType)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read multipart form: %w", err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, fmt.Errorf("read part %q: %w", part.FormName(), err)
		}
		switch name := part.FormName(); {
		case name == "payload_json":
			payload = data
		case fileField.MatchString(name) && part.FileName() != "":
			files = append(files, File{Field: name, Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
		default:
			return nil, nil, fmt.Errorf("unexpected form part %q (file name %q)", name, part.FileName())
		}
	}
	if payload == nil {
		return nil, nil, errors.New("multipart form without payload_json")
	}
	return payload, files, nil
}
