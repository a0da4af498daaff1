package cache

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/noirbot/noirbot/vclient"
	"github.com/redis/go-redis/v9"
)

// ErrNotLinked is returned by Identity when no user of the company carries the Discord
// id, or when several do (an ambiguous link counts as none).
var ErrNotLinked = errors.New("discord user is not linked to a valentina user")

// Member is a user of a company as the bot needs it. It never holds an e-mail address.
type Member struct {
	UserID string `json:"user_id"`
	// Name is what the bot shows: the user's username (v2) or name (v1).
	Name      string       `json:"name"`
	Role      vclient.Role `json:"role"`
	DiscordID string       `json:"discord_id,omitempty"`
	// Link says where the member's link to DiscordID comes from (v2; "" in v1, where the
	// link is the user's discord_profile).
	Link LinkSource `json:"link,omitempty"`
}

// LinkSource says where a member's link to a Discord account comes from (v2).
type LinkSource string

// Link sources (v2).
const (
	// LinkVerified is the user's verified Discord identity, found by GET /users/lookup.
	LinkVerified LinkSource = "identity"
	// LinkAdmin is a bot-side admin link kept in state (/link, `noirbot link`), used only
	// when the lookup finds no verified identity in the company.
	LinkAdmin LinkSource = "admin"
)

// Viewer returns the member as the viewer of lookups made for them.
func (m *Member) Viewer() Viewer { return Viewer{UserID: m.UserID, Role: m.Role} }

// Fields of the identity hash besides the Discord ids (snowflakes are digits only).
const (
	fieldBuilt = "@"      // always present, so an empty map is still a map
	fieldUsers = "#users" // JSON []Member: every user of the company, linked or not
	ambiguous  = "!"      // the value of a Discord id found on several users
)

// refreshScript lets one replica refresh a company's map per interval: the key holds
// the time (ms) of the last refresh, compared with the caller's clock.
var refreshScript = redis.NewScript(`
local last = redis.call('GET', KEYS[1])
if last and tonumber(ARGV[1]) - tonumber(last) < tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`)

// companyTag is the Redis Cluster hash tag "{<prefix>:<company>}" of the company's keys
// that one operation touches together (the identity map, its temporary build key and the
// refresh throttle): keys carrying it share one slot, as RENAME, MULTI/EXEC and scripts
// require. The prefix is part of the tag so that deployments sharing a Cluster under
// different prefixes spread their companies over different slots.
func (s *Store) companyTag(companyID string) string {
	return "{" + s.prefix + ":" + companyID + "}"
}

// identityKey is the company's identity hash.
func (s *Store) identityKey(companyID string) string {
	return s.cacheKey("identity", s.companyTag(companyID))
}

// refreshKey holds the time of the company's last user-list refresh.
func (s *Store) refreshKey(companyID string) string {
	return s.cacheKey("identity-refresh", s.companyTag(companyID))
}

// Identity returns the user of the company linked to the Discord id, or ErrNotLinked.
//
// v1: the company's users are listed (limit=100 pages) into one Redis hash kept for
// IdentityTTL; an id missing from it causes a new listing at most once per
// IdentityRefreshInterval per company, shared by all replicas.
//
// v2: one GET /users/lookup per (company, Discord id), cached for IdentityTTL, "not
// linked" for NegativeTTL; see identityV2.
func (l *Lookups) Identity(ctx context.Context, companyID, discordID string) (*Member, error) {
	s := l.s
	if discordID == "" {
		return nil, ErrNotLinked
	}
	if l.v2() {
		return l.identityV2(ctx, companyID, discordID, Viewer{})
	}
	outage := true
	if s.ready(ctx, "identity") {
		key := s.identityKey(companyID)
		if v, _, ok := s.l1.get(key, discordID); ok {
			if m, ok := v.(Member); ok {
				s.obs.CacheHit("identity")
				return &m, nil
			}
		}
		gen := s.l1.generation()
		octx, cancel := s.opContext(ctx)
		vals, err := s.rdb.HMGet(octx, key, discordID, fieldBuilt).Result()
		cancel()
		outage = err != nil
		switch {
		case err != nil:
			s.failed(ctx, "identity", err)
		case vals[0] != nil:
			s.succeeded()
			if m, ok, err := parseMember(vals[0]); ok {
				s.obs.CacheHit("identity")
				if err == nil {
					s.l1.put(key, discordID, *m, nil, gen)
				}
				return m, err
			}
		case vals[1] != nil:
			s.succeeded()
			s.obs.CacheMiss("identity")
			if !l.mayRefresh(ctx, companyID) {
				return nil, ErrNotLinked
			}
		default:
			s.succeeded()
			s.obs.CacheMiss("identity")
		}
	}
	dir, err := l.directory(ctx, companyID, outage)
	if err != nil {
		return nil, err
	}
	return dir.lookup(discordID)
}

