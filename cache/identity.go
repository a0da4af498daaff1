package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/noirbot/noirbot/vclient"
	"github.com/redis/go-redis/v9"
)

// ErrNotLinked is returned by Identity when no user of the company carries the Discord
// id, or when several do (an ambiguous link counts as none).
var ErrNotLinked = errors.New("discord user is not linked to a valentina user")

// Member is a user of a company as the bot needs it. It never holds an e-mail address.
type Member struct {
	UserID    string       `json:"user_id"`
	Name      string       `json:"name"`
	Role      vclient.Role `json:"role"`
	DiscordID string       `json:"discord_id,omitempty"`
}

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

// identityKey is the company's identity hash. The {company} hash tag keeps it and its
// temporary build key in one Redis Cluster slot, as RENAME requires.
func (s *Store) identityKey(companyID string) string {
	return s.cacheKey("identity", "{"+companyID+"}")
}

// refreshKey holds the time of the company's last user-list refresh.
func (s *Store) refreshKey(companyID string) string {
	return s.cacheKey("identity-refresh", "{"+companyID+"}")
}

// Identity returns the user of the company linked to the Discord id, or ErrNotLinked.
// The company's users are listed (limit=100 pages) into one Redis hash kept for
// IdentityTTL; an id missing from it causes a new listing at most once per
// IdentityRefreshInterval per company, shared by all replicas.
func (l *Lookups) Identity(ctx context.Context, companyID, discordID string) (*Member, error) {
	s := l.s
	if discordID == "" {
		return nil, ErrNotLinked
	}
	if s.ready(ctx, "identity") {
		octx, cancel := s.opContext(ctx)
		vals, err := s.rdb.HMGet(octx, s.identityKey(companyID), discordID, fieldBuilt).Result()
		cancel()
		switch {
		case err != nil:
			s.failed(ctx, "identity", err)
		case vals[0] != nil:
			s.succeeded()
			if m, ok, err := parseMember(vals[0]); ok {
				s.obs.CacheHit("identity")
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
	dir, err := l.directory(ctx, companyID)
	if err != nil {
		return nil, err
	}
	return dir.lookup(discordID)
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
// e-mail), from the same listing as Identity.
func (l *Lookups) CompanyUsers(ctx context.Context, companyID string) ([]Member, error) {
	s := l.s
	if s.ready(ctx, "users") {
		octx, cancel := s.opContext(ctx)
		raw, err := s.rdb.HGet(octx, s.identityKey(companyID), fieldUsers).Bytes()
		cancel()
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
	dir, err := l.directory(ctx, companyID)
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
	s.throttleMu.Lock()
	defer s.throttleMu.Unlock()
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

// directory lists the company's users once for all concurrent callers and stores the
// result in Redis.
func (l *Lookups) directory(ctx context.Context, companyID string) (*directory, error) {
	s := l.s
	ch := s.flights.DoChan(s.identityKey(companyID), func() (v any, err error) {
		defer recoverLoad(&err, "identity")
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.LoadTimeout)
		defer cancel()
		return l.buildDirectory(lctx, companyID)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*directory), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("list users of company %s: %w", companyID, ctx.Err())
	}
}

func (l *Lookups) buildDirectory(ctx context.Context, companyID string) (*directory, error) {
	s := l.s
	useRedis := s.ready(ctx, "identity")
	epoch := s.epoch.Load()
	users, err := l.api.Users(companyID).ListAll(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("list users of company %s: %w", companyID, err)
	}
	dir := newDirectory(users, s.log, companyID)
	if useRedis && s.epoch.Load() == epoch {
		if err := l.storeDirectory(ctx, companyID, dir); err != nil {
			s.failed(ctx, "identity-store", err)
		} else {
			s.succeeded()
		}
	}
	return dir, nil
}

// storeDirectory writes the map under a temporary key and RENAMEs it into place, so
// readers see the old map or the new one, never half of one.
func (l *Lookups) storeDirectory(ctx context.Context, companyID string, dir *directory) error {
	s := l.s
	key := s.identityKey(companyID)
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := key + ":tmp:" + hex.EncodeToString(rnd[:])
	usersJSON, err := json.Marshal(dir.users)
	if err != nil {
		return fmt.Errorf("encode users of company %s: %w", companyID, err)
	}
	now := strconv.FormatInt(s.opts.Now().UnixMilli(), 10)
	fields := []any{fieldBuilt, now, fieldUsers, usersJSON}
	for id, m := range dir.byDiscord {
		j, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("encode member %s: %w", m.UserID, err)
		}
		fields = append(fields, id, j)
	}
	for id := range dir.ambiguous {
		fields = append(fields, id, ambiguous)
	}
	octx, cancel := s.opContext(ctx)
	defer cancel()
	_, err = s.rdb.Pipelined(octx, func(p redis.Pipeliner) error {
		p.HSet(octx, tmp, fields...)
		p.PExpire(octx, tmp, jitter(s.opts.IdentityTTL))
		p.Rename(octx, tmp, key)
		p.Set(octx, s.refreshKey(companyID), now, s.opts.IdentityRefreshInterval)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store identity map of company %s: %w", companyID, err)
	}
	return nil
}

// directory is one listing of a company's users, shared read-only by concurrent callers.
type directory struct {
	byDiscord map[string]Member
	ambiguous map[string]bool
	users     []Member
}

func newDirectory(users []vclient.User, log *slog.Logger, companyID string) *directory {
	d := &directory{byDiscord: map[string]Member{}, ambiguous: map[string]bool{}, users: []Member{}}
	for _, u := range users {
		m := Member{UserID: u.ID, Name: u.Name, Role: u.Role, DiscordID: u.DiscordProfile.ID}
		d.users = append(d.users, m)
		switch {
		case m.DiscordID == "":
		case d.ambiguous[m.DiscordID]:
		case d.byDiscord[m.DiscordID].UserID != "":
			d.ambiguous[m.DiscordID] = true
			delete(d.byDiscord, m.DiscordID)
		default:
			d.byDiscord[m.DiscordID] = m
		}
	}
	for id := range d.ambiguous {
		log.Warn("discord id is linked to several users of a company: treated as unlinked",
			"company_id", companyID, "discord_id", id)
	}
	return d
}

func (d *directory) lookup(discordID string) (*Member, error) {
	m, ok := d.byDiscord[discordID]
	if !ok {
		return nil, ErrNotLinked
	}
	return &m, nil
}

// forgetThrottle clears the in-process refresh throttle of a company.
func (s *Store) forgetThrottle(companyID string) {
	s.throttleMu.Lock()
	delete(s.throttle, companyID)
	s.throttleMu.Unlock()
}

// dropField deletes one field of a hash and whole keys; if Redis fails, the whole hash
// is queued for deletion instead.
func (s *Store) dropField(ctx context.Context, key, field string, keys ...string) {
	s.epoch.Add(1)
	all := append([]string{key}, keys...)
	if !s.usable() {
		s.queueDeletes(all...)
		return
	}
	ctx = context.WithoutCancel(ctx)
	octx, cancel := s.opContext(ctx)
	defer cancel()
	_, err := s.rdb.Pipelined(octx, func(p redis.Pipeliner) error {
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
	s.succeeded()
}
