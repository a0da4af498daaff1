// Package cache is what noirbot remembers: a Redis cache-aside layer in front of the
// Valentina API (typed lookups, the Discord-to-Valentina identity map), interaction
// de-duplication, and the bot's small durable state (channel bindings, default
// characters, recent quickrolls).
//
// Cache keys live under "<prefix>:c:" and always carry a TTL; state keys live under
// "<prefix>:s:". Lookups fail open: when Redis errors or is slow they go straight to
// the API, and caching resumes by itself once Redis answers again. State operations
// return errors instead, so commands can say that state is unavailable.
//
// Keys that one operation touches together (a MULTI/EXEC, a script, a RENAME) carry the
// same Redis Cluster hash tag, so they live in one slot; every other operation uses one
// key per command, so a Cluster can spread the keys freely.
//
// Key layout (ids as the API spells them):
//
//	<prefix>:c:quickrolls:<company>:<user>        []vclient.Quickroll
//	<prefix>:c:notes:<company>:<user>             []vclient.Note
//	<prefix>:c:campaigns:<company>                []vclient.Campaign
//	<prefix>:c:characters:<company>:<campaign>:<player|*>  []vclient.Character (v1)
//	<prefix>:c:characters:<company>:<campaign>:<player|*>:<p|s>  the same in v2, per viewer class
//	<prefix>:c:traits:<company>:<character>       []vclient.CharacterTrait
//	<prefix>:c:trait:<company>:<trait>            blueprint trait name
//	<prefix>:c:company:<company>                  vclient.Company (without its e-mail)
//	<prefix>:c:identity:{<prefix>:<company>}      v1: hash: Discord id -> Member, "#users", "@"
//	<prefix>:c:identity-refresh:{<prefix>:<company>}  v1: time of the last user-list refresh
//	<prefix>:c:who:<company>:<discord user>       v2: Member (identity_ttl), or "not linked" (30 s)
//	<prefix>:c:users:<company>                    v2: []Member, the company's users
//	<prefix>:c:played:<company>:<user>:p          v2: []vclient.Character a player plays (primed only)
//	<prefix>:s:dedup:<interaction>                interaction de-duplication (15 min)
//	<prefix>:s:channel:<guild>:<channel>          bound campaign
//	<prefix>:s:character:<guild>:<discord user>   hash: campaign -> default character
//	<prefix>:s:recent:<guild>:<discord user>      list: last 10 quickrolls rolled
//	<prefix>:s:processes                          hash: process id -> last heartbeat (ms)
//	<prefix>:s:link:<company>:<discord user>      v2: admin link -> user id
//	<prefix>:s:oauth-state:<state>                v2: OAuthState of a sign-in link (10 min)
//	<prefix>:l1                                   pub/sub channel: keys to drop from in-process caches
//
// Warm reads are served from process memory (l1.go) for at most Options.L1TTL after they
// were read from Redis; the bot's own writes reach every replica's copy through the
// channel above, normally within a millisecond, and within L1TTL whatever happens to it.
package cache

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

// Defaults used when the matching Options field is zero.
const (
	DefaultKeyPrefix               = "noirbot"
	DefaultCacheTTL                = 5 * time.Minute
	DefaultIdentityTTL             = time.Hour
	DefaultNegativeTTL             = 30 * time.Second
	DefaultIdentityRefreshInterval = 30 * time.Second
	DefaultOpTimeout               = 300 * time.Millisecond
	DefaultLoadTimeout             = 20 * time.Second
	DefaultRetryAfter              = time.Second
	DefaultDedupSize               = 10000
)

