package cache

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompanyNameAndSettingsShareOneCachedRead(t *testing.T) {
	env := newTestEnv(t)
	ctx, cid := t.Context(), env.sb.CompanyID

	c, err := env.lookups.Company(ctx, cid, env.alice())
	require.NoError(t, err)
	assert.Equal(t, "Sandbox", c.Name)
	assert.Empty(t, c.Email, "noirbot never keeps an e-mail address")
	settings, err := env.lookups.CompanySettings(ctx, cid, env.alice())
	require.NoError(t, err)
	assert.NotEmpty(t, settings.PermissionGrantXP)
	_, err = env.lookups.Company(ctx, cid, env.alice())
	require.NoError(t, err)
	assert.Equal(t, 1, env.upstream("GET /companies/{company_id}"), "one upstream read serves name and settings")

	raw, err := env.store.rdb.Get(ctx, env.store.cacheKey("company:"+cid)).Result()
	require.NoError(t, err)
	assert.NotContains(t, strings.ToLower(raw), "@", "no e-mail address is stored in Redis")
}
