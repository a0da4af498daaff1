package vclient_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

const xpAddRoute = "POST /users/{user_id}/experience/xp/add"

// sandbox starts an emulator seeded with the demo company and a client for it.
func sandbox(t *testing.T, opts ...vclient.Option) (*vclient.Client, *vclienttest.Server, *vclienttest.Demo) {
	t.Helper()
	srv := vclienttest.NewServer(t)
	sb := vclienttest.SeedDemo(srv.Emulator)
	opts = append([]vclient.Option{vclient.WithBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := vclient.New(srv.URL, vclienttest.DefaultAPIKey, append(opts, vclient.WithAPIVersion(vclient.APIv1))...)
	require.NoError(t, err)
	return c, srv, sb
}

func TestEmulatorHealthAndCompany(t *testing.T) {
	c, srv, sb := sandbox(t)
	require.NoError(t, c.Health(t.Context()))
	co, err := c.Companies().Get(t.Context(), sb.CompanyID)
	require.NoError(t, err)
	assert.Equal(t, "Sandbox", co.Name)
	assert.Equal(t, vclient.GrantXPUnrestricted, co.Settings.PermissionGrantXP)

	bad, err := vclient.New(srv.URL, "wrong-key")
	require.NoError(t, err)
	assert.ErrorIs(t, bad.Health(t.Context()), vclient.ErrAuthentication)
}

func TestEmulatorUsers(t *testing.T) {
	c, srv, sb := sandbox(t)
	ctx := t.Context()
	users := c.Users(sb.CompanyID)

	alice, err := users.Get(ctx, sb.Alice)
	require.NoError(t, err)
	assert.Equal(t, "Alice", alice.Name)
	assert.Equal(t, "300", alice.DiscordProfile.ID)

	john, err := c.OnBehalfOf(sb.Ada).Users(sb.CompanyID).Create(ctx, &vclient.UserCreate{Name: "John Doe",
		Email: "john@example.com", Role: vclient.RolePlayer})
	require.NoError(t, err)
	assert.Equal(t, vclient.RolePlayer, john.Role)

	_, err = c.OnBehalfOf(sb.Alice).Users(sb.CompanyID).Create(ctx, &vclient.UserCreate{Name: "Eve Doe",
		Email: "eve@example.com", Role: vclient.RolePlayer})
	assert.ErrorIs(t, err, vclient.ErrAuthorization, "only admins create users")

	name := "Johnny Doe"
	asJohn := c.OnBehalfOf(john.ID).Users(sb.CompanyID)
	john, err = asJohn.Update(ctx, john.ID, &vclient.UserUpdate{Name: &name,
		DiscordProfile: &vclient.DiscordProfileUpdate{ID: vclient.Value("555"), Username: vclient.Value("johnny")}})
	require.NoError(t, err)
	assert.Equal(t, "Johnny Doe", john.Name)
	assert.Equal(t, vclient.DiscordProfile{ID: "555", Username: "johnny"}, john.DiscordProfile)

	john, err = asJohn.Update(ctx, john.ID, &vclient.UserUpdate{DiscordProfile: vclient.UnlinkDiscord()})
	require.NoError(t, err)
	assert.Equal(t, vclient.DiscordProfile{}, john.DiscordProfile)

	players, err := users.ListAll(ctx, vclient.RolePlayer)
	require.NoError(t, err)
	assert.Len(t, players, 3)
	page, err := users.GetPage(ctx, &vclient.UserListOptions{Role: vclient.RoleStoryteller})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)
	n := 0
	for u, err := range users.All(ctx, "") {
		require.NoError(t, err)
		assert.NotEmpty(t, u.ID)
		n++
	}
	assert.Equal(t, 5, n)

	require.NoError(t, c.OnBehalfOf(sb.Ada).Users(sb.CompanyID).Delete(ctx, john.ID))
	_, err = users.Get(ctx, john.ID)
	assert.ErrorIs(t, err, vclient.ErrNotFound)
	assert.Equal(t, 1, srv.CountRequests(http.MethodDelete, "DELETE /users/{user_id}"))
}

func TestEmulatorExperience(t *testing.T) {
	c, srv, sb := sandbox(t)
	ctx := t.Context()
	users := c.OnBehalfOf(sb.Sam).Users(sb.CompanyID)

	xp, err := users.GetExperience(ctx, sb.Alice, sb.CampaignID)
	require.NoError(t, err)
	assert.Equal(t, &vclient.CampaignExperience{CampaignID: sb.CampaignID}, xp)

	xp, err = users.AddXP(ctx, sb.Alice, sb.CampaignID, 50)
	require.NoError(t, err)
	assert.Equal(t, 50, xp.XPCurrent)
	xp, err = users.AddCoolPoints(ctx, sb.Alice, sb.CampaignID, 3)
	require.NoError(t, err)
	assert.Equal(t, vclient.CampaignExperience{CampaignID: sb.CampaignID, XPCurrent: 80, XPTotal: 80, CoolPoints: 3}, *xp)
	xp, err = users.RemoveXP(ctx, sb.Alice, sb.CampaignID, 20)
	require.NoError(t, err)
	assert.Equal(t, vclient.CampaignExperience{CampaignID: sb.CampaignID, XPCurrent: 60, XPTotal: 80, CoolPoints: 3}, *xp)
	assert.Equal(t, *xp, srv.Experience(sb.Alice, sb.CampaignID))
}

func TestEmulatorNotesAcrossPages(t *testing.T) {
	c, srv, sb := sandbox(t)
	for range 230 {
		srv.AddNote(sb.Alice, vclienttest.Note{Title: "Session", Content: "What happened"})
	}
	users := c.Users(sb.CompanyID)
	all, err := users.ListAllNotes(t.Context(), sb.Alice)
	require.NoError(t, err)
	assert.Len(t, all, 230)
	assert.Equal(t, 3, srv.CountRequests(http.MethodGet, "GET /users/{user_id}/notes"))

	page, err := users.GetNotesPage(t.Context(), sb.Alice, &vclient.ListOptions{Limit: 25, Offset: 220})
	require.NoError(t, err)
	assert.Len(t, page.Items, 10)
	assert.Equal(t, 230, page.Total)
}

func TestEmulatorNotes(t *testing.T) {
	c, srv, sb := sandbox(t)
	ctx := t.Context()
	users := c.Users(sb.CompanyID)
	note, err := users.CreateNote(ctx, sb.Alice, &vclient.NoteCreate{Title: "Session 12", Content: "Met the Prince"})
	require.NoError(t, err)
	content := "Met the Prince, then fled"
	updated, err := users.UpdateNote(ctx, sb.Alice, note.ID, &vclient.NoteUpdate{Content: &content})
	require.NoError(t, err)
	assert.Equal(t, "Session 12", updated.Title)
	assert.Equal(t, content, updated.Content)
	got, err := users.GetNote(ctx, sb.Alice, note.ID)
	require.NoError(t, err)
	assert.Equal(t, updated, got)
	n := 0
	for range users.AllNotes(ctx, sb.Alice) {
		n++
	}
	assert.Equal(t, 1, n)
	require.NoError(t, users.DeleteNote(ctx, sb.Alice, note.ID))
	assert.Empty(t, srv.Notes(sb.Alice))
}

func TestEmulatorQuickrolls(t *testing.T) {
	c, srv, sb := sandbox(t)
	ctx := t.Context()
	users := c.Users(sb.CompanyID)
	desc := "Sneak past the guards"
	q, err := users.CreateQuickroll(ctx, sb.Bob, &vclient.QuickrollCreate{Name: "Dexterity + Stealth", Description: &desc,
		TraitIDs: []string{sb.Traits["Dexterity"], sb.Traits["Stealth"]}})
	require.NoError(t, err)
	assert.Equal(t, desc, q.Description)

	_, err = users.CreateQuickroll(ctx, sb.Bob, &vclient.QuickrollCreate{Name: "Dexterity + Stealth"})
	assert.ErrorIs(t, err, vclient.ErrValidation, "names are unique per user")

	name := "Dex + Stealth"
	q, err = users.UpdateQuickroll(ctx, sb.Bob, q.ID, &vclient.QuickrollUpdate{Name: &name})
	require.NoError(t, err)
	assert.Equal(t, name, q.Name)
	assert.Len(t, q.TraitIDs, 2, "unchanged")
	got, err := users.GetQuickroll(ctx, sb.Bob, q.ID)
	require.NoError(t, err)
	assert.Equal(t, q, got)

	page, err := users.GetQuickrollsPage(ctx, sb.Alice, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, page.Total)
	for qr, err := range users.AllQuickrolls(ctx, sb.Bob) {
		require.NoError(t, err)
		assert.Equal(t, name, qr.Name)
	}
	require.NoError(t, users.DeleteQuickroll(ctx, sb.Bob, q.ID))
	assert.Empty(t, srv.Quickrolls(sb.Bob))
}

func TestEmulatorAssets(t *testing.T) {
	c, _, sb := sandbox(t)
	ctx := t.Context()
	users := c.Users(sb.CompanyID)
	a, err := users.UploadAsset(ctx, sb.Alice, &vclient.AssetUpload{Filename: "portrait.jpg", Content: []byte("JPEG")})
	require.NoError(t, err)
	assert.Equal(t, "image", a.AssetType)
	assert.Equal(t, "image/jpeg", a.MimeType)
	got, err := users.GetAsset(ctx, sb.Alice, a.ID)
	require.NoError(t, err)
	assert.Equal(t, a, got)
	page, err := users.GetAssetsPage(ctx, sb.Alice, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)
	n := 0
	for range users.AllAssets(ctx, sb.Alice) {
		n++
	}
	assert.Equal(t, 1, n)
	require.NoError(t, users.DeleteAsset(ctx, sb.Alice, a.ID))
	all, err := users.ListAllAssets(ctx, sb.Alice)
	require.NoError(t, err)
	assert.Empty(t, all)
}

func TestEmulatorDiceRolls(t *testing.T) {
	c, srv, sb := sandbox(t)
	ctx := t.Context()
	srv.SetDice(func(n, size int) []int {
		faces := make([]int, n)
		for i := range faces {
			faces[i] = 7
		}
		return faces
	})
	rolls := c.OnBehalfOf(sb.Alice).DiceRolls(sb.CompanyID)
	r, err := rolls.CreateFromQuickroll(ctx, &vclient.QuickrollRoll{QuickrollID: sb.Quickrolls["Dexterity + Firearms"], CharacterID: sb.Mara})
	require.NoError(t, err)
	assert.Equal(t, 8, r.NumDice, "Dexterity 4 + Firearms 4")
	assert.Equal(t, vclient.ResultSuccess, r.Result.TotalResultType)
	assert.Equal(t, 8, *r.Result.TotalResult)
	assert.Equal(t, "Quick roll: Dexterity + Firearms", r.Comment)

	_, err = rolls.CreateFromQuickroll(ctx, &vclient.QuickrollRoll{QuickrollID: "000000000000000000000000", CharacterID: sb.Mara})
	assert.ErrorIs(t, err, vclient.ErrValidation, "unknown quickroll is a 400")

	six := 6
	manual, err := rolls.Create(ctx, &vclient.DiceRollCreate{DiceSize: 10, NumDice: 2, Difficulty: &six})
	require.NoError(t, err)
	got, err := rolls.Get(ctx, manual.ID)
	require.NoError(t, err)
	assert.Equal(t, manual, got)

	mine, err := rolls.ListAll(ctx, &vclient.DiceRollListOptions{CharacterID: sb.Mara})
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, r.ID, mine[0].ID)
	page, err := rolls.GetPage(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, page.Total)
}