// Options configures a Store. Zero fields take the defaults above.
type Options struct {
	// URL is a redis:// or rediss:// URL. Several addresses (?addr=host:port) select
	// Redis Cluster; ?master_name=NAME selects Sentinel (the URL's hosts are then the
	// sentinels). "" starts an embedded, non-persistent miniredis.
	URL       string
	KeyPrefix string
	// CacheTTL is the TTL of cached lookups; IdentityTTL that of the identity map.
	CacheTTL, IdentityTTL time.Duration
	// NegativeTTL is how long a "not found" answer from the API is remembered.
	NegativeTTL time.Duration
	// IdentityRefreshInterval is the minimum time between user-list refreshes of one
	// company caused by an unknown Discord id.
	IdentityRefreshInterval time.Duration
	Logger                  *slog.Logger
	// Now is the clock used for time windows (refresh throttling, fail-open backoff,
	// de-duplication); default time.Now.
	Now func() time.Time
	// Observer, if set, is told about hits, misses, errors and fail-open events.
	Observer Observer

	// OpTimeout bounds one Redis round trip: the most a slow Redis adds to a lookup.
	OpTimeout time.Duration
	// LoadTimeout bounds a shared upstream load, which outlives a caller that gives up.
	LoadTimeout time.Duration
	// RetryAfter is how long lookups skip Redis after it failed, before probing again.
	RetryAfter time.Duration
	// DedupSize is the capacity of the in-process de-duplication LRU.
	DedupSize int
	// L1TTL is how long a value read from Redis is served from process memory (l1.go):
	// the bound on how late another replica sees a write the bot made. Negative
	// disables the in-process cache. L1Size bounds its entries.
	L1TTL  time.Duration
	L1Size int
	// HeartbeatInterval is how often the process renews its entry in the process
	// registry, and StaleAfter how old an entry must be for another process to take its
	// owner for stopped with invalidations unapplied and drop the cache (registry.go).
	// StaleAfter must exceed HeartbeatInterval several times over.
	HeartbeatInterval, StaleAfter time.Duration

	// embeddedTick replaces the embedded server's 1 s ticker in tests.
	embeddedTick <-chan time.Time
	// heartbeatTick replaces the HeartbeatInterval ticker in tests.
	heartbeatTick <-chan time.Time
	// replayHook, if set, runs at the start of every replay (tests hold it there).
	replayHook func()
	// joinedHook, if set, runs each time a caller has joined a shared load of key (tests
	// wait until every caller waits on the one load they hold).
	joinedHook func(key string)
}

// Observer receives cache events, e.g. to export metrics. Methods must be cheap and
// safe for concurrent use.
type Observer interface {
	// CacheHit is called when a lookup of family (e.g. "quickrolls") is served from Redis.
	CacheHit(family string)
	// CacheMiss is called when a lookup of family was absent from Redis.
	CacheMiss(family string)
	// CacheError is called when a Redis operation op fails.
	CacheError(op string, err error)
	// FailOpen is called when operation op bypasses Redis because it is unavailable.
	FailOpen(op string)
}

type nopObserver struct{}

func (nopObserver) CacheHit(string)          {}
func (nopObserver) CacheMiss(string)         {}
func (nopObserver) CacheError(string, error) {}
func (nopObserver) FailOpen(string)          {}

// Store is a connection to Redis (or the embedded server) with the cache's policies.
// It is safe for concurrent use.
type Store struct {
	rdb      redis.UniversalClient
	embedded *embedded
	// replicas is how many healthy replicas Sentinel reports (nil without Sentinel): state
	// writes wait for them (writeConfirmed).
	replicas *replicaWatch
	opts     Options
	log      *slog.Logger
	obs      Observer
	prefix   string

	flights singleflight.Group
	l1      *l1
	health  health
	dedup   *lru
	// epoch counts invalidations: a load that saw an invalidation start after it does
	// not store its (possibly stale) result.
	epoch atomic.Uint64

	// id names the process in the registry; kick asks the maintenance goroutine for a
	// replay; stop ends it and maintained is closed when it has.
	id               string
	kick             chan struct{}
	stop, maintained chan struct{}
	// l1done is closed when the l1 subscription has ended.
	l1done    chan struct{}
	closeOnce sync.Once

	companyMu   sync.Mutex
	throttle    map[string]time.Time       // in-process fallback of the identity refresh throttle
	directories map[string]recentDirectory // last user listing per company, for outages
}

