package cache

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"

	"github.com/noirbot/noirbot/vclient"
)

// Lookups are the typed, cached reads the commands use, and the invalidations that
// follow the writes the bot makes.
//
// Every read is made for a person: the Viewer a method is given is the acting user of
// its calls (v1: requesting user or path segment; v2: On-Behalf-Of). Keys leave the
// viewer out where the answer does not depend on it (contract v1 §9.1): campaigns are
// keyed by company, characters by company, campaign and player, traits by company and
// character. In v2 the API filters characters (and refuses their traits) by the viewer's
// role, so those keys also carry the viewer's class (p: PLAYER, s: STORYTELLER or ADMIN): a player never reads a
// list a storyteller loaded.
type Lookups struct {
	s   *Store
	api *vclient.Client
}

// Viewer is the person a lookup is made for: the acting user of its API calls, and the
// role that decides what role-filtered lists show them. The zero Viewer names nobody.
type Viewer struct {
	UserID string
	Role   vclient.Role
}

// class is the viewer's class for role-filtered keys: "s" for STORYTELLER and ADMIN,
// "p" for everyone else.
func (v Viewer) class() string {
	if v.Role == vclient.RoleStoryteller || v.Role == vclient.RoleAdmin {
		return "s"
	}
	return "p"
}

// v2 reports whether the API speaks contract v2.
func (l *Lookups) v2() bool { return l.api.APIVersion() == vclient.APIv2 }

// as is the API acting for v.
func (l *Lookups) as(v Viewer) *vclient.Client { return l.api.OnBehalfOf(v.UserID) }

// NewLookups returns lookups that cache answers of api in s.
func NewLookups(s *Store, api *vclient.Client) *Lookups {
	return &Lookups{s: s, api: api}
}

// Quickrolls returns the user's quickrolls (GET /users/{user_id}/quickrolls, all pages),
// read on the user's own behalf.
func (l *Lookups) Quickrolls(ctx context.Context, companyID, userID string) ([]vclient.Quickroll, error) {
	return GetOrLoad(ctx, l.s, quickrollsKey(companyID, userID), 0, func(ctx context.Context) ([]vclient.Quickroll, error) {
		return l.api.OnBehalfOf(userID).Users(companyID).ListAllQuickrolls(ctx, userID)
	})
}

// Notes returns the user's notes (GET /users/{user_id}/notes, all pages), read on the
// user's own behalf.
func (l *Lookups) Notes(ctx context.Context, companyID, userID string) ([]vclient.Note, error) {
	return GetOrLoad(ctx, l.s, notesKey(companyID, userID), 0, func(ctx context.Context) ([]vclient.Note, error) {
		return l.api.OnBehalfOf(userID).Users(companyID).ListAllNotes(ctx, userID)
	})
}

// Campaigns returns the company's (non-archived) campaigns, read for v.
func (l *Lookups) Campaigns(ctx context.Context, companyID string, v Viewer) ([]vclient.Campaign, error) {
	return GetOrLoad(ctx, l.s, "campaigns:"+companyID, 0, func(ctx context.Context) ([]vclient.Campaign, error) {
		return l.as(v).Campaigns(companyID).ListAll(ctx)
	})
}

// Characters returns the campaign's characters played by userPlayerID ("" = all of them)
// that v may see.
func (l *Lookups) Characters(ctx context.Context, companyID, campaignID, userPlayerID string, v Viewer) ([]vclient.Character, error) {
	return GetOrLoad(ctx, l.s, l.charactersKey(companyID, campaignID, userPlayerID, v), 0, func(ctx context.Context) ([]vclient.Character, error) {
		return l.as(v).Characters(companyID, campaignID).ListAll(ctx, userPlayerID)
	})
}

// charactersKey is the key of Characters' answer: per viewer class in v2.
func (l *Lookups) charactersKey(companyID, campaignID, userPlayerID string, v Viewer) string {
	player := userPlayerID
	if player == "" {
		player = "*"
	}
	key := "characters:" + companyID + ":" + campaignID + ":" + player
	if l.v2() {
		key += ":" + v.class()
	}
	return key
}

// PlayedCharacters returns the characters a player plays in the company, in every campaign,
// as v2's identity load of that player last saw them (GET /users/{uid}?include=characters);
// ok is false when they are not cached (v1, storytellers and admins, or expired). It never
// calls the API: it saves a cold roll the campaign and character listings.
func (l *Lookups) PlayedCharacters(ctx context.Context, companyID, userID string) (chars []vclient.Character, ok bool) {
	s := l.s
	if !l.v2() {
		return nil, false // only v2's identity load primes it
	}
	gen := s.l1.generation()
	if !s.ready(ctx, "get") {
		return nil, false
	}
	key := playedKey(companyID, userID)
	if v, err, hit := s.l1.get(key, ""); hit { // warm: no Redis round trip, no decode
		chars, ok = v.([]vclient.Character)
		return chars, ok && err == nil
	}
	full := s.cacheKey(key)
	b, err := s.get(ctx, full)
	if errors.Is(err, redis.Nil) {
		// Remember the absence too (a storyteller's roll never primes it), so a warm roll
		// does not ask Redis again; a prime drops this entry.
		s.l1.put(full, "", []vclient.Character(nil), errNotPrimed, gen)
		return nil, false
	}
	if err != nil {
		return nil, false
	}
	chars, ok, err = decode[[]vclient.Character](b)
	if !ok || err != nil {
		return nil, false
	}
	s.l1.put(full, "", chars, nil, gen)
	return chars, true
}

