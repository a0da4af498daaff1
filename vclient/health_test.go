package vclient

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHealth(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		wantErr error
	}{
		{"up", 200, nil},
		{"bad key", 401, ErrAuthentication},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			mux.HandleFunc("GET /api/v1/health", func(w http.ResponseWriter, r *http.Request) {
				if tt.status != 200 {
					problemReply(w, tt.status, `{"status":401,"title":"Unauthorized","detail":"Unauthorized API key"}`)
					return
				}
				reply(w, 200, `{"status":"ok"}`)
			})
			err := c.Health(t.Context())
			if tt.wantErr == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.wantErr)
			assert.ErrorContains(t, err, "Unauthorized API key")
		})
	}
}
