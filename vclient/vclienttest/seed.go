package vclienttest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/noirbot/noirbot/vclient"
)

// Company seeds a company. Empty settings take the API defaults (UNRESTRICTED, autogen 10 and 3).
type Company struct {
	Name, Description, Email string
	Settings                 vclient.CompanySettings
}

// User seeds a user. Email defaults to <first name>@example.com, Role to
// PLAYER (any v2 role string works, e.g. vclient.Role("UNAPPROVED")). In v2
// Name is split into name_first and name_last, and Username defaults to the
// lower-cased first name; a user without DiscordID has a null discord_profile.
type User struct {
	Name, Email                string
	Role                       vclient.Role
	DiscordID, DiscordUsername string
	Username                   string
}

// Campaign seeds a campaign.
type Campaign struct {
	Name, Description   string
	Desperation, Danger int
}

// Trait seeds a blueprint trait. SheetSectionName defaults from the category
// (Attributes or Abilities), MaxValue to 5.
type Trait struct {
	Name, ParentCategoryName, SheetSectionName, Description string
	MinValue, MaxValue                                      int
}

// Character seeds a character. Defaults: class VAMPIRE, version V5, type
// PLAYER, status ALIVE, creator = player.
type Character struct {
	NameFirst, NameLast, NameNick, UserPlayerID, CharacterClass, GameVersion string
	Type, Status, UserCreatorID                                              string
}

// Quickroll seeds a quickroll; TraitIDs may be blueprint Trait or CharacterTrait ids.
type Quickroll struct {
	Name, Description string
	TraitIDs          []string
}

// Note seeds a note.
type Note struct{ Title, Content string }

// DiceRoll seeds a stored roll. Dice and DesperationDice are the faces (rolled
// with the emulator's dice when empty and NumDice/NumDesperationDice are set);
// DiceSize defaults to 10. The result is scored like a real roll.
//
// Migrated seeds a roll as the old bot's migration left it (contract v2 Appendix B): result
// type Migrated, null total_result, empty dice lists, the type title-cased as the humanized
// text; NumDice is kept as the pool and no dice are rolled.
type DiceRoll struct {
	Migrated                              string // SUCCESS, FAILURE, BOTCH, CRITICAL or OTHER
	DiceSize, NumDice, NumDesperationDice int
	Difficulty                            *int
	Dice, DesperationDice                 []int
	TraitIDs                              []string
	CharacterID, CampaignID, Comment      string
}

// must panics on a seeding call that names something that does not exist.
func must[T any](v *T, what, id string) *T {
	if v == nil {
		panic(fmt.Sprintf("vclienttest: unknown %s %q", what, id))
	}
	return v
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func wireSettings(s vclient.CompanySettings) settings {
	xp, choices := 10, 3
	out := settings{
		CharacterAutogenXPCost: s.CharacterAutogenXPCost, CharacterAutogenNumChoices: s.CharacterAutogenNumChoices,
		PermissionManageCampaign:   orDefault(s.PermissionManageCampaign, "UNRESTRICTED"),
		PermissionGrantXP:          orDefault(string(s.PermissionGrantXP), "UNRESTRICTED"),
		PermissionFreeTraitChanges: orDefault(s.PermissionFreeTraitChanges, "UNRESTRICTED"),
	}
	if out.CharacterAutogenXPCost == nil {
		out.CharacterAutogenXPCost = &xp
	}
	if out.CharacterAutogenNumChoices == nil {
		out.CharacterAutogenNumChoices = &choices
	}
	return out
}

// AddCompany adds a company the emulator's API key can access and returns its id.
func (e *Emulator) AddCompany(c Company) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	co := &company{meta: e.newMeta(), Name: c.Name, Description: optional(c.Description),
		Email: orDefault(c.Email, "info@example.com"), Settings: wireSettings(c.Settings)}
	return e.st.companies.add(co).ID
}

// SetCompanySettings replaces a company's settings.
func (e *Emulator) SetCompanySettings(companyID string, s vclient.CompanySettings) {
	e.mu.Lock()
	defer e.mu.Unlock()
	must(e.st.companies.get(companyID), "company", companyID).Settings = wireSettings(s)
}

// SetCompanyAccess grants or revokes the API key's access to a company;
// without access, company routes answer 403 "No rights to access this resource".
func (e *Emulator) SetCompanyAccess(companyID string, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	must(e.st.companies.get(companyID), "company", companyID).NoAccess = !ok
}

