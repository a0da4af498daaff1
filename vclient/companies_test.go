package vclient

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompaniesGet(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"id":"co1","date_created":"2026-02-22T18:00:00Z","date_modified":"2026-02-22T18:00:00Z",
			"name":"Night Court","description":null,"email":"st@example.com","user_ids":["u1"],
			"settings":{"character_autogen_xp_cost":10,"character_autogen_num_choices":null,
				"permission_manage_campaign":"UNRESTRICTED","permission_grant_xp":"PLAYER",
				"permission_free_trait_changes":"WITHIN_24_HOURS"}}`)
	})
	got, err := c.Companies().Get(t.Context(), coID)
	require.NoError(t, err)
	ten := 10
	assert.Equal(t, &Company{ID: "co1", Name: "Night Court", Email: "st@example.com", UserIDs: []string{"u1"},
		Settings: CompanySettings{PermissionGrantXP: GrantXPPlayer, PermissionManageCampaign: "UNRESTRICTED",
			PermissionFreeTraitChanges: "WITHIN_24_HOURS", CharacterAutogenXPCost: &ten}}, got)
	_, err = c.Companies().Get(t.Context(), "")
	assert.ErrorIs(t, err, ErrRequestValidation)
}

func TestCompaniesGetV2(t *testing.T) {
	c, mux, _ := setupV2(t)
	mux.HandleFunc("GET /api/v1/companies/co1", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"id":"co1","name":"By Night","description":null,"email":"st@example.com",
			"resources_modified_at":"2026-07-15T14:07:46Z","num_users":4,
			"settings":{"permission_grant_xp":"PLAYER","permission_manage_npc":"STORYTELLER","permission_recoup_xp":"DENIED"}}`)
	})
	got, err := c.Companies().Get(t.Context(), coID)
	require.NoError(t, err)
	assert.Equal(t, &Company{ID: "co1", Name: "By Night", Email: "st@example.com",
		ResourcesModifiedAt: mustTime("2026-07-15T14:07:46Z"),
		Settings: CompanySettings{PermissionGrantXP: GrantXPPlayer, PermissionManageNPC: "STORYTELLER",
			PermissionRecoupXP: "DENIED"}}, got)
}
