package vclienttest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestV2UserGetIncludes(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	c.s.AddCharacter(sb.CompanyID, sb.CampaignID, Character{NameFirst: "Elder", NameLast: "Secret", Type: "STORYTELLER", UserPlayerID: sb.Alice})
	c.s.AddNote(sb.Alice, Note{Title: "Debts", Content: "Owes a boon."})
	u := c.do("GET", c.user(sb.Alice, "?include=quickrolls&include=notes&include=characters&include=assets"), nil).json(t)
	assert.Len(t, u["quickrolls"], 2)
	assert.Len(t, u["notes"], 1)
	assert.Equal(t, []any{}, u["assets"])
	chars := u["characters"].([]any)
	require.Len(t, chars, 1, "STORYTELLER-type characters are never included")
	assert.Equal(t, "Mara", chars[0].(map[string]any)["name_first"])
	note := u["notes"].([]any)[0].(map[string]any)
	assert.Equal(t, sb.Alice, note["user_id"])
	assert.Equal(t, sb.CompanyID, note["company_id"])
	assert.Nil(t, note["character_id"])
	qr := u["quickrolls"].([]any)[0].(map[string]any)
	assert.Equal(t, "Shoot someone", qr["description"])

	m := requireProblem2(t, c.do("GET", c.user(sb.Alice, "?include=quickrolls,notes"), nil), 400, "Validation failed for one or more fields.")
	assert.Equal(t, "include", m["invalid_parameters"].([]any)[0].(map[string]any)["field"])
	requireProblem2(t, c.do("GET", c.user("0190a000-0000-7000-8000-000000000000", ""), nil), 404, "User not found")
}

func TestV2UserWritesFollowTheRoleMatrix(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	body := map[string]any{"username": "newbie", "email": "newbie@example.com", "role": "PLAYER", "discord_profile": map[string]any{"id": "999"}}
	t.Run("create", func(t *testing.T) {
		requireProblem2(t, c.as(sb.Alice, "POST", c.co("/users"), body), 403, "Requesting user is not authorized to change user roles")
		requireProblem2(t, c.as(sb.Sam, "POST", c.co("/users"), map[string]any{"username": "boss", "email": "b@example.com", "role": "ADMIN"}),
			403, "Storytellers may only assign STORYTELLER or PLAYER roles")
		requireProblem2(t, c.as(sb.Ada, "POST", c.co("/users"), map[string]any{"username": "una", "email": "u@example.com", "role": "UNAPPROVED"}),
			400, "Cannot create a user with initial role UNAPPROVED")
		requireProblem2(t, c.as(sb.Ada, "POST", c.co("/users"), map[string]any{"username": "ab", "email": "u@example.com", "role": "PLAYER"}),
			400, "username: Length of 'ab' 2 < 3")
		r := c.as(sb.Sam, "POST", c.co("/users"), body)
		require.Equal(t, 201, r.status, "%s", r.raw)
		u := r.json(t)
		assert.Regexp(t, uuid7Pattern, u["id"])
		assert.Nil(t, u["discord_profile"], "discord_profile is read-only: ignored on POST")
	})
	t.Run("patch", func(t *testing.T) {
		r := c.as(sb.Alice, "PATCH", c.user(sb.Alice, ""), map[string]any{"name_last": "Liddell", "discord_profile": map[string]any{"id": "999"}})
		require.Equal(t, 200, r.status, "%s", r.raw)
		u := r.json(t)
		assert.Equal(t, "Liddell", u["name_last"])
		assert.Equal(t, "300", u["discord_profile"].(map[string]any)["id"], "discord_profile is ignored on PATCH")
		requireProblem2(t, c.as(sb.Sam, "PATCH", c.user(sb.Alice, ""), map[string]any{"name_last": "Other"}), 403, notAuthorizedManage)
		requireProblem2(t, c.as(sb.Alice, "PATCH", c.user(sb.Alice, ""), map[string]any{"role": "ADMIN"}), 403, "Requesting user is not authorized to change user roles")
		requireProblem2(t, c.as(sb.Sam, "PATCH", c.user(sb.Ada, ""), map[string]any{"role": "PLAYER"}), 403, "Only admins may change an admin user's role")
		requireProblem2(t, c.as(sb.Ada, "PATCH", c.user(sb.Ada, ""), map[string]any{"role": "PLAYER"}), 409, "Cannot remove the last admin from the company")
		requireProblem2(t, c.as(sb.Ada, "PATCH", c.user(sb.Bob, ""), map[string]any{"role": "UNAPPROVED"}), 400, "Cannot assign UNAPPROVED role")
		requireProblem2(t, c.do("PATCH", c.user(sb.Alice, ""), map[string]any{}), 400,
			"Missing required header parameter 'On-Behalf-Of' for path /api/v1"+c.user(sb.Alice, ""))
	})
	t.Run("delete", func(t *testing.T) {
		requireProblem2(t, c.as(sb.Alice, "DELETE", c.user(sb.Bob, ""), nil), 403, notAuthorizedManage)
		requireProblem2(t, c.as(sb.Ada, "DELETE", c.user(sb.Ada, ""), nil), 409, "Cannot remove the last admin from the company")
		assert.Equal(t, 204, c.as(sb.Bob, "DELETE", c.user(sb.Bob, ""), nil).status)
	})
}

