package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/noirbot/noirbot/vclient"
	"github.com/redis/go-redis/v9"
)

// directory lists the company's users once for all concurrent callers and stores the
// result in Redis. While Redis is unavailable (outage), a listing younger than
// IdentityRefreshInterval kept in process is used instead, so an outage does not cost a
// user listing per interaction.
func (l *Lookups) directory(ctx context.Context, companyID string, outage bool) (*directory, error) {
	s := l.s
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list users of company %s: %w", companyID, err)
	}
	if outage {
		if dir := s.recentDirectory(companyID); dir != nil {
			return dir, nil
		}
	}
	ch := s.joinLoad(s.identityKey(companyID), func() (v any, err error) {
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
	useRedis := s.ready(ctx, "")
	epoch := s.epoch.Load()
	users, err := l.api.Users(companyID).ListAll(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("list users of company %s: %w", companyID, err)
	}
	dir := newDirectory(users, s.log, companyID)
	if s.epoch.Load() == epoch {
		s.keepDirectory(companyID, dir)
	}
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
// readers see the old map or the new one, never half of one. The whole build is one
// MULTI/EXEC: every key in it carries the company's hash tag (companyTag), so in Redis
// Cluster it runs on one node, and no partial build (a map without its TTL, a refresh
// time without a map) is left behind by a failure halfway.
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
	_, err = s.rdb.TxPipelined(octx, func(p redis.Pipeliner) error {
		p.HSet(octx, tmp, fields...)
		p.Expire(octx, tmp, time.Minute) // a build cut short leaves no garbage
		p.Rename(octx, tmp, key)
		p.PExpire(octx, key, jitter(s.opts.IdentityTTL))
		p.Set(octx, s.refreshKey(companyID), now, s.opts.IdentityRefreshInterval)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store identity map of company %s: %w", companyID, err)
	}
	s.l1.drop(key) // the other replicas' entries age out within L1TTL
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

// recentDirectory returns the company's last listing if it is recent enough to stand
// in for the Redis map during an outage.
func (s *Store) recentDirectory(companyID string) *directory {
	s.companyMu.Lock()
	defer s.companyMu.Unlock()
	r, ok := s.directories[companyID]
	if !ok || s.opts.Now().Sub(r.at) >= s.opts.IdentityRefreshInterval {
		return nil
	}
	return r.dir
}

func (s *Store) keepDirectory(companyID string, dir *directory) {
	s.companyMu.Lock()
	defer s.companyMu.Unlock()
	s.directories[companyID] = recentDirectory{dir: dir, at: s.opts.Now()}
}

type recentDirectory struct {
	dir *directory
	at  time.Time
}