func TestEmulatorStatistics(t *testing.T) {
	c, srv, sb := sandbox(t)
	six := 6
	srv.AddDiceRoll(sb.CompanyID, sb.Bob, vclienttest.DiceRoll{Difficulty: &six, Dice: []int{7, 8, 9},
		CharacterID: sb.Dmitri, CampaignID: sb.CampaignID, TraitIDs: []string{sb.Traits["Strength"]}})
	srv.AddDiceRoll(sb.CompanyID, sb.Bob, vclienttest.DiceRoll{Difficulty: &six, Dice: []int{1, 1, 10},
		CharacterID: sb.Dmitri, CampaignID: sb.CampaignID})
	st, err := c.Users(sb.CompanyID).GetStatistics(t.Context(), sb.Bob, 10)
	require.NoError(t, err)
	assert.Equal(t, 2, st.TotalRolls)
	assert.Equal(t, 1, st.Successes)
	assert.Equal(t, 1, st.Botches)
	assert.InDelta(t, 50.0, st.SuccessPercentage, 0.001)
	require.Len(t, st.TopTraits, 1)
	assert.Equal(t, "Strength", st.TopTraits[0].Name)

	cst, err := c.OnBehalfOf(sb.Bob).Campaigns(sb.CompanyID).GetStatistics(t.Context(), sb.CampaignID, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, cst.TotalRolls)
	chst, err := c.OnBehalfOf(sb.Bob).Characters(sb.CompanyID, sb.CampaignID).GetStatistics(t.Context(), sb.Dmitri, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, chst.TotalRolls)
}

