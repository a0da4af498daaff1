package cache

import (
	"context"
	"fmt"

	"github.com/noirbot/noirbot/vclient"
)

// Lookups are the typed, cached reads the commands use, and the invalidations that
// follow the writes the bot makes.
//
// Keys leave out the acting-user path segment where the API ignores it (contract §9.1):
// campaigns are keyed by company, characters by company, campaign and player, traits
// by company and character. Those routes still need some user id in the path: the
// lookups use the first user of the company's cached user list, which the API does not
// check for these routes.
type Lookups struct {
	s   *Store
	api *vclient.Client
}

// NewLookups returns lookups that cache answers of api in s.
func NewLookups(s *Store, api *vclient.Client) *Lookups {
	return &Lookups{s: s, api: api}
}

// Store returns the store the lookups cache into.
func (l *Lookups) Store() *Store { return l.s }

// Quickrolls returns the user's quickrolls (GET /users/{user_id}/quickrolls, all pages).
func (l *Lookups) Quickrolls(ctx context.Context, companyID, userID string) ([]vclient.Quickroll, error) {
	return GetOrLoad(ctx, l.s, quickrollsKey(companyID, userID), 0, func(ctx context.Context) ([]vclient.Quickroll, error) {
		return l.api.Users(companyID).ListAllQuickrolls(ctx, userID)
	})
}

// Notes returns the user's notes (GET /users/{user_id}/notes, all pages).
func (l *Lookups) Notes(ctx context.Context, companyID, userID string) ([]vclient.Note, error) {
	return GetOrLoad(ctx, l.s, notesKey(companyID, userID), 0, func(ctx context.Context) ([]vclient.Note, error) {
		return l.api.Users(companyID).ListAllNotes(ctx, userID)
	})
}

// Campaigns returns the company's (non-archived) campaigns.
func (l *Lookups) Campaigns(ctx context.Context, companyID string) ([]vclient.Campaign, error) {
	return GetOrLoad(ctx, l.s, "campaigns:"+companyID, 0, func(ctx context.Context) ([]vclient.Campaign, error) {
		acting, err := l.actingUser(ctx, companyID)
		if err != nil {
			return nil, err
		}
		return l.api.OnBehalfOf(acting).Campaigns(companyID).ListAll(ctx)
	})
}

// Characters returns the campaign's characters played by userPlayerID ("" = all of them).
func (l *Lookups) Characters(ctx context.Context, companyID, campaignID, userPlayerID string) ([]vclient.Character, error) {
	player := userPlayerID
	if player == "" {
		player = "*"
	}
	key := "characters:" + companyID + ":" + campaignID + ":" + player
	return GetOrLoad(ctx, l.s, key, 0, func(ctx context.Context) ([]vclient.Character, error) {
		acting, err := l.actingUser(ctx, companyID)
		if err != nil {
			return nil, err
		}
		return l.api.OnBehalfOf(acting).Characters(companyID, campaignID).ListAll(ctx, userPlayerID)
	})
}

// CharacterTraits returns the character's traits with their blueprint traits (names).
// The key leaves the campaign out: the API checks only the character.
func (l *Lookups) CharacterTraits(ctx context.Context, companyID, campaignID, characterID string) ([]vclient.CharacterTrait, error) {
	return GetOrLoad(ctx, l.s, traitsKey(companyID, characterID), 0, func(ctx context.Context) ([]vclient.CharacterTrait, error) {
		acting, err := l.actingUser(ctx, companyID)
		if err != nil {
			return nil, err
		}
		return l.api.OnBehalfOf(acting).CharacterTraits(companyID, campaignID, characterID).ListAll(ctx)
	})
}

// PutCharacterTraits replaces the character's cached traits with a list just read from
// the API (a roll reads them fresh; the next embed can use them).
func (l *Lookups) PutCharacterTraits(ctx context.Context, companyID, characterID string, traits []vclient.CharacterTrait) {
	Put(ctx, l.s, traitsKey(companyID, characterID), 0, traits)
}