// errNotPrimed marks, in the in-process cache, a PlayedCharacters key absent from Redis.
var errNotPrimed = errors.New("played characters not cached")

// playedKey is the key of PlayedCharacters (player-class viewers only, hence "p").
func playedKey(companyID, userID string) string { return "played:" + companyID + ":" + userID + ":p" }

// CharacterTraits returns the character's traits with their blueprint traits (names),
// read for v. The key leaves the campaign out: the API checks only the character. In v2 it
// carries v's class: the API refuses a player the traits of a STORYTELLER-type character,
// so a list a storyteller loaded must never answer a player.
func (l *Lookups) CharacterTraits(ctx context.Context, companyID, campaignID, characterID string, v Viewer) ([]vclient.CharacterTrait, error) {
	return GetOrLoad(ctx, l.s, l.traitsKey(companyID, characterID, v), 0, func(ctx context.Context) ([]vclient.CharacterTrait, error) {
		return l.as(v).CharacterTraits(companyID, campaignID, characterID).ListAll(ctx)
	})
}

// PutCharacterTraits replaces the character's cached traits, as v sees them, with a list
// just read from the API for v (a roll reads them fresh; the next embed can use them).
func (l *Lookups) PutCharacterTraits(ctx context.Context, companyID, characterID string, v Viewer, traits []vclient.CharacterTrait) {
	Put(ctx, l.s, l.traitsKey(companyID, characterID, v), 0, traits)
}

// traitsKey is the character's traits key for v: per viewer class in v2.
func (l *Lookups) traitsKey(companyID, characterID string, v Viewer) string {
	if l.v2() {
		return traitsKey(companyID, characterID) + ":" + v.class()
	}
	return traitsKey(companyID, characterID)
}

// TraitName returns the name of a blueprint trait
// (GET /companies/{company_id}/characterblueprint/traits/{trait_id}), read for v.
func (l *Lookups) TraitName(ctx context.Context, companyID, traitID string, v Viewer) (string, error) {
	return GetOrLoad(ctx, l.s, "trait:"+companyID+":"+traitID, 0, func(ctx context.Context) (string, error) {
		t, err := l.as(v).BlueprintTraits(companyID).Get(ctx, traitID)
		if err != nil {
			return "", err
		}
		return t.Name, nil
	})
}

// Company is the company (name and settings), cached: one GET /companies/{company_id} per cache
// TTL serves both. Its e-mail address is dropped before caching: noirbot never shows one.
// It is read for v.
func (l *Lookups) Company(ctx context.Context, companyID string, v Viewer) (*vclient.Company, error) {
	c, err := GetOrLoad(ctx, l.s, "company:"+companyID, 0, func(ctx context.Context) (vclient.Company, error) {
		c, err := l.as(v).Companies().Get(ctx, companyID)
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
func (l *Lookups) CompanySettings(ctx context.Context, companyID string, v Viewer) (*vclient.CompanySettings, error) {
	c, err := l.Company(ctx, companyID, v)
	if err != nil {
		return nil, err
	}
	return &c.Settings, nil
}

// InvalidateIdentity drops the company's identity map and user list, and its refresh
// throttle, so the next lookup lists the users again (v1, after a link changed). In v2,
// where each member has an entry of their own, it drops the cached user list only: use
// DropIdentity for the member whose link changed.
func (l *Lookups) InvalidateIdentity(ctx context.Context, companyID string) {
	if l.v2() {
		l.s.invalidate(ctx, "invalidate-identity", l.s.cacheKey(usersKey(companyID)))
		return
	}
	l.s.forgetCompany(companyID)
	l.s.invalidate(ctx, "invalidate-identity", l.s.identityKey(companyID), l.s.refreshKey(companyID))
}

// DropIdentity forgets what is cached about one Discord id's link (it changed, e.g. the
// API answered "User not found", or /link or /unlink changed it). v1: the id's field of
// the company's map and the refresh throttle, so the next lookup lists the users again;
// v2: the member's entry and the company's user list.
func (l *Lookups) DropIdentity(ctx context.Context, companyID, discordID string) {
	if l.v2() {
		l.s.invalidate(ctx, "drop-identity", l.s.cacheKey(whoKey(companyID, discordID)), l.s.cacheKey(usersKey(companyID)))
		return
	}
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
	keys := []string{l.s.cacheKey(traitsKey(companyID, characterID))}
	if l.v2() {
		keys = []string{
			l.s.cacheKey(l.traitsKey(companyID, characterID, Viewer{Role: vclient.RolePlayer})),
			l.s.cacheKey(l.traitsKey(companyID, characterID, Viewer{Role: vclient.RoleStoryteller})),
		}
	}
	l.s.invalidate(ctx, "invalidate-traits", keys...)
}

func quickrollsKey(companyID, userID string) string { return "quickrolls:" + companyID + ":" + userID }
func notesKey(companyID, userID string) string      { return "notes:" + companyID + ":" + userID }
func traitsKey(companyID, characterID string) string {
	return "traits:" + companyID + ":" + characterID
}