func TestEmulatorCampaignsCharactersAndTraits(t *testing.T) {
	c, _, sb := sandbox(t)
	ctx := t.Context()
	camps, err := c.OnBehalfOf(sb.Alice).Campaigns(sb.CompanyID).ListAll(ctx)
	require.NoError(t, err)
	require.Len(t, camps, 1)
	camp, err := c.OnBehalfOf(sb.Alice).Campaigns(sb.CompanyID).Get(ctx, sb.CampaignID)
	require.NoError(t, err)
	assert.Equal(t, camps[0], *camp)
	assert.Equal(t, "Chicago by Night", camp.Name)

	chars := c.OnBehalfOf(sb.Alice).Characters(sb.CompanyID, sb.CampaignID)
	mine, err := chars.ListAll(ctx, sb.Alice)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, "Mara Voss", mine[0].Name)
	all, err := chars.ListAll(ctx, "")
	require.NoError(t, err)
	assert.Len(t, all, 2)
	mara, err := chars.Get(ctx, sb.Mara)
	require.NoError(t, err)
	assert.Equal(t, sb.Alice, mara.UserPlayerID)

	traits := c.OnBehalfOf(sb.Alice).CharacterTraits(sb.CompanyID, sb.CampaignID, sb.Mara)
	list, err := traits.ListAll(ctx)
	require.NoError(t, err)
	assert.Len(t, list, 19)
	firearms, err := traits.Get(ctx, sb.Traits["Firearms"])
	require.NoError(t, err)
	assert.Equal(t, "Firearms", firearms.Trait.Name)
	assert.Equal(t, 4, firearms.Value)

	bp, err := c.BlueprintTraits(sb.CompanyID).Get(ctx, sb.Traits["Brawl"])
	require.NoError(t, err)
	assert.Equal(t, "Brawl", bp.Name)
	_, err = c.BlueprintTraits(sb.CompanyID).Get(ctx, "000000000000000000000000")
	assert.ErrorIs(t, err, vclient.ErrNotFound)
}
