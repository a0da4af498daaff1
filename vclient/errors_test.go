package vclient

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func intp(v int) *int { return &v }

func TestAPIErrorDecodesProblemJSON(t *testing.T) {
	r := &request{method: "POST", route: "POST /users/{user_id}/experience/xp/remove"}
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   *APIError
	}{
		{
			name:   "field as a string",
			status: 400,
			body: `{"status":400,"title":"Bad Request","detail":"Validation failed for one or more fields.",
				"instance":"https://api.test/api/v1/companies/c/users?x=1",
				"invalid_parameters":[{"field":"email","message":"value is not a valid email address"}]}`,
			want: &APIError{StatusCode: 400, Title: "Bad Request", Detail: "Validation failed for one or more fields.",
				Instance:          "https://api.test/api/v1/companies/c/users?x=1",
				InvalidParameters: []InvalidParameter{{Field: []string{"email"}, Message: "value is not a valid email address"}}},
		},
		{
			name:   "field as an array, and missing",
			status: 400,
			body: `{"status":400,"title":"Bad Request","detail":"bad","instance":"i",
				"invalid_parameters":[{"field":["title"],"message":"too short"},{"field":["trait_ids",0],"message":"x"},{"message":"no field"}]}`,
			want: &APIError{StatusCode: 400, Title: "Bad Request", Detail: "bad", Instance: "i",
				InvalidParameters: []InvalidParameter{
					{Field: []string{"title"}, Message: "too short"},
					{Field: []string{"trait_ids", "0"}, Message: "x"},
					{Message: "no field"},
				}},
		},
		{
			name:   "insufficient XP",
			status: 400,
			body: `{"status":400,"title":"Bad Request","detail":"User does not have enough XP to complete the action.",
				"instance":"i","current_xp":3,"required_xp":20}`,
			want: &APIError{StatusCode: 400, Title: "Bad Request", Instance: "i",
				Detail:    "User does not have enough XP to complete the action.",
				CurrentXP: intp(3), RequiredXP: intp(20)},
		},
		{
			name:   "rate limited with a float retry_after",
			status: 429,
			body:   `{"status":429,"title":"Too Many Requests","detail":"You are being rate limited.","instance":"i","retry_after":1.67}`,
			want: &APIError{StatusCode: 429, Title: "Too Many Requests", Detail: "You are being rate limited.",
				Instance: "i", RetryAfter: 1670 * time.Millisecond},
		},
		{
			name:   "rate limited with a RateLimit header",
			status: 429,
			header: http.Header{"Ratelimit": {`"default";r=0;t=2`}},
			body:   `{"status":429,"title":"Too Many Requests","instance":"i"}`,
			want:   &APIError{StatusCode: 429, Title: "Too Many Requests", Instance: "i", RetryAfter: 2 * time.Second},
		},
		{
			name:   "plain text 500 body",
			status: 500,
			body:   "Internal Server Error\n",
			want:   &APIError{StatusCode: 500, Title: "Internal Server Error", Detail: "Internal Server Error"},
		},
		{
			name:   "problem without detail",
			status: 403,
			body:   `{"status":403,"title":"Forbidden","instance":"i"}`,
			want:   &APIError{StatusCode: 403, Title: "Forbidden", Instance: "i"},
		},
		{
			name:   "empty body",
			status: 502,
			want:   &APIError{StatusCode: 502, Title: "Bad Gateway"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newAPIError(r, tt.status, tt.header, []byte(tt.body))
			tt.want.Method, tt.want.Route = r.method, r.route
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAPIErrorMessage(t *testing.T) {
	e := &APIError{StatusCode: 400, Detail: "Validation failed", Route: "POST /users",
		InvalidParameters: []InvalidParameter{{Field: []string{"body", "name"}, Message: "too short"}}}
	assert.Equal(t, "valentina: POST /users: 400 Bad Request: Validation failed; body.name: too short", e.Error())
	assert.Equal(t, "valentina: 404 Not Found", (&APIError{StatusCode: 404}).Error())
}

func TestAPIErrorIs(t *testing.T) {
	sentinels := []error{ErrValidation, ErrAuthentication, ErrAuthorization, ErrNotFound, ErrConflict,
		ErrRateLimited, ErrServer, ErrRequestValidation}
	tests := []struct {
		status int
		want   error
	}{
		{400, ErrValidation}, {401, ErrAuthentication}, {403, ErrAuthorization}, {404, ErrNotFound},
		{409, ErrConflict}, {429, ErrRateLimited}, {500, ErrServer}, {502, ErrServer}, {599, ErrServer},
		{418, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			err := fmt.Errorf("wrapped: %w", &APIError{StatusCode: tt.status})
			for _, s := range sentinels {
				assert.Equal(t, s == tt.want, errors.Is(err, s), "%v", s)
			}
		})
	}
}

func TestRequestValidationError(t *testing.T) {
	err := fmt.Errorf("create: %w", &RequestValidationError{Field: "name", Message: "must be 3 to 50 characters"})
	assert.ErrorIs(t, err, ErrRequestValidation)
	assert.NotErrorIs(t, err, ErrValidation)
	assert.EqualError(t, err, "create: vclient: invalid request: name: must be 3 to 50 characters")
}

func TestErrorBodyIsCapped(t *testing.T) {
	c, mux, _ := setup(t)
	huge := strings.Repeat("x", 1<<20)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		_, _ = w.Write([]byte(huge))
	})
	_, err := c.Users(coID).Get(t.Context(), userID)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 404, apiErr.StatusCode)
	assert.LessOrEqual(t, len(apiErr.Detail), 520, "detail is an excerpt")
}

func TestPlainText(t *testing.T) {
	assert.Empty(t, plainText([]byte("{not json")))
	assert.Empty(t, plainText([]byte{0xff, 0xfe}))
	assert.Equal(t, "oops", plainText([]byte("  oops \n")))
}

func TestInvalidParameterRejectsNonObject(t *testing.T) {
	var p InvalidParameter
	assert.Error(t, p.UnmarshalJSON([]byte(`"x"`)))
}

func TestAPIErrorRequestIDFallsBackToTheHeader(t *testing.T) {
	c, mux, _ := setupV2(t, WithMaxRetries(0))
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_7H2kB9xQ4mN1pL5w3nR2Yg")
		problemReply(w, 404, `{"status":404,"title":"Not Found","detail":"User not found","instance":"i"}`)
	})
	_, err := c.Users(coID).Get(t.Context(), userID)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "req_7H2kB9xQ4mN1pL5w3nR2Yg", apiErr.RequestID)
	assert.Empty(t, apiErr.Code)
	assert.Equal(t, "valentina: GET /users/{user_id}: 404 Not Found: User not found (request req_7H2kB9xQ4mN1pL5w3nR2Yg)",
		apiErr.Error())
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestAPIErrorRequestIDFromTheBody(t *testing.T) {
	r := &request{method: "POST", route: "POST /users/{user_id}/experience/xp/remove"}
	e := newAPIError(r, 400, http.Header{"X-Request-Id": {"req_header"}},
		[]byte(`{"status":400,"title":"Bad Request","detail":"User does not have enough XP to complete the action.",
			"instance":"i","request_id":"req_body"}`))
	assert.Equal(t, "req_body", e.RequestID)
	assert.Nil(t, e.CurrentXP, "v2 sends no amounts")
	e = newAPIError(r, 429, nil, []byte(`{"status":429,"request_id":"req_rl","retry_after":1.5}`))
	assert.Equal(t, "req_rl", e.RequestID)
	assert.Equal(t, 1500*time.Millisecond, e.RetryAfter)
}
