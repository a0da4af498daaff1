package vclienttest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeveloperAccess(t *testing.T) {
	c := newTC(t)
	other := c.s.AddCompany(Company{Name: "Locked"})
	c.s.SetCompanyAccess(other, false)
	t.Run("a company without access is a 403", func(t *testing.T) {
		requireProblem(t, c.do("GET", "/companies/"+other+"/users", nil), 403, "No rights to access this resource")
		requireProblem(t, c.do("GET", "/companies/"+other, nil), 403, "No rights to access this resource")
	})
	t.Run("the company list shows only accessible companies", func(t *testing.T) {
		m := c.do("GET", "/companies", nil).json(t)
		assert.EqualValues(t, 1, m["total"])
	})
}

func TestOversizedBody(t *testing.T) {
	c := newTC(t)
	r := c.do("POST", c.user(c.sb.Alice, "/notes"), strings.Repeat("x", maxBody+1))
	require.Equal(t, http.StatusRequestEntityTooLarge, r.status)
	assert.Equal(t, "Content Too Large", r.json(t)["title"])
}

func TestUnknownRoute(t *testing.T) {
	c := newTC(t)
	requireProblem(t, c.do("GET", c.co("/nothing/here"), nil), 404, "Not Found")
	requireProblem(t, c.do("PUT", c.user(c.sb.Alice, ""), `{}`), 404, "Not Found")
}

func TestStartAt(t *testing.T) {
	s, err := StartAt("127.0.0.1:0")
	require.NoError(t, err)
	defer s.Close()
	req, err := http.NewRequestWithContext(t.Context(), "GET", s.URL+"/api/v1/health", nil)
	require.NoError(t, err)
	req.Header.Set("X-API-KEY", DefaultAPIKey)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)
}
