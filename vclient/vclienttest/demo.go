package vclienttest

import "github.com/noirbot/noirbot/vclient"

// Demo holds the ids of the demo data SeedDemo creates (SPEC §8).
type Demo struct {
	CompanyID, CampaignID string
	// Users: Ada (ADMIN, Discord 100), Sam (STORYTELLER, 200), Alice (PLAYER, 300), Bob (PLAYER, 400).
	Ada, Sam, Alice, Bob string
	// Characters: Alice plays Mara Voss, Bob plays Dmitri Kale.
	Mara, Dmitri string
	// Traits maps blueprint trait names to ids.
	Traits map[string]string
	// Quickrolls maps Alice's quickroll names to ids.
	Quickrolls map[string]string
}

// sandboxTraits lists the blueprint traits by category, in sheet order.
var sandboxTraits = []struct{ category, name string }{
	{"Physical", "Strength"}, {"Physical", "Dexterity"}, {"Physical", "Stamina"},
	{"Social", "Charisma"}, {"Social", "Manipulation"}, {"Social", "Composure"},
	{"Mental", "Intelligence"}, {"Mental", "Wits"}, {"Mental", "Resolve"},
	{"Skills", "Athletics"}, {"Skills", "Brawl"}, {"Skills", "Firearms"}, {"Skills", "Melee"},
	{"Skills", "Stealth"}, {"Skills", "Awareness"}, {"Skills", "Persuasion"}, {"Skills", "Intimidation"},
	{"Skills", "Investigation"}, {"Skills", "Insight"},
}

// Ratings follow sandboxTraits' order.
var (
	maraRatings   = []int{2, 4, 3, 2, 3, 3, 2, 3, 2, 3, 2, 4, 1, 3, 2, 1, 2, 2, 1}
	dmitriRatings = []int{4, 2, 4, 1, 2, 3, 3, 2, 3, 2, 4, 1, 3, 1, 3, 2, 3, 1, 2}
)

// SeedDemo fills the emulator with the console's demo company (SPEC §8):
// company "Sandbox", campaign "Chicago by Night", four users, two characters
// with attributes and skills, and Alice's two quickrolls.
func SeedDemo(e *Emulator) *Demo {
	sb := &Demo{Traits: map[string]string{}, Quickrolls: map[string]string{}}
	sb.CompanyID = e.AddCompany(Company{Name: "Sandbox", Description: "Demo company for the noirbot console", Email: "sandbox@example.com"})
	sb.CampaignID = e.AddCampaign(sb.CompanyID, Campaign{Name: "Chicago by Night",
		Description: "Kindred politics in the Windy City", Desperation: 1, Danger: 2})
	sb.Ada = e.AddUser(sb.CompanyID, User{Name: "Ada", Role: vclient.RoleAdmin, DiscordID: "100", DiscordUsername: "ada"})
	sb.Sam = e.AddUser(sb.CompanyID, User{Name: "Sam", Role: vclient.RoleStoryteller, DiscordID: "200", DiscordUsername: "sam"})
	sb.Alice = e.AddUser(sb.CompanyID, User{Name: "Alice", Role: vclient.RolePlayer, DiscordID: "300", DiscordUsername: "alice"})
	sb.Bob = e.AddUser(sb.CompanyID, User{Name: "Bob", Role: vclient.RolePlayer, DiscordID: "400", DiscordUsername: "bob"})
	for _, t := range sandboxTraits {
		sb.Traits[t.name] = e.AddTrait(sb.CompanyID, Trait{Name: t.name, ParentCategoryName: t.category})
	}
	sb.Mara = e.AddCharacter(sb.CompanyID, sb.CampaignID, Character{NameFirst: "Mara", NameLast: "Voss", UserPlayerID: sb.Alice})
	sb.Dmitri = e.AddCharacter(sb.CompanyID, sb.CampaignID, Character{NameFirst: "Dmitri", NameLast: "Kale", UserPlayerID: sb.Bob})
	for i, t := range sandboxTraits {
		e.SetCharacterTrait(sb.Mara, sb.Traits[t.name], maraRatings[i])
		e.SetCharacterTrait(sb.Dmitri, sb.Traits[t.name], dmitriRatings[i])
	}
	for _, q := range []Quickroll{
		{Name: "Dexterity + Firearms", Description: "Shoot someone", TraitIDs: []string{sb.Traits["Dexterity"], sb.Traits["Firearms"]}},
		{Name: "Strength + Brawl", Description: "Punch someone", TraitIDs: []string{sb.Traits["Strength"], sb.Traits["Brawl"]}},
	} {
		sb.Quickrolls[q.Name] = e.AddQuickroll(sb.Alice, q)
	}
	return sb
}
