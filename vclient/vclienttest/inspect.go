package vclienttest

import (
	"slices"
	"strings"

	"github.com/noirbot/noirbot/vclient"
)

// Experience returns a user's XP and cool points in a campaign (zero when
// the user has no entry yet; inspecting creates nothing).
func (e *Emulator) Experience(userID, campaignID string) vclient.CampaignExperience {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := vclient.CampaignExperience{CampaignID: campaignID}
	if u := e.st.users.byID[userID]; u != nil {
		for _, x := range u.Experience {
			if x.CampaignID == campaignID {
				out.XPCurrent, out.XPTotal, out.CoolPoints = x.XPCurrent, x.XPTotal, x.CoolPoints
			}
		}
	}
	return out
}

// User returns a live user as the API would show it.
func (e *Emulator) User(userID string) (vclient.User, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.st.users.get(userID)
	if u == nil {
		return vclient.User{}, false
	}
	out := vclient.User{ID: u.ID, Name: u.Name, Email: u.Email, Role: vclient.Role(u.Role), CompanyID: u.CompanyID,
		AssetIDs: nonNil(slices.Clone(u.AssetIDs)), DateCreated: u.Created, DateModified: u.Modified,
		CampaignExperience: []vclient.CampaignExperience{}}
	d := u.Discord
	out.DiscordProfile = vclient.DiscordProfile{ID: deref(d.ID), Username: deref(d.Username), GlobalName: deref(d.GlobalName),
		AvatarID: deref(d.AvatarID), AvatarURL: deref(d.AvatarURL), Discriminator: deref(d.Discriminator),
		Email: deref(d.Email), Verified: d.Verified}
	for _, x := range u.Experience {
		out.CampaignExperience = append(out.CampaignExperience, vclient.CampaignExperience{CampaignID: x.CampaignID,
			XPCurrent: x.XPCurrent, XPTotal: x.XPTotal, CoolPoints: x.CoolPoints})
	}
	return out, true
}

// Quickrolls returns a user's live quickrolls, sorted by name as the API lists them.
func (e *Emulator) Quickrolls(userID string) []vclient.Quickroll {
	e.mu.Lock()
	defer e.mu.Unlock()
	all := e.st.quickrolls.live(func(q *quickroll) bool { return q.UserID == userID })
	slices.SortStableFunc(all, func(a, b *quickroll) int { return strings.Compare(a.Name, b.Name) })
	out := []vclient.Quickroll{}
	for _, q := range all {
		out = append(out, vclient.Quickroll{ID: q.ID, Name: q.Name, Description: deref(q.Description), UserID: q.UserID,
			TraitIDs: slices.Clone(q.TraitIDs), DateCreated: q.Created, DateModified: q.Modified})
	}
	return out
}

// Notes returns a user's live notes in creation order.
func (e *Emulator) Notes(userID string) []vclient.Note {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []vclient.Note{}
	for _, n := range e.st.notes.live(func(n *note) bool { return n.UserID == userID }) {
		out = append(out, vclient.Note{ID: n.ID, Title: n.Title, Content: n.Content, DateCreated: n.Created, DateModified: n.Modified})
	}
	return out
}

// DiceRolls returns a company's stored rolls in creation order.
func (e *Emulator) DiceRolls(companyID string) []vclient.DiceRoll {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []vclient.DiceRoll{}
	for _, d := range e.st.rolls.live(func(d *diceRoll) bool { return d.CompanyID == companyID }) {
		vr := vclient.DiceRoll{ID: d.ID, Difficulty: d.Difficulty, DiceSize: d.DiceSize, NumDice: d.NumDice,
			NumDesperationDice: d.NumDesperationDice, Comment: deref(d.Comment), UserID: deref(d.UserID),
			CharacterID: deref(d.CharacterID), CampaignID: deref(d.CampaignID), CompanyID: d.CompanyID,
			TraitIDs: slices.Clone(d.TraitIDs), DateCreated: d.Created, DateModified: d.Modified}
		if r := d.Result; r != nil {
			vr.Result = &vclient.RollResult{TotalResult: r.TotalResult, TotalResultType: vclient.ResultType(r.TotalResultType),
				TotalResultHumanized: r.TotalResultHumanized, TotalDiceRoll: slices.Clone(r.TotalDiceRoll),
				PlayerRoll: slices.Clone(r.PlayerRoll), DesperationRoll: slices.Clone(r.DesperationRoll),
				TotalDiceRollEmoji: r.TotalDiceRollEmoji, TotalDiceRollShortcode: r.TotalDiceRollShortcode,
				PlayerRollEmoji: r.PlayerRollEmoji, PlayerRollShortcode: r.PlayerRollShortcode,
				DesperationRollEmoji: r.DesperationRollEmoji, DesperationRollShortcode: r.DesperationRollShortcode}
		}
		out = append(out, vr)
	}
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
