package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/redis/go-redis/v9"
)

// Invalidations a process could not apply are kept in its memory (health) and replayed
// when Redis answers again. If the process stops first (a deploy during the outage, a
// crash, a kill), they are gone, and the entries they should have dropped would be served
// until their TTL: up to an hour for an identity map. To bound that, every process
// registers in "<prefix>:s:processes" (a hash: process id -> time of its last heartbeat)
// and renews its entry every HeartbeatInterval while it has nothing left to replay. A
// process that stops cleanly (Close with nothing pending) removes its entry; one that
// stops with invalidations pending cannot, and its entry goes stale. Every heartbeat of
// every process removes the entries older than StaleAfter, and whoever removes one drops
// the whole cache in the background, skipping the cache itself until that is done.
//
// The bound: once Redis answers and any process runs, entries that a stopped process
// failed to invalidate are served for at most StaleAfter + HeartbeatInterval after that
// process's last heartbeat (35 s with the defaults), plus the time the background SCAN
// takes to reach them; the process that drops the cache serves none of them meanwhile. A
// process restarted after such a stop therefore serves stale entries for at most that
// long, instead of up to IdentityTTL. The price is an empty cache after every unclean
// stop, since a crash looks like a stop with invalidations pending, and after an outage
// longer than StaleAfter, when no entry could be renewed (the first heartbeat after it
// cannot tell who lost what).

// Defaults of the process registry.
const (
	DefaultHeartbeatInterval = 5 * time.Second
	DefaultStaleAfter        = 30 * time.Second
)

// heartbeatScript renews the caller's entry (ARGV[3], unless "") with the time ARGV[1]
// (ms) and removes entries older than ARGV[2] ms; it returns how many it removed. It is
// one key, so it runs anywhere in a Cluster, and atomic, so one stale entry is removed
// (and the cache dropped) once however many processes notice it.
var heartbeatScript = redis.NewScript(`
local now, stale, removed = tonumber(ARGV[1]), tonumber(ARGV[2]), 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i] ~= ARGV[3] and now - tonumber(all[i + 1]) > stale then
    redis.call('HDEL', KEYS[1], all[i])
    removed = removed + 1
  end
end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], ARGV[3], ARGV[1]) end
return removed`)

// registryKey is the hash of running processes and their last heartbeat.
func (s *Store) registryKey() string { return s.stateKey("processes") }

// newProcessID names this process in the registry.
func newProcessID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// heartbeat replays what is pending, renews this process's registry entry if nothing is
// left, and removes stale entries of other processes, dropping the cache (in the
// background) when it removed any.
func (s *Store) heartbeat(ctx context.Context) error {
	if !s.usable() {
		return nil
	}
	if s.health.hasPending.Load() {
		if err := s.replayNow(ctx); err != nil {
			return err
		}
	}
	own := s.id
	if s.health.hasPending.Load() {
		own = "" // queued again meanwhile: do not vouch for this process yet
	}
	octx, cancel := s.opContext(ctx)
	defer cancel()
	removed, err := heartbeatScript.Run(octx, s.rdb, []string{s.registryKey()},
		s.opts.Now().UnixMilli(), s.opts.StaleAfter.Milliseconds(), own).Int()
	if err != nil {
		s.failed(ctx, "heartbeat", err)
		return err
	}
	s.succeeded()
	if removed > 0 {
		s.log.Warn("a noirbot process stopped without a clean shutdown; it may have left invalidations unapplied: dropping the cache in the background",
			"processes", removed)
		s.queueWipe()
		s.kickReplay()
	}
	return nil
}

// replayNow replays what is pending within LoadTimeout, recording a failure.
func (s *Store) replayNow(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.LoadTimeout)
	defer cancel()
	if err := s.replay(ctx); err != nil {
		s.failed(ctx, "replay", err)
		return err
	}
	return nil
}

// kickReplay asks the maintenance goroutine to replay what is pending; it never blocks.
func (s *Store) kickReplay() {
	select {
	case s.kick <- struct{}{}:
	default: // already asked
	}
}

// maintain is the Store's background goroutine: replays when asked, heartbeats on tick.
func (s *Store) maintain(tick <-chan time.Time) {
	defer close(s.maintained)
	ctx := context.Background()
	for {
		select {
		case <-s.stop:
			return
		case <-s.kick:
			if s.usable() && s.health.hasPending.Load() {
				_ = s.replayNow(ctx)
			}
		case <-tick:
			_ = s.heartbeat(ctx)
		}
	}
}

// deregister is the last step of a clean stop: with nothing left to replay (tried once
// more, within OpTimeout), the process removes its registry entry, so its stop does not
// cost the others their cache. With something left, the entry stays and goes stale.
func (s *Store) deregister() {
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.OpTimeout)
	defer cancel()
	if s.health.hasPending.Load() && s.usable() {
		_ = s.replay(ctx)
	}
	if s.health.hasPending.Load() {
		s.log.Warn("stopping with cache invalidations not applied: other processes drop the cache once this one's heartbeat is stale",
			"stale_after", s.opts.StaleAfter)
		return
	}
	_ = s.rdb.HDel(ctx, s.registryKey(), s.id).Err()
}