func TestV2ApprovalQueue(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	una := c.s.AddUser(sb.CompanyID, User{Name: "Una", Role: "UNAPPROVED", DiscordID: "500"})
	deny := c.s.AddUser(sb.CompanyID, User{Name: "Zed", Role: "UNAPPROVED"})

	requireProblem2(t, c.as(sb.Sam, "GET", c.co("/users/unapproved"), nil), 403, notAuthorizedManage)
	list := items(t, c.as(sb.Ada, "GET", c.co("/users/unapproved"), nil))
	require.Len(t, list, 2)
	assert.Equal(t, "una", list[0].(map[string]any)["username"])

	requireProblem2(t, c.as(una, "POST", c.user(una, "/approve"), map[string]string{"role": "PLAYER"}), 403, "User has not been approved yet")
	requireProblem2(t, c.as(sb.Sam, "POST", c.user(una, "/approve"), map[string]string{"role": "PLAYER"}), 403, notAuthorizedManage)
	requireProblem2(t, c.as(sb.Ada, "POST", c.user(sb.Bob, "/approve"), map[string]string{"role": "PLAYER"}), 400, "User is not in UNAPPROVED status")
	requireProblem2(t, c.as(sb.Ada, "POST", c.user(una, "/approve"), map[string]string{"role": "DEACTIVATED"}), 400, "Cannot assign DEACTIVATED role via approval")
	r := c.as(sb.Ada, "POST", c.user(una, "/approve"), map[string]string{"role": "PLAYER"})
	require.Equal(t, 201, r.status, "%s", r.raw)
	assert.Equal(t, "PLAYER", r.json(t)["role"])

	r = c.as(sb.Ada, "POST", c.user(deny, "/deny"), nil)
	assert.Equal(t, 201, r.status)
	assert.Equal(t, "null", string(r.raw))
	requireProblem2(t, c.do("GET", c.user(deny, ""), nil), 404, "User not found")

	dup := c.s.AddUser(sb.CompanyID, User{Name: "Dup", Role: "UNAPPROVED", DiscordID: "600"})
	requireProblem2(t, c.as(sb.Ada, "POST", c.co("/users/merge"), map[string]string{"primary_user_id": sb.Bob, "secondary_user_id": sb.Bob}), 400, "Cannot merge a user with themselves")
	requireProblem2(t, c.as(sb.Ada, "POST", c.co("/users/merge"), map[string]string{"primary_user_id": sb.Bob, "secondary_user_id": sb.Alice}), 400, "Secondary user must have UNAPPROVED role")
	requireProblem2(t, c.as(sb.Sam, "POST", c.co("/users/merge"), map[string]string{"primary_user_id": sb.Bob, "secondary_user_id": dup}), 403, notAuthorizedManage)
	c.s.SetIdentity(sb.Bob, "discord", "")
	r = c.as(sb.Ada, "POST", c.co("/users/merge"), map[string]string{"primary_user_id": sb.Bob, "secondary_user_id": dup})
	require.Equal(t, 201, r.status, "%s", r.raw)
	assert.Equal(t, "600", r.json(t)["discord_profile"].(map[string]any)["id"], "the primary takes the secondary's missing profile")
	requireProblem2(t, c.do("GET", c.user(dup, ""), nil), 404, "User not found")
}

func TestV2LookupByOtherIdentifiers(t *testing.T) {
	c := newTC2(t)
	c.s.SetIdentity(c.sb.Bob, "github", "gh-42")
	var rows []map[string]any
	require.NoError(t, json.Unmarshal(c.do("GET", "/users/lookup?github_id=gh-42", nil).raw, &rows))
	require.Len(t, rows, 1)
	assert.Equal(t, c.sb.Bob, rows[0]["user_id"])
	require.NoError(t, json.Unmarshal(c.do("GET", "/users/lookup?email=alice@example.com", nil).raw, &rows))
	require.Len(t, rows, 1)
	assert.Equal(t, c.sb.Alice, rows[0]["user_id"])
	assert.Equal(t, "[]", string(c.do("GET", "/users/lookup?email=ALICE@example.com", nil).raw), "e-mail matching is case-sensitive")
	assert.Equal(t, "[]", string(c.do("GET", "/users/lookup?discord_id=", nil).raw))
}

func TestV2DeletingAUserArchivesTheirNotes(t *testing.T) {
	c := newTC2(t)
	note := c.s.AddNote(c.sb.Bob, Note{Title: "Plans", Content: "Take the tower."})
	require.Equal(t, 204, c.as(c.sb.Bob, "DELETE", c.user(c.sb.Bob, ""), nil).status)
	assert.Empty(t, c.s.Notes(c.sb.Bob))
	requireProblem2(t, c.do("GET", c.user(c.sb.Bob, "/notes/"+note), nil), 404, "User not found")
	var rows []map[string]any
	require.NoError(t, json.Unmarshal(c.do("GET", "/users/lookup?discord_id=400", nil).raw, &rows))
	assert.Empty(t, rows, "archived users are not looked up")
}