// AddUser adds a user to a company and returns its id.
func (e *Emulator) AddUser(companyID string, u User) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	co := must(e.st.companies.get(companyID), "company", companyID)
	first, _, _ := strings.Cut(u.Name, " ")
	nu := &user{meta: e.newMeta(), CompanyID: companyID, Name: u.Name,
		Email: orDefault(u.Email, strings.ToLower(first)+"@example.com"), Role: orDefault(string(u.Role), "PLAYER")}
	nu.Discord.ID, nu.Discord.Username = optional(u.DiscordID), optional(u.DiscordUsername)
	nu.Username = orDefault(u.Username, strings.ToLower(first))
	if f, l, ok := strings.Cut(u.Name, " "); ok {
		nu.NameFirst, nu.NameLast = optional(f), optional(strings.TrimSpace(l))
	} else {
		nu.NameFirst = optional(u.Name)
	}
	e.st.users.add(nu)
	co.UserIDs = append(co.UserIDs, nu.ID)
	return nu.ID
}

// SetCompanySetting sets one company setting by its wire name, including the
// v2-only permission_manage_npc and permission_recoup_xp (e.g.
// SetCompanySetting(id, "permission_recoup_xp", "UNRESTRICTED")).
func (e *Emulator) SetCompanySetting(companyID, name, value string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &must(e.st.companies.get(companyID), "company", companyID).Settings
	switch name {
	case "permission_manage_campaign":
		s.PermissionManageCampaign = value
	case "permission_grant_xp":
		s.PermissionGrantXP = value
	case "permission_free_trait_changes":
		s.PermissionFreeTraitChanges = value
	case "permission_manage_npc":
		s.PermissionManageNPC = value
	case "permission_recoup_xp":
		s.PermissionRecoupXP = value
	default:
		panic(fmt.Sprintf("vclienttest: unknown company setting %q", name))
	}
}

// SetIdentity links (or, with an empty id, unlinks) a provider identity of a
// user: "discord" sets discord_profile.id (as a verified identify would);
// "google", "github" and "apple" set that profile's id.
func (e *Emulator) SetIdentity(userID, provider, id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := must(e.st.users.get(userID), "user", userID)
	if provider == "discord" {
		u.Discord.ID = optional(id)
		return
	}
	if u.Profiles == nil {
		u.Profiles = map[string]string{}
	}
	u.Profiles[provider] = id
}

// SetExperience sets a user's XP in a campaign (creating the entry).
func (e *Emulator) SetExperience(userID, campaignID string, xpCurrent, xpTotal, coolPoints int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := must(e.st.users.get(userID), "user", userID)
	x := u.experienceFor(campaignID)
	if e.v2() {
		x = e.experienceOf(u, campaignID)
	}
	x.XPCurrent, x.XPTotal, x.CoolPoints = xpCurrent, xpTotal, coolPoints
}

// SetUserRole changes a user's role.
func (e *Emulator) SetUserRole(userID string, role vclient.Role) {
	e.mu.Lock()
	defer e.mu.Unlock()
	must(e.st.users.get(userID), "user", userID).Role = string(role)
}

// AddCampaign adds a campaign to a company and returns its id.
func (e *Emulator) AddCampaign(companyID string, c Campaign) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	must(e.st.companies.get(companyID), "company", companyID)
	camp := &campaign{meta: e.newMeta(), CompanyID: companyID, Name: c.Name, Description: optional(c.Description),
		Desperation: c.Desperation, Danger: c.Danger}
	return e.st.campaigns.add(camp).ID
}

// AddTrait adds a blueprint trait and returns its id. Blueprint traits are
// global on the API; companyID is only checked to exist.
func (e *Emulator) AddTrait(companyID string, t Trait) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	must(e.st.companies.get(companyID), "company", companyID)
	section := "Attributes"
	if t.ParentCategoryName == "Skills" || t.ParentCategoryName == "Abilities" {
		section = "Abilities"
	}
	section = orDefault(t.SheetSectionName, section)
	nt := &trait{meta: e.newMeta(), Name: t.Name, Description: optional(t.Description),
		ParentCategoryName: t.ParentCategoryName, ParentCategoryID: e.namedID(e.st.categories, t.ParentCategoryName),
		SheetSectionName: section, SheetSectionID: e.namedID(e.st.sections, section),
		MinValue: t.MinValue, MaxValue: t.MaxValue}
	if nt.MaxValue == 0 {
		nt.MaxValue = 5
	}
	return e.st.traits.add(nt).ID
}

// namedID gives each category or section name one stable id.
func (e *Emulator) namedID(ids map[string]string, name string) string {
	if id, ok := ids[name]; ok {
		return id
	}
	ids[name] = e.newID()
	return ids[name]
}