// MemberFor is Identity for a Discord member other than the caller (a command's `member`
// option): in v2, a miss reads the member's user on behalf of v, the caller, so every call of
// the caller's command names the caller. v1 shares Identity's map.
func (l *Lookups) MemberFor(ctx context.Context, companyID, discordID string, v Viewer) (*Member, error) {
	if discordID != "" && l.v2() {
		return l.identityV2(ctx, companyID, discordID, v)
	}
	return l.Identity(ctx, companyID, discordID)
}

// parseMember decodes a hash value; ok is false when it is not a member or the ambiguity mark.
func parseMember(v any) (m *Member, ok bool, err error) {
	raw, ok := v.(string)
	if !ok {
		return nil, false, nil
	}
	if raw == ambiguous {
		return nil, true, ErrNotLinked
	}
	m = &Member{}
	if json.Unmarshal([]byte(raw), m) != nil {
		return nil, false, nil
	}
	return m, true, nil
}

// CompanyUsers returns every user of the company (name, id, role, Discord id; never the
// e-mail): in v1 from the same listing as Identity, in v2 a cached GET /users made for v
// (the zero Viewer names nobody, which the API allows for this read).
func (l *Lookups) CompanyUsers(ctx context.Context, companyID string, v Viewer) ([]Member, error) {
	s := l.s
	if l.v2() {
		return l.companyUsersV2(ctx, companyID, v)
	}
	outage := true
	if s.ready(ctx, "users") {
		octx, cancel := s.opContext(ctx)
		raw, err := s.rdb.HGet(octx, s.identityKey(companyID), fieldUsers).Bytes()
		cancel()
		outage = err != nil && !errors.Is(err, redis.Nil)
		switch {
		case err == nil:
			s.succeeded()
			var users []Member
			if json.Unmarshal(raw, &users) == nil {
				s.obs.CacheHit("users")
				return users, nil
			}
		case errors.Is(err, redis.Nil):
			s.succeeded()
			s.obs.CacheMiss("users")
		default:
			s.failed(ctx, "users", err)
		}
	}
	dir, err := l.directory(ctx, companyID, outage)
	if err != nil {
		return nil, err
	}
	return append([]Member(nil), dir.users...), nil
}

// mayRefresh takes the company's refresh slot if the last refresh is older than
// IdentityRefreshInterval: in Redis (shared by replicas), or in process while Redis fails.
func (l *Lookups) mayRefresh(ctx context.Context, companyID string) bool {
	s := l.s
	now := s.opts.Now()
	interval := s.opts.IdentityRefreshInterval
	octx, cancel := s.opContext(ctx)
	took, err := refreshScript.Run(octx, s.rdb, []string{s.refreshKey(companyID)},
		now.UnixMilli(), interval.Milliseconds()).Int()
	cancel()
	if err != nil {
		s.failed(ctx, "identity-throttle", err)
	}
	s.companyMu.Lock()
	defer s.companyMu.Unlock()
	if err == nil {
		if took == 1 {
			s.throttle[companyID] = now
		}
		return took == 1
	}
	if last, ok := s.throttle[companyID]; ok && now.Sub(last) < interval {
		return false
	}
	s.throttle[companyID] = now
	return true
}

// forgetCompany clears what the process remembers of a company's users: the refresh
// throttle and the listing kept for outages.
func (s *Store) forgetCompany(companyID string) {
	s.companyMu.Lock()
	delete(s.throttle, companyID)
	delete(s.directories, companyID)
	s.companyMu.Unlock()
}

// dropField deletes one field of a hash and whole keys, in one MULTI/EXEC (the keys must
// share the hash's slot: see companyTag); if Redis fails, the whole hash is queued for
// deletion instead.
func (s *Store) dropField(ctx context.Context, key, field string, keys ...string) {
	s.forgetLoads(key)
	all := append([]string{key}, keys...)
	if !s.usable() {
		s.queueDeletes(all...)
		return
	}
	ctx = context.WithoutCancel(ctx)
	octx, cancel := s.opContext(ctx)
	defer cancel()
	_, err := s.rdb.TxPipelined(octx, func(p redis.Pipeliner) error {
		p.HDel(octx, key, field)
		for _, k := range keys {
			p.Del(octx, k)
		}
		return nil
	})
	if err != nil {
		s.queueDeletes(all...)
		s.failed(ctx, "drop-identity", err)
		return
	}
	s.l1.drop(key)
	if s.l1.ttl > 0 { // outside the transaction: PUBLISH has no slot of its own
		_ = s.rdb.Publish(octx, s.l1Channel(), l1Message([]string{key})).Err()
	}
	s.succeeded()
}
