package vclienttest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestV2CampaignCreateAndDelete(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	requireProblem2(t, c.do("POST", c.co("/campaigns"), map[string]any{"name": "Dark Ages"}), 403, "On-Behalf-Of header is required")
	requireProblem2(t, c.as(sb.Alice, "POST", c.co("/campaigns"), map[string]any{"name": "Dark Ages", "danger": 9}), 400,
		"danger: Value should be less or equal to 5")
	requireProblem2(t, c.as(sb.Alice, "POST", c.co("/campaigns"), map[string]any{"name": "DA"}), 400, "name: Length of 'DA' 2 < 3")
	r := c.as(sb.Alice, "POST", c.co("/campaigns"), map[string]any{"name": "Dark Ages"})
	require.Equal(t, 201, r.status, "%s", r.raw)
	camp := r.json(t)
	assert.Regexp(t, uuid7Pattern, camp["id"])
	assert.EqualValues(t, 0, camp["danger"])
	assert.Equal(t, []string{"Chicago by Night", "Dark Ages"}, names(t, items(t, c.do("GET", c.co("/campaigns"), nil)), "name"))

	c.s.SetCompanySetting(sb.CompanyID, "permission_manage_campaign", "STORYTELLER")
	requireProblem2(t, c.as(sb.Alice, "DELETE", c.co("/campaigns/"+camp["id"].(string)), nil), 403, "No rights to access this resource")
	assert.Equal(t, 204, c.as(sb.Sam, "DELETE", c.co("/campaigns/"+sb.CampaignID), nil).status)
	requireProblem2(t, c.do("GET", c.co("/campaigns/"+sb.CampaignID), nil), 404, "Campaign not found")
	assert.Empty(t, items(t, c.as(sb.Sam, "GET", c.co("/characters"), nil)), "the campaign's characters go with it")
}

func TestV2CharacterWrites(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	body := map[string]any{"name_first": "Nadia", "name_last": "Crane", "character_class": "MORTAL", "game_version": "V5", "campaign_id": sb.CampaignID}
	r := c.as(sb.Bob, "POST", c.co("/characters"), body)
	require.Equal(t, 201, r.status, "%s", r.raw)
	ch := r.json(t)
	assert.Equal(t, sb.Bob, ch["user_player_id"], "a PLAYER character defaults to the acting user")
	assert.Equal(t, "PLAYER", ch["type"])
	id := ch["id"].(string)

	st := map[string]any{"name_first": "Elder", "name_last": "Secret", "character_class": "VAMPIRE", "game_version": "V5",
		"campaign_id": sb.CampaignID, "type": "STORYTELLER"}
	requireProblem2(t, c.as(sb.Bob, "POST", c.co("/characters"), st), 403, "No rights to access this resource")
	st["user_player_id"] = sb.Bob
	requireProblem2(t, c.as(sb.Sam, "POST", c.co("/characters"), st), 400, "NPC and STORYTELLER characters cannot have a player")
	body["name_first"] = "N"
	requireProblem2(t, c.as(sb.Bob, "POST", c.co("/characters"), body), 400, "name_first: Length of 'N' 1 < 3")
	requireProblem2(t, c.do("POST", c.co("/characters"), body), 400,
		"Missing required header parameter 'On-Behalf-Of' for path /api/v1"+c.co("/characters"))

	requireProblem2(t, c.as(sb.Alice, "PATCH", c.co("/characters/"+id), map[string]any{"name_nick": "Nadi"}), 403, "No rights to access this resource")
	r = c.as(sb.Bob, "PATCH", c.co("/characters/"+id), map[string]any{"name_nick": "Nadi"})
	require.Equal(t, 200, r.status, "%s", r.raw)
	assert.Equal(t, "Nadia 'Nadi' Crane", r.json(t)["name_full"])
	assert.Equal(t, 204, c.as(sb.Sam, "DELETE", c.co("/characters/"+id), nil).status)
	requireProblem2(t, c.as(sb.Sam, "GET", c.co("/characters/"+id), nil), 404, "Character '"+id+"' not found")
}

