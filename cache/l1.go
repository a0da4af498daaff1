package cache

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultL1TTL is how long a value read from Redis is served from process memory.
const DefaultL1TTL = time.Second

// DefaultL1Size bounds the entries of the in-process cache.
const DefaultL1Size = 20000

// l1 is the in-process layer in front of Redis: decoded values (and remembered "not found"
// answers) read from Redis or loaded from the API, keyed by their Redis key (and hash
// field), so that a warm interaction neither asks Redis nor decodes JSON.
//
// Coherence across replicas. Every write the bot makes drops the keys it changes from this
// process's l1 before it returns (read-after-write here) and publishes them on the
// "<prefix>:l1" channel, which every process subscribes to (l1sub.go) and drops them on
// receipt: another replica serves the old value only until the message arrives, normally
// well under a millisecond. Whatever happens to the message, an entry is never served more
// than L1TTL after it was read from Redis: that is the bound on staleness for the bot's own
// writes seen from other replicas, and what l1 adds to the cache's own staleness (CacheTTL)
// for writes made elsewhere. While the subscription is down (Redis unreachable, a
// reconnection) the l1 is neither read nor filled, and it is emptied when the subscription
// is back, since messages may have been missed meanwhile.
//
// A value is stored only if no invalidation arrived since the caller started reading it
// (gen), so a read racing with a write cannot keep the old value. Values are shared by every
// caller: they must be treated as read-only. The number of entries is bounded (Size);
// past it the l1 starts over empty, so memory does not grow with interactions.
type l1 struct {
	ttl  time.Duration
	size int
	now  func() time.Time
	// cachePrefix ("<prefix>:c:") is cut from cache keys: entries are keyed as GetOrLoad's
	// callers name them, so a warm read builds no full key (a substring costs nothing).
	cachePrefix string

	online atomic.Bool   // subscribed: remote invalidations arrive
	gen    atomic.Uint64 // bumped by every invalidation

	mu      sync.RWMutex
	entries map[string]map[string]l1Entry // key -> field ("" for whole keys) -> entry
	count   int
}

// l1Entry is a cached value or error, and when it stops being served (Unix ns).
type l1Entry struct {
	val     any
	err     error
	expires int64
}

// newL1 returns an l1 that keeps entries for ttl (≤ 0: disabled) up to size of them; keys
// starting with cachePrefix are kept without it.
func newL1(ttl time.Duration, size int, now func() time.Time, cachePrefix string) *l1 {
	return &l1{ttl: ttl, size: size, now: now, cachePrefix: cachePrefix, entries: make(map[string]map[string]l1Entry)}
}

// short is how the l1 names a Redis key.
func (c *l1) short(key string) string { return strings.TrimPrefix(key, c.cachePrefix) }

// enabled reports whether the l1 may be used now.
func (c *l1) enabled() bool { return c != nil && c.ttl > 0 && c.online.Load() }

// generation is what a reader notes before it reads Redis, for put.
func (c *l1) generation() uint64 {
	if c == nil {
		return 0
	}
	return c.gen.Load()
}

// get returns the entry of key and field if it is fresh.
func (c *l1) get(key, field string) (any, error, bool) {
	if !c.enabled() {
		return nil, nil, false
	}
	c.mu.RLock()
	e, ok := c.entries[c.short(key)][field]
	c.mu.RUnlock()
	if !ok || c.now().UnixNano() >= e.expires {
		return nil, nil, false
	}
	return e.val, e.err, true
}

// put stores a value read after gen was noted, unless something was invalidated since.
func (c *l1) put(key, field string, val any, err error, gen uint64) {
	if !c.enabled() || c.gen.Load() != gen {
		return
	}
	e := l1Entry{val: val, err: err, expires: c.now().Add(c.ttl).UnixNano()}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen.Load() != gen { // an invalidation slipped in while we waited for the lock
		return
	}
	key = c.short(key)
	fields := c.entries[key]
	if fields == nil {
		if c.count >= c.size {
			c.entries, c.count = make(map[string]map[string]l1Entry), 0
		}
		fields = make(map[string]l1Entry, 1)
		c.entries[key] = fields
	}
	if _, ok := fields[field]; !ok {
		c.count++
	}
	fields[field] = e
}

// drop forgets keys (every field of each).
func (c *l1) drop(keys ...string) {
	if c == nil {
		return
	}
	c.gen.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		k = c.short(k)
		c.count -= len(c.entries[k])
		delete(c.entries, k)
	}
}

// clear forgets everything.
func (c *l1) clear() {
	if c == nil {
		return
	}
	c.gen.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries, c.count = make(map[string]map[string]l1Entry), 0
}

// l1Wipe is the message that empties every l1 (the whole cache was dropped).
const l1Wipe = "*"

// l1Message is the payload published for keys: one per line.
func l1Message(keys []string) string { return strings.Join(keys, "\n") }

// applyL1Message drops what a published message names.
func (c *l1) apply(payload string) {
	if payload == l1Wipe {
		c.clear()
		return
	}
	c.drop(strings.Split(payload, "\n")...)
}