// TraitName returns the name of a blueprint trait
// (GET /companies/{company_id}/characterblueprint/traits/{trait_id}).
func (l *Lookups) TraitName(ctx context.Context, companyID, traitID string) (string, error) {
	return GetOrLoad(ctx, l.s, "trait:"+companyID+":"+traitID, 0, func(ctx context.Context) (string, error) {
		t, err := l.api.BlueprintTraits(companyID).Get(ctx, traitID)
		if err != nil {
			return "", err
		}
		return t.Name, nil
	})
}

// Company is the company (name and settings), cached: one GET /companies/{company_id} per cache
// TTL serves both. Its e-mail address is dropped before caching: noirbot never shows one.
func (l *Lookups) Company(ctx context.Context, companyID string) (*vclient.Company, error) {
	c, err := GetOrLoad(ctx, l.s, "company:"+companyID, 0, func(ctx context.Context) (vclient.Company, error) {
		c, err := l.api.Companies().Get(ctx, companyID)
		if err != nil {
			return vclient.Company{}, err
		}
		c.Email = ""
		return *c, nil
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// CompanySettings is the company's settings (permission_grant_xp and the rest), from Company.
func (l *Lookups) CompanySettings(ctx context.Context, companyID string) (*vclient.CompanySettings, error) {
	c, err := l.Company(ctx, companyID)
	if err != nil {
		return nil, err
	}
	return &c.Settings, nil
}

// actingUser is a stable user id of the company to put in paths whose user segment the
// API ignores (contract §9.1).
func (l *Lookups) actingUser(ctx context.Context, companyID string) (string, error) {
	users, err := l.CompanyUsers(ctx, companyID)
	if err != nil {
		return "", err
	}
	if len(users) == 0 {
		return "", fmt.Errorf("company %s has no users to act as", companyID)
	}
	return users[0].UserID, nil
}

// InvalidateIdentity drops the company's identity map and user list, and its refresh
// throttle, so the next lookup lists the users again (after /link or /unlink).
func (l *Lookups) InvalidateIdentity(ctx context.Context, companyID string) {
	l.s.forgetCompany(companyID)
	l.s.invalidate(ctx, "invalidate-identity", l.s.identityKey(companyID), l.s.refreshKey(companyID))
}

// DropIdentity drops one Discord id from the company's map (its link changed, e.g. the
// API answered "User not found"), and the refresh throttle, so the next lookup of that
// id lists the users again.
func (l *Lookups) DropIdentity(ctx context.Context, companyID, discordID string) {
	l.s.forgetCompany(companyID)
	l.s.dropField(ctx, l.s.identityKey(companyID), discordID, l.s.refreshKey(companyID))
}

// InvalidateQuickrolls drops the user's cached quickrolls (after create/edit/delete).
func (l *Lookups) InvalidateQuickrolls(ctx context.Context, companyID, userID string) {
	l.s.invalidate(ctx, "invalidate-quickrolls", l.s.cacheKey(quickrollsKey(companyID, userID)))
}

// InvalidateNotes drops the user's cached notes (after create/edit/delete).
func (l *Lookups) InvalidateNotes(ctx context.Context, companyID, userID string) {
	l.s.invalidate(ctx, "invalidate-notes", l.s.cacheKey(notesKey(companyID, userID)))
}

// InvalidateCharacterTraits drops the character's cached traits (e.g. when their values
// no longer add up to a roll's pool).
func (l *Lookups) InvalidateCharacterTraits(ctx context.Context, companyID, characterID string) {
	l.s.invalidate(ctx, "invalidate-traits", l.s.cacheKey(traitsKey(companyID, characterID)))
}

func quickrollsKey(companyID, userID string) string { return "quickrolls:" + companyID + ":" + userID }
func notesKey(companyID, userID string) string      { return "notes:" + companyID + ":" + userID }
func traitsKey(companyID, characterID string) string {
	return "traits:" + companyID + ":" + characterID
}
