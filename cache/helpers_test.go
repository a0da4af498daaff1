package cache

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
)

// fakeClock is an injectable clock that only moves when told to.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// recorder is an Observer that counts events.
type recorder struct {
	mu                           sync.Mutex
	hits, misses, errs, failOpen map[string]int
}

func newRecorder() *recorder {
	return &recorder{hits: map[string]int{}, misses: map[string]int{}, errs: map[string]int{}, failOpen: map[string]int{}}
}

func (r *recorder) CacheHit(f string)  { r.mu.Lock(); r.hits[f]++; r.mu.Unlock() }
func (r *recorder) CacheMiss(f string) { r.mu.Lock(); r.misses[f]++; r.mu.Unlock() }
func (r *recorder) CacheError(op string, _ error) {
	r.mu.Lock()
	r.errs[op]++
	r.mu.Unlock()
}
func (r *recorder) FailOpen(op string) { r.mu.Lock(); r.failOpen[op]++; r.mu.Unlock() }

func (r *recorder) count(m map[string]int, key string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return m[key]
}

func (r *recorder) sum(m map[string]int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) count(substr string) int { return strings.Count(b.String(), substr) }

// redisURL is TEST_REDIS_URL when set (real Redis, shared: never flushed or stopped),
// else a private miniredis for this test.
func redisURL(t testing.TB) string {
	if u := os.Getenv("TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://" + miniredis.RunT(t).Addr()
}

// withHost returns the Redis URL with its host:port replaced (to go through a proxy).
func withHost(t testing.TB, raw, hostport string) string {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	u.Host = hostport
	return u.String()
}

func redisHost(t testing.TB, raw string) string {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u.Host
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// testEnv is a Store and Lookups in front of an emulated Valentina with sandbox data.
type testEnv struct {
	store   *Store
	lookups *Lookups
	api     *vclient.Client
	emu     *vclienttest.Emulator
	sb      *vclienttest.Demo
	clock   *fakeClock
	obs     *recorder
	logs    *logBuffer
}

// newTestStore opens a Store on TEST_REDIS_URL (or a private miniredis) with a unique
// key prefix, a fake clock, an event recorder and captured logs. Its keys are deleted
// at the end of the test.
func newTestStore(t testing.TB, modify ...func(*Options)) *testEnv {
	countRedisTest(t)
	env := &testEnv{clock: newFakeClock(), obs: newRecorder(), logs: &logBuffer{}}
	opts := Options{
		URL:       redisURL(t),
		KeyPrefix: "noirbot-test-" + randomHex(6),
		Logger:    slog.New(slog.NewTextHandler(env.logs, nil)),
		Now:       env.clock.Now,
		Observer:  env.obs,
		// Generous, so a loaded CI machine does not fail a test open by accident;
		// outages are simulated by cutting connections, not by timeouts.
		OpTimeout: 5 * time.Second,
		// Heartbeats only when a test sends one (at Open, and env.heartbeat).
		heartbeatTick: make(chan time.Time),
	}
	for _, m := range modify {
		m(&opts)
	}
	s, err := Open(t.Context(), opts)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		deleteKeys(ctx, t, opts.KeyPrefix)
		_ = s.Close()
	})
	env.store = s
	return env
}

// deleteKeys removes the test's own keys (directly, not through a proxy that may be cut).
func deleteKeys(ctx context.Context, t testing.TB, prefix string) {
	if os.Getenv("TEST_REDIS_URL") == "" {
		return // private miniredis, gone with the test
	}
	s, err := Open(ctx, Options{URL: os.Getenv("TEST_REDIS_URL"), OpTimeout: time.Second, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Logf("cleanup: %v", err)
		return
	}
	defer s.Close()
	del := func(ctx context.Context, c redis.Cmdable) error {
		iter := c.Scan(ctx, 0, prefix+":*", 1000).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
		return iter.Err()
	}
	if cc, ok := s.rdb.(*redis.ClusterClient); ok { // SCAN sees one node's keys
		_ = cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return del(ctx, c) })
		return
	}
	_ = del(ctx, s.rdb)
}

