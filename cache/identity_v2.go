package cache

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/noirbot/noirbot/vclient"
)

// errNoMember is how a v2 identity load that found no usable member ends: GetOrLoad
// remembers it like any 404, for NegativeTTL.
var errNoMember = &vclient.APIError{StatusCode: http.StatusNotFound, Title: "Not Found",
	Detail: "discord user is not linked to a user of the company"}

// whoKey is a member's identity entry (v2). No operation touches two of them at once, so
// it carries no hash tag: a Cluster spreads a company's members over its slots.
func whoKey(companyID, discordID string) string {
	return "who:" + companyID + ":" + discordID
}

// usersKey is the company's cached user list (v2).
func usersKey(companyID string) string { return "users:" + companyID }

// identityV2 resolves a Discord id in contract v2 (SPEC §11.3): its entry is cached for
// IdentityTTL, "not linked" (nothing found, ambiguous, stale admin link) for NegativeTTL;
// a miss costs one lookup shared by concurrent callers, plus the user's GET, made on behalf
// of v (the zero Viewer: of the user found, who is the caller).
func (l *Lookups) identityV2(ctx context.Context, companyID, discordID string, v Viewer) (*Member, error) {
	m, err := GetOrLoad(ctx, l.s, whoKey(companyID, discordID), l.s.opts.IdentityTTL,
		func(ctx context.Context) (Member, error) { return l.loadMember(ctx, companyID, discordID, v) })
	if errors.Is(err, vclient.ErrNotFound) {
		return nil, ErrNotLinked
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// loadMember asks GET /users/lookup who carries the Discord id and keeps the guild's
// company: none → the admin link, if any; one → that user; several → unlinked.
func (l *Lookups) loadMember(ctx context.Context, companyID, discordID string, v Viewer) (Member, error) {
	rows, err := l.api.Lookup(ctx, discordID)
	if err != nil {
		return Member{}, fmt.Errorf("look up discord user %s: %w", discordID, err)
	}
	var mine []vclient.User
	for _, r := range rows {
		if r.CompanyID == companyID {
			mine = append(mine, r)
		}
	}
	switch len(mine) {
	case 0:
		return l.adminLinked(ctx, companyID, discordID, v)
	case 1:
		m := Member{UserID: mine[0].ID, Role: mine[0].Role, DiscordID: discordID, Link: LinkVerified}
		if !m.Role.CanAct() {
			return m, nil // refused anyway: no call on their behalf
		}
		return l.withUser(ctx, companyID, m, v)
	}
	l.s.log.Warn("discord id is linked to several users of a company: treated as unlinked",
		"company_id", companyID, "discord_id", discordID)
	return Member{}, errNoMember
}

// adminLinked is the member an admin linked to the Discord id in state, or errNoMember.
// While state cannot be read, admin links are unknown: the member counts as unlinked for
// this interaction only (ErrNotLinked, which GetOrLoad does not cache, unlike errNoMember),
// so a Redis hiccup on this one read cannot hide a link for the negative TTL.
func (l *Lookups) adminLinked(ctx context.Context, companyID, discordID string, v Viewer) (Member, error) {
	userID, err := l.s.AdminLink(ctx, companyID, discordID)
	if err != nil {
		l.s.failed(ctx, "admin-link", err)
		return Member{}, fmt.Errorf("read admin link: %w", ErrNotLinked)
	}
	if userID == "" {
		return Member{}, errNoMember
	}
	m, err := l.withUser(ctx, companyID, Member{UserID: userID, DiscordID: discordID, Link: LinkAdmin}, v)
	if errors.Is(err, vclient.ErrNotFound) {
		return Member{}, errNoMember // the linked user is gone: a stale link
	}
	return m, err
}

// withUser completes a member from GET /users/{uid} (name and role), made on behalf of v or,
// for the zero Viewer, of the member. It asks for their quickrolls too, which primes the
// quickroll cache: a cold /quickroll then needs no listing of its own.
func (l *Lookups) withUser(ctx context.Context, companyID string, m Member, v Viewer) (Member, error) {
	acting := m.UserID
	if v.UserID != "" {
		acting = v.UserID
	}
	epoch := l.s.epoch.Load()
	u, err := l.api.OnBehalfOf(acting).Users(companyID).Get(ctx, m.UserID,
		vclient.IncludeQuickrolls, vclient.IncludeCharacters)
	if err != nil {
		return Member{}, fmt.Errorf("read user %s: %w", m.UserID, err)
	}
	m.Name, m.Role = u.Username, u.Role
	if u.Quickrolls == nil {
		u.Quickrolls = []vclient.Quickroll{}
	}
	l.s.prime(ctx, quickrollsKey(companyID, m.UserID), u.Quickrolls, epoch)
	if acting == m.UserID && (Viewer{Role: u.Role}).class() == "p" {
		l.primePlayed(ctx, companyID, m.UserID, u.Characters, epoch)
	}
	return m, nil
}

// primePlayed stores the characters a player plays, from their user's include=characters,
// as their own character lists would answer them: per campaign they play in, and all
// together. Only for player-class viewers: the include never carries STORYTELLER-type
// characters, which a storyteller's lists show.
func (l *Lookups) primePlayed(ctx context.Context, companyID, userID string, chars []vclient.Character, epoch uint64) {
	// The lists are ordered by first name, last name and id; the include has no order.
	played := slices.Clone(chars)
	slices.SortFunc(played, func(a, b vclient.Character) int {
		return cmp.Or(cmp.Compare(a.NameFirst, b.NameFirst), cmp.Compare(a.NameLast, b.NameLast), cmp.Compare(a.ID, b.ID))
	})
	if played == nil {
		played = []vclient.Character{}
	}
	byCampaign := map[string][]vclient.Character{}
	for _, ch := range played {
		byCampaign[ch.CampaignID] = append(byCampaign[ch.CampaignID], ch)
	}
	player := Viewer{UserID: userID, Role: vclient.RolePlayer}
	for campaignID, list := range byCampaign {
		l.s.prime(ctx, l.charactersKey(companyID, campaignID, userID, player), list, epoch)
	}
	l.s.prime(ctx, playedKey(companyID, userID), played, epoch)
}

// prime stores v under key (as GetOrLoad would) from inside another load, unless an
// invalidation happened since epoch: unlike Put it leaves the loads in flight alone, the
// one it runs in included.
func (s *Store) prime(ctx context.Context, key string, v any, epoch uint64) {
	b, ttl, err := s.encode(v, nil, 0)
	if err != nil || s.epoch.Load() != epoch || !s.ready(ctx, "") {
		return
	}
	s.set(ctx, s.cacheKey(key), b, ttl)
	s.l1.drop(s.cacheKey(key)) // fresher than what this process may hold
}

// companyUsersV2 is the company's cached user list (GET /users, all pages), made for v.
func (l *Lookups) companyUsersV2(ctx context.Context, companyID string, v Viewer) ([]Member, error) {
	return GetOrLoad(ctx, l.s, usersKey(companyID), 0, func(ctx context.Context) ([]Member, error) {
		users, err := l.api.OnBehalfOf(v.UserID).Users(companyID).ListAll(ctx, "")
		if err != nil {
			return nil, fmt.Errorf("list users of company %s: %w", companyID, err)
		}
		members := make([]Member, 0, len(users))
		for _, u := range users {
			members = append(members, Member{UserID: u.ID, Name: u.Username, Role: u.Role, DiscordID: u.DiscordID()})
		}
		return members, nil
	})
}
