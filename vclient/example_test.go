package vclient_test

import (
	"context"
	"fmt"
	"log"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// exampleSandbox starts the emulator with the demo company; the examples talk to it over HTTP
// exactly as they would to https://api.valentina-noir.com.
func exampleSandbox() (*vclient.Client, *vclienttest.Server, *vclienttest.Demo) {
	srv := vclienttest.Start()
	sb := vclienttest.SeedDemo(srv.Emulator)
	c, err := vclient.New(srv.URL, vclienttest.DefaultAPIKey, vclient.WithAPIVersion(vclient.APIv1))
	if err != nil {
		log.Fatal(err)
	}
	return c, srv, sb
}

// Add a new user to the company (the requester must be an admin).
func ExampleUsersService_Create() {
	c, srv, sb := exampleSandbox()
	defer srv.Close()
	ctx := context.Background()
	// Calls made for a person go through a view of the client acting for them.
	users := c.OnBehalfOf(sb.Ada).Users(sb.CompanyID)

	user, err := users.Create(ctx, &vclient.UserCreate{
		Name:  "John Doe",
		Email: "john@example.com",
		Role:  vclient.RolePlayer,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(user.Name, user.Email, user.Role)
	// Output: John Doe john@example.com PLAYER
}

// Award or deduct experience points for character progression.
func ExampleUsersService_AddXP() {
	c, srv, sb := exampleSandbox()
	defer srv.Close()
	ctx := context.Background()
	// The acting user is checked against the company's permission_grant_xp setting.
	users := c.OnBehalfOf(sb.Ada).Users(sb.CompanyID)

	experience, err := users.GetExperience(ctx, sb.Alice, sb.CampaignID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Current XP: %d\n", experience.XPCurrent)
	fmt.Printf("Total earned: %d\n", experience.XPTotal)

	updated, err := users.AddXP(ctx, sb.Alice, sb.CampaignID, 50)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("New XP: %d\n", updated.XPCurrent)

	// Each cool point is also worth 10 XP.
	updated, err = users.AddCoolPoints(ctx, sb.Alice, sb.CampaignID, 3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("After cool points: %d XP, %d CP\n", updated.XPCurrent, updated.CoolPoints)

	// Spend XP on character upgrades.
	updated, err = users.RemoveXP(ctx, sb.Alice, sb.CampaignID, 20)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("After spending: %d XP (%d earned in total)\n", updated.XPCurrent, updated.XPTotal)
	// Output:
	// Current XP: 0
	// Total earned: 0
	// New XP: 50
	// After cool points: 80 XP, 3 CP
	// After spending: 60 XP (80 earned in total)
}

// Store session notes and character information.
func ExampleUsersService_CreateNote() {
	c, srv, sb := exampleSandbox()
	defer srv.Close()
	ctx := context.Background()
	users := c.Users(sb.CompanyID)

	note, err := users.CreateNote(ctx, sb.Alice, &vclient.NoteCreate{
		Title:   "Session 12 Notes",
		Content: "## Key Events\n\n- Met the Prince\n- Discovered betrayal",
	})
	if err != nil {
		log.Fatal(err)
	}

	// Only the content changes; the client fetches the title so both are sent.
	content := "Updated content here..."
	if _, err := users.UpdateNote(ctx, sb.Alice, note.ID, &vclient.NoteUpdate{Content: &content}); err != nil {
		log.Fatal(err)
	}

	notes, err := users.ListAllNotes(ctx, sb.Alice)
	if err != nil {
		log.Fatal(err)
	}
	for _, n := range notes {
		fmt.Printf("%s: %d characters\n", n.Title, len(n.Content))
	}
	// Output: Session 12 Notes: 23 characters
}

// Set up pre-configured dice pools for common actions.
func ExampleUsersService_CreateQuickroll() {
	c, srv, sb := exampleSandbox()
	defer srv.Close()
	ctx := context.Background()
	users := c.Users(sb.CompanyID)

	description := "Melee combat attack"
	if _, err := users.CreateQuickroll(ctx, sb.Bob, &vclient.QuickrollCreate{
		Name:        "Strength + Brawl",
		Description: &description,
		TraitIDs:    []string{sb.Traits["Strength"], sb.Traits["Brawl"]},
	}); err != nil {
		log.Fatal(err)
	}

	quickrolls, err := users.ListAllQuickrolls(ctx, sb.Bob)
	if err != nil {
		log.Fatal(err)
	}
	for _, qr := range quickrolls {
		fmt.Printf("%s: %d traits\n", qr.Name, len(qr.TraitIDs))
	}
	// Output: Strength + Brawl: 2 traits
}

// Store character portraits, handouts and other files.
func ExampleUsersService_UploadAsset() {
	c, srv, sb := exampleSandbox()
	defer srv.Close()
	ctx := context.Background()
	users := c.Users(sb.CompanyID)

	content := []byte("\xff\xd8\xff\xe0 not really a JPEG")
	asset, err := users.UploadAsset(ctx, sb.Alice, &vclient.AssetUpload{
		Filename: "john_doe_portrait.jpg",
		Content:  content,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Has a public URL:", asset.PublicURL != "")

	assets, err := users.ListAllAssets(ctx, sb.Alice)
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range assets {
		fmt.Printf("%s: %s\n", a.OriginalFilename, a.AssetType)
	}

	if err := users.DeleteAsset(ctx, sb.Alice, asset.ID); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Has a public URL: true
	// john_doe_portrait.jpg: image
}

// View aggregated dice roll statistics for a user.
func ExampleUsersService_GetStatistics() {
	c, srv, sb := exampleSandbox()
	defer srv.Close()
	ctx := context.Background()
	six := 6
	for _, dice := range [][]int{{7, 8, 9}, {10, 10, 4}, {1, 2, 3}, {6, 2, 2}} {
		srv.AddDiceRoll(sb.CompanyID, sb.Alice, vclienttest.DiceRoll{Difficulty: &six, Dice: dice})
	}

	stats, err := c.Users(sb.CompanyID).GetStatistics(ctx, sb.Alice, 10)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Total rolls: %d\n", stats.TotalRolls)
	fmt.Printf("Success rate: %.1f%%\n", stats.SuccessPercentage)
	fmt.Printf("Critical rate: %.1f%%\n", stats.CriticalsPercentage)
	fmt.Printf("Botch rate: %.1f%%\n", stats.BotchPercentage)
	// Output:
	// Total rolls: 4
	// Success rate: 50.0%
	// Critical rate: 25.0%
	// Botch rate: 25.0%
}

// Retrieve users filtered by their role in the company.
func ExampleUsersService_ListAll() {
	c, srv, sb := exampleSandbox()
	defer srv.Close()
	ctx := context.Background()
	users := c.Users(sb.CompanyID)

	storytellers, err := users.ListAll(ctx, vclient.RoleStoryteller)
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range storytellers {
		fmt.Println("Storyteller:", u.Name)
	}

	players, err := users.GetPage(ctx, &vclient.UserListOptions{Role: vclient.RolePlayer, ListOptions: vclient.ListOptions{Limit: 25}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Total players: %d\n", players.Total)
	// Output:
	// Storyteller: Sam
	// Total players: 2
}