// newTestEnv adds the emulator (seeded with the sandbox) and Lookups to newTestStore.
func newTestEnv(t testing.TB, modify ...func(*Options)) *testEnv {
	env := newTestStore(t, modify...)
	srv := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.TestAPIVersion()))
	env.emu = srv.Emulator
	env.sb = vclienttest.SeedDemo(srv.Emulator)
	api, err := vclient.New(srv.URL, vclienttest.DefaultAPIKey,
		vclient.WithBackoff(time.Millisecond, 2*time.Millisecond), vclient.WithLogger(slog.New(slog.DiscardHandler)),
		vclient.WithAPIVersion(testAPIVersion()))
	require.NoError(t, err)
	env.api = api
	env.lookups = NewLookups(env.store, api)
	env.emu.ResetRequests()
	return env
}

// waitReplayed waits until the store has replayed everything queued during an outage
// (in the background, after a lookup asked for it).
func (e *testEnv) waitReplayed(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for e.store.health.hasPending.Load() {
		if time.Now().After(deadline) {
			t.Fatal("the queued invalidations were never replayed")
		}
		e.store.kickReplay()
		time.Sleep(5 * time.Millisecond)
	}
}

// upstream counts requests the emulator received for a route template
// ("GET /users/{user_id}/quickrolls"; "" = any).
func (e *testEnv) upstream(route string) int { return e.emu.CountRequests("", route) }

// rawTTL reads a key's TTL straight from Redis.
func (e *testEnv) rawTTL(t testing.TB, key string) time.Duration {
	ttl, err := e.store.rdb.PTTL(t.Context(), key).Result()
	require.NoError(t, err)
	return ttl
}

// testAPIVersion is the dialect this run of the suite speaks ($NOIRBOT_TEST_API_VERSION, v2 by
// default); `make test` runs the package once per dialect.
func testAPIVersion() vclient.APIVersion { return vclient.APIVersion(vclienttest.TestAPIVersion()) }

// alice is the sandbox player as the viewer of lookups.
func (e *testEnv) alice() Viewer { return Viewer{UserID: e.sb.Alice, Role: vclient.RolePlayer} }

// v2 reports whether this run of the suite speaks contract v2.
func v2() bool { return testAPIVersion() == vclient.APIv2 }

// v1Only skips a test of behaviour that exists only in contract v1 (its v2 counterpart is
// named in why).
func v1Only(t testing.TB, why string) {
	t.Helper()
	if v2() {
		t.Skip("v1 only: " + why)
	}
}

// shown is the name the bot shows for a sandbox user: v2 shows the username, which the
// sandbox derives from the first name in lower case; v1 shows the name.
func shown(name string) string {
	if v2() {
		return strings.ToLower(name)
	}
	return name
}

// missingID is a well-formed id that names nothing, in the dialect's id format.
func missingID() string {
	if v2() {
		return "01900000-0000-7000-8000-000000000bad"
	}
	return "000000000000000000000bad"
}

// campaignsRoute is the route template of the campaign list in the dialect.
func campaignsRoute() string {
	if v2() {
		return "GET /campaigns"
	}
	return "GET /users/{user_id}/campaigns"
}

// unlinkDiscord removes a user's link to a Discord id as an admin would, and tells the
// lookups: v1 clears discord_profile with a PATCH and drops the company's map; v2 (where
// discord_profile is read-only) removes the verified identity and drops the member's entry.
func (e *testEnv) unlinkDiscord(t testing.TB, userID, discordID string) {
	t.Helper()
	if v2() {
		e.emu.SetIdentity(userID, "discord", "")
		e.lookups.DropIdentity(t.Context(), e.sb.CompanyID, discordID)
		return
	}
	_, err := e.api.OnBehalfOf(e.sb.Ada).Users(e.sb.CompanyID).Update(t.Context(), userID,
		&vclient.UserUpdate{DiscordProfile: &vclient.DiscordProfileUpdate{ID: vclient.Null[string]()}})
	require.NoError(t, err)
	e.lookups.InvalidateIdentity(t.Context(), e.sb.CompanyID)
}

// lookupRoute is v2's GET /users/lookup.
const lookupRoute = "GET /users/lookup"

// verified is the link source of a sandbox member: the verified identity in v2, none in v1.
func verified() LinkSource {
	if v2() {
		return LinkVerified
	}
	return ""
}