// Open connects to Redis as opts describe, or starts the embedded server when opts.URL
// is empty. An unreachable Redis is not an error (lookups fail open; see Healthy); an
// invalid URL is.
func Open(ctx context.Context, opts Options) (*Store, error) {
	opts = withDefaults(opts)
	s := &Store{
		opts:        opts,
		log:         opts.Logger,
		obs:         opts.Observer,
		prefix:      opts.KeyPrefix,
		dedup:       newLRU(opts.DedupSize),
		throttle:    make(map[string]time.Time),
		directories: make(map[string]recentDirectory),
		id:          newProcessID(),
		kick:        make(chan struct{}, 1),
		stop:        make(chan struct{}),
		maintained:  make(chan struct{}),
		l1done:      make(chan struct{}),
		l1:          newL1(opts.L1TTL, opts.L1Size, opts.Now, opts.KeyPrefix+":c:"),
	}
	s.health.init()
	url := opts.URL
	if url == "" {
		emb, err := startEmbedded(opts.embeddedTick)
		if err != nil {
			return nil, err
		}
		s.embedded = emb
		url = "redis://" + emb.mini.Addr()
		s.log.Warn("redis.url is empty: using an embedded in-process Redis; cache and state (channel bindings, default characters) are not persistent")
	}
	uopts, err := universalOptions(url, opts.OpTimeout)
	if err != nil {
		s.embedded.close()
		return nil, err
	}
	s.rdb = redis.NewUniversalClient(uopts)
	if uopts.MasterName != "" {
		s.replicas = newReplicaWatch(ctx, uopts, opts.OpTimeout)
	}
	if s.heartbeat(ctx) != nil {
		s.log.Warn("redis is not reachable yet; lookups go to the API until it answers")
	}
	tick := opts.heartbeatTick
	var ticker *time.Ticker
	if tick == nil {
		ticker = time.NewTicker(opts.HeartbeatInterval)
		tick = ticker.C
	}
	l1ctx, stopL1 := context.WithCancel(context.WithoutCancel(ctx))
	go func() {
		<-s.stop
		stopL1()
	}()
	go func() {
		defer close(s.l1done)
		if s.l1.ttl > 0 {
			s.listenL1(l1ctx)
		}
	}()
	go func() {
		if ticker != nil {
			defer ticker.Stop()
		}
		s.maintain(tick)
	}()
	return s, nil
}

func withDefaults(o Options) Options {
	if o.KeyPrefix == "" {
		o.KeyPrefix = DefaultKeyPrefix
	}
	setDefault(&o.CacheTTL, DefaultCacheTTL)
	setDefault(&o.IdentityTTL, DefaultIdentityTTL)
	setDefault(&o.NegativeTTL, DefaultNegativeTTL)
	setDefault(&o.IdentityRefreshInterval, DefaultIdentityRefreshInterval)
	setDefault(&o.OpTimeout, DefaultOpTimeout)
	setDefault(&o.LoadTimeout, DefaultLoadTimeout)
	setDefault(&o.RetryAfter, DefaultRetryAfter)
	setDefault(&o.HeartbeatInterval, DefaultHeartbeatInterval)
	setDefault(&o.StaleAfter, DefaultStaleAfter)
	if o.DedupSize <= 0 {
		o.DedupSize = DefaultDedupSize
	}
	if o.L1TTL == 0 {
		o.L1TTL = DefaultL1TTL
	}
	if o.L1Size <= 0 {
		o.L1Size = DefaultL1Size
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
	return o
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d <= 0 {
		*d = v
	}
}

// Close stops the background work, removes the process from the registry if it has no
// invalidation left to apply (registry.go), closes the Redis client and stops the
// embedded server, if any. Calls after the first only close the client again.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.stop)
		<-s.maintained
		<-s.l1done
		s.deregister()
		s.replicas.close()
	})
	err := s.rdb.Close()
	s.embedded.close()
	if err != nil {
		return fmt.Errorf("close redis client: %w", err)
	}
	return nil
}

// Redis returns the underlying client (for diagnostics and tests).
func (s *Store) Redis() redis.UniversalClient { return s.rdb }

// InProcessCacheOn reports whether warm reads are served from process memory now: the
// l1 is enabled and subscribed to invalidations (for diagnostics and tests).
func (s *Store) InProcessCacheOn() bool { return s.l1.enabled() }

// Healthy reports whether Redis answers PING within the operation timeout. It is meant
// for readiness checks; lookups keep working (from the API) when it is false.
func (s *Store) Healthy(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, s.opts.OpTimeout)
	defer cancel()
	return s.rdb.Ping(ctx).Err() == nil
}

// cacheKey returns "<prefix>:c:<parts joined by ':'>".
func (s *Store) cacheKey(parts ...string) string { return s.key("c", parts) }

// stateKey returns "<prefix>:s:<parts joined by ':'>".
func (s *Store) stateKey(parts ...string) string { return s.key("s", parts) }

func (s *Store) key(family string, parts []string) string {
	n := len(s.prefix) + 1 + len(family)
	for _, p := range parts {
		n += 1 + len(p)
	}
	var b strings.Builder
	b.Grow(n) // one allocation: keys are built on every lookup
	b.WriteString(s.prefix)
	b.WriteString(":")
	b.WriteString(family)
	for _, p := range parts {
		b.WriteString(":")
		b.WriteString(p)
	}
	return b.String()
}

// opContext bounds one Redis round trip.
func (s *Store) opContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.opts.OpTimeout)
}