func TestV2CharacterNotesAndSheetCategory(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	base := c.co("/characters/" + sb.Mara + "/notes")
	r := c.as(sb.Bob, "POST", base, map[string]any{"title": "Haven", "content": "Under the L tracks."})
	require.Equal(t, 201, r.status, "%s", r.raw)
	n := r.json(t)
	assert.Equal(t, sb.Mara, n["character_id"])
	assert.Nil(t, n["user_id"])
	id := n["id"].(string)
	assert.Len(t, items(t, c.as(sb.Alice, "GET", base, nil)), 1)
	r = c.as(sb.Alice, "PATCH", base+"/"+id, map[string]any{"content": "Above the L tracks."})
	require.Equal(t, 200, r.status)
	assert.Equal(t, "Haven", r.json(t)["title"])
	requireProblem2(t, c.as(sb.Alice, "GET", c.co("/characters/"+sb.Dmitri+"/notes/"+id), nil), 404, "Note not found")
	requireProblem2(t, c.do("GET", base, nil), 403, "On-Behalf-Of header is required")
	assert.EqualValues(t, 1, c.as(sb.Alice, "GET", c.co("/characters/"+sb.Mara), nil).json(t)["num_notes"])
	assert.Empty(t, c.do("GET", c.user(sb.Alice, "/notes"), nil).json(t)["items"], "character notes are not user notes")
	assert.Equal(t, 204, c.as(sb.Alice, "DELETE", base+"/"+id, nil).status)

	sheet := c.as(sb.Alice, "GET", c.co("/characters/"+sb.Mara+"/full-sheet"), nil).json(t)
	skills := sheet["sections"].([]any)[1].(map[string]any)["categories"].([]any)[0].(map[string]any)
	r = c.as(sb.Alice, "GET", c.co("/characters/"+sb.Mara+"/full-sheet/categories/"+skills["id"].(string)), nil)
	require.Equal(t, 200, r.status, "%s", r.raw)
	assert.Equal(t, "Skills", r.json(t)["name"])
	assert.Len(t, r.json(t)["character_traits"], 10)
	requireProblem2(t, c.as(sb.Alice, "GET", c.co("/characters/"+sb.Mara+"/full-sheet/categories/"+sb.Mara), nil), 404, "Trait category not found")
}

func TestV2CharacterAssets(t *testing.T) {
	c := newTC2(t)
	sb := c.sb
	base := c.co("/characters/" + sb.Mara + "/assets")
	requireProblem2(t, c.upload2("POST", base+"/upload", sb.Bob, "portrait.png", "image/png", pngBytes), 403, "No rights to access this resource")
	requireProblem2(t, c.upload2("POST", base+"/upload", sb.Alice, "portrait.txt", "text/plain", []byte("text")), 400,
		"Upload must be a PNG, JPEG, GIF, or WEBP image.")
	r := c.upload2("POST", base+"/upload", sb.Alice, "portrait.png", "image/png", pngBytes)
	require.Equal(t, 201, r.status, "%s", r.raw)
	a := r.json(t)
	assert.Equal(t, sb.Mara, a["character_id"])
	assert.Nil(t, a["user_parent_id"])
	id := a["id"].(string)
	assert.Len(t, items(t, c.as(sb.Bob, "GET", base, nil)), 1)
	assert.Equal(t, 200, c.as(sb.Bob, "GET", base+"/"+id, nil).status)
	assert.Len(t, c.as(sb.Bob, "GET", c.co("/characters/"+sb.Mara+"?include=assets"), nil).json(t)["assets"], 1)
	requireProblem2(t, c.as(sb.Bob, "DELETE", base+"/"+id, nil), 403, "No rights to access this resource")
	assert.Equal(t, 204, c.as(sb.Sam, "DELETE", base+"/"+id, nil).status)
	requireProblem2(t, c.as(sb.Bob, "GET", base+"/"+id, nil), 404, "Asset not found")
}