// AddCharacter adds a character to a campaign and returns its id.
func (e *Emulator) AddCharacter(companyID, campaignID string, c Character) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	must(e.st.companies.get(companyID), "company", companyID)
	must(e.st.campaigns.get(campaignID), "campaign", campaignID)
	ch := &character{meta: e.newMeta(), CompanyID: companyID, CampaignID: campaignID,
		NameFirst: c.NameFirst, NameLast: c.NameLast, NameNick: optional(c.NameNick),
		CharacterClass: orDefault(c.CharacterClass, "VAMPIRE"), GameVersion: orDefault(c.GameVersion, "V5"),
		Type: orDefault(c.Type, "PLAYER"), Status: orDefault(c.Status, "ALIVE"),
		UserPlayerID: c.UserPlayerID, UserCreatorID: orDefault(c.UserCreatorID, c.UserPlayerID)}
	return e.st.characters.add(ch).ID
}

// SetCharacterTrait sets a character's rating in a blueprint trait and
// returns the CharacterTrait id.
func (e *Emulator) SetCharacterTrait(characterID, traitID string, value int) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	ch := must(e.st.characters.get(characterID), "character", characterID)
	must(e.st.traits.get(traitID), "trait", traitID)
	if ct := e.characterTrait(characterID, traitID); ct != nil {
		ct.Value = value
		return ct.ID
	}
	ct := e.st.charTraits.add(&charTrait{meta: e.newMeta(), CharacterID: characterID, TraitID: traitID, Value: value})
	ch.TraitIDs = append(ch.TraitIDs, ct.ID)
	return ct.ID
}

// AddQuickroll adds a quickroll for a user and returns its id.
func (e *Emulator) AddQuickroll(userID string, q Quickroll) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	must(e.st.users.get(userID), "user", userID)
	ids, _, _, ok := e.resolveTraits(q.TraitIDs)
	if !ok {
		panic(fmt.Sprintf("vclienttest: quickroll %q names an unknown trait", q.Name))
	}
	nq := &quickroll{meta: e.newMeta(), UserID: userID, Name: q.Name, Description: optional(q.Description), TraitIDs: ids}
	return e.st.quickrolls.add(nq).ID
}

// AddNote adds a note for a user and returns its id.
func (e *Emulator) AddNote(userID string, n Note) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := must(e.st.users.get(userID), "user", userID)
	return e.st.notes.add(&note{meta: e.newMeta(), CompanyID: u.CompanyID, UserID: userID, Title: n.Title, Content: n.Content}).ID
}

// AddDiceRoll stores a roll by a user in a company (for statistics and lists) and returns its id.
func (e *Emulator) AddDiceRoll(companyID, userID string, r DiceRoll) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	must(e.st.companies.get(companyID), "company", companyID)
	size := r.DiceSize
	if size == 0 {
		size = 10
	}
	if r.Migrated != "" {
		return e.addMigratedRoll(companyID, userID, size, r)
	}
	player, desperation := slices.Clone(r.Dice), slices.Clone(r.DesperationDice)
	if len(player) == 0 {
		player = e.roll(r.NumDice, size)
	}
	if len(desperation) == 0 {
		desperation = e.roll(r.NumDesperationDice, size)
	}
	res := score(player, desperation, size, r.Difficulty)
	uid := userID
	d := &diceRoll{meta: e.newMeta(), CompanyID: companyID, UserID: &uid, CharacterID: optional(r.CharacterID),
		CampaignID: optional(r.CampaignID), Comment: optional(r.Comment), Difficulty: r.Difficulty, DiceSize: size,
		NumDice: len(player), NumDesperationDice: len(desperation), TraitIDs: nonNil(slices.Clone(r.TraitIDs)), Result: &res}
	return e.st.rolls.add(d).ID
}

// addMigratedRoll stores a roll shaped like the migration's (e.mu held).
func (e *Emulator) addMigratedRoll(companyID, userID string, size int, r DiceRoll) string {
	word := strings.ToUpper(r.Migrated[:1]) + strings.ToLower(r.Migrated[1:])
	res := rollResult{TotalResultType: r.Migrated, TotalResultHumanized: word,
		TotalDiceRoll: []int{}, PlayerRoll: []int{}, DesperationRoll: []int{}}
	uid := userID
	d := &diceRoll{meta: e.newMeta(), CompanyID: companyID, UserID: &uid, CharacterID: optional(r.CharacterID),
		CampaignID: optional(r.CampaignID), Comment: optional(r.Comment), Difficulty: r.Difficulty, DiceSize: size,
		NumDice: r.NumDice, TraitIDs: nonNil(slices.Clone(r.TraitIDs)), Result: &res}
	return e.st.rolls.add(d).ID
}

// SetDice overrides the dice: fn returns n faces of the given size. nil
// restores the seeded RNG.
func (e *Emulator) SetDice(fn func(n, size int) []int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.dice = fn
}
