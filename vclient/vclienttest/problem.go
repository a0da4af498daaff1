package vclienttest

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
)

// problem is an RFC 9457 error body with the API's extension members.
type problem struct {
	Status            int            `json:"status"`
	Title             string         `json:"title"`
	Detail            string         `json:"detail,omitempty"`
	Instance          string         `json:"instance"`
	InvalidParameters []invalidParam `json:"invalid_parameters,omitempty"`
	RetryAfter        *float64       `json:"retry_after,omitempty"`
	CurrentXP         *int           `json:"current_xp,omitempty"`
	RequiredXP        *int           `json:"required_xp,omitempty"`
	// RequestID and Code are v2 members: the response's X-Request-Id, and the
	// machine-readable code of identity errors.
	RequestID string `json:"request_id,omitempty"`
	Code      string `json:"code,omitempty"`
}

// invalidParam's Field is a string for framework validation and a []string
// (path segments) for model validation errors, as on the real server.
type invalidParam struct {
	Field   any    `json:"field"`
	Message string `json:"message"`
}

const validationFailed = "Validation failed for one or more fields."

var defaultInvalid = []invalidParam{{Field: "body", Message: "One or more fields did not pass validation."}}

// fail is a plain error (401/403/404/409/...) with a detail.
func fail(status int, detail string) (int, any) {
	return status, &problem{Status: status, Detail: detail}
}

// invalid is a hand-raised 400 ValidationError; without params it carries the default one.
func invalid(detail string, params ...invalidParam) (int, any) {
	if len(params) == 0 {
		params = defaultInvalid
	}
	return http.StatusBadRequest, &problem{Status: http.StatusBadRequest, Detail: detail, InvalidParameters: params}
}

// badField is a framework request-validation failure on one field.
func badField(field, message string) (int, any) {
	return invalid(validationFailed, invalidParam{Field: field, Message: message})
}

// badEnum is a field whose value is not one of its enum's.
func badEnum(field, value string) (int, any) {
	return badField(field, "Invalid enum value '"+value+"'")
}

// badModel is a model validation failure: the field is an array of path segments.
func badModel(field, message string) (int, any) {
	return invalid(validationFailed, invalidParam{Field: []string{field}, Message: message})
}

func title(status int) string {
	if status == http.StatusRequestEntityTooLarge {
		return "Content Too Large"
	}
	return http.StatusText(status)
}

// instanceURL is str(request.url) on the real server: the absolute URL with query.
func instanceURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.RequestURI()
}

func writeProblem(w *recorder, r *http.Request, p *problem) {
	p.Title = title(p.Status)
	p.Instance = instanceURL(r)
	p.RequestID = w.reqID
	w.header.Set("Content-Type", "application/problem+json")
	w.writeBody(p.Status, marshal(p))
}

func writeResult(w *recorder, r *http.Request, status int, v any) {
	if p, ok := v.(*problem); ok {
		p.Status = status
		writeProblem(w, r, p)
		return
	}
	if status == http.StatusNoContent || v == nil {
		w.writeBody(status, nil)
		return
	}
	w.header.Set("Content-Type", "application/json")
	w.writeBody(status, marshal(v))
}

func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("vclienttest: marshal response: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// decodeBody decodes a JSON request body; type errors become framework
// validation problems naming the field.
func decodeBody(body []byte, v any) (int, any, bool) {
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			s, p := badField(te.Field, "Input should be a valid "+te.Value)
			return s, p, false
		}
		s, p := badField("body", "Invalid JSON body")
		return s, p, false
	}
	return 0, nil, true
}

// recorder buffers a response so it can be stored for idempotent replay,
// dropped for LoseResponse faults, or copied to the real writer.
type recorder struct {
	header http.Header
	status int
	body   []byte
	reqID  string // v2 request id ("" in v1 and for unmatched routes)
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

// inner is a fresh recorder for the same request.
func (w *recorder) inner() *recorder { return &recorder{header: http.Header{}, reqID: w.reqID} }

func (w *recorder) writeBody(status int, body []byte) {
	w.status = status
	w.body = body
}

func (w *recorder) copyTo(dst http.ResponseWriter) {
	for k, v := range w.header {
		dst.Header()[k] = append([]string(nil), v...)
	}
	if w.body != nil {
		dst.Header().Set("Content-Length", strconv.Itoa(len(w.body)))
	}
	dst.WriteHeader(w.status)
	_, _ = dst.Write(w.body)
}

// ceil2 rounds up to two decimals, like the server's retry_after.
func ceil2(f float64) float64 { return math.Ceil(f*100) / 100 }
