package cache

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/vclient"
)

// commandCounter is a go-redis hook counting the commands a client sends.
type commandCounter struct{ cmds atomic.Int64 }

func (c *commandCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *commandCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.cmds.Add(1)
		return next(ctx, cmd)
	}
}

func (c *commandCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.cmds.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}

// waitL1 waits until the store's in-process cache is subscribed to invalidations.
func waitL1(t testing.TB, s *Store) {
	t.Helper()
	require.Eventually(t, s.l1.online.Load, 30*time.Second, time.Millisecond, "the l1 never subscribed")
}

// replica opens a second Store and Lookups on env's Redis and prefix, with a clock of its
// own: another noirbot process.
func (e *testEnv) replica(t *testing.T, modify ...func(*Options)) (*Store, *Lookups, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	opts := e.store.opts
	opts.Now, opts.Observer = clock.Now, nopObserver{}
	opts.heartbeatTick = make(chan time.Time)
	for _, m := range modify {
		m(&opts)
	}
	s, err := Open(t.Context(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s, NewLookups(s, e.api), clock
}

// addQuickroll is a write through the API on Alice's behalf.
func (e *testEnv) addQuickroll(t *testing.T, name string) {
	t.Helper()
	_, err := e.api.OnBehalfOf(e.sb.Alice).Users(e.sb.CompanyID).CreateQuickroll(t.Context(), e.sb.Alice,
		&vclient.QuickrollCreate{Name: name, TraitIDs: []string{e.sb.Traits["Wits"]}})
	require.NoError(t, err)
}

func TestAWarmLookupIsServedFromProcessMemory(t *testing.T) {
	env := newTestEnv(t)
	waitL1(t, env.store)
	ctx, cid := t.Context(), env.sb.CompanyID
	_, err := env.lookups.Quickrolls(ctx, cid, env.sb.Alice)
	require.NoError(t, err)

	counter := &commandCounter{}
	env.store.rdb.AddHook(counter)
	env.emu.ResetRequests()
	qr, err := env.lookups.Quickrolls(ctx, cid, env.sb.Alice)
	require.NoError(t, err)
	assert.Len(t, qr, 2)
	assert.Zero(t, counter.cmds.Load(), "no Redis command")
	assert.Zero(t, env.upstream(""), "no API call")

	env.clock.Advance(DefaultL1TTL)
	_, err = env.lookups.Quickrolls(ctx, cid, env.sb.Alice)
	require.NoError(t, err)
	assert.Equal(t, int64(1), counter.cmds.Load(), "past L1TTL the value is read from Redis again")
}

func TestAWriteIsSeenAtOnceByItsReplicaAndByAnotherWithinTheBound(t *testing.T) {
	env := newTestEnv(t)
	b, bLookups, _ := env.replica(t)
	waitL1(t, env.store)
	waitL1(t, b)
	ctx, cid, alice := t.Context(), env.sb.CompanyID, env.sb.Alice
	read := func(l *Lookups) int {
		qr, err := l.Quickrolls(ctx, cid, alice)
		require.NoError(t, err)
		return len(qr)
	}
	require.Equal(t, 2, read(env.lookups))
	require.Equal(t, 2, read(bLookups), "B holds the list in its l1 now")

	env.addQuickroll(t, "Wits + Awareness")
	env.lookups.InvalidateQuickrolls(ctx, cid, alice)
	assert.Equal(t, 3, read(env.lookups), "A reads its own write at once")
	// B's clock stands still: only the published invalidation can make B read again.
	assert.Eventually(t, func() bool { return read(bLookups) == 3 }, 30*time.Second, time.Millisecond,
		"B drops its copy when the invalidation arrives")
}

func TestAWriteWhoseInvalidationIsLostIsServedAtMostL1TTL(t *testing.T) {
	env := newTestEnv(t)
	b, bLookups, bClock := env.replica(t)
	// A writer that publishes nothing: as if B missed the message.
	_, silent, _ := env.replica(t, func(o *Options) { o.L1TTL = -1 })
	waitL1(t, b)
	ctx, cid, alice := t.Context(), env.sb.CompanyID, env.sb.Alice
	read := func() int {
		qr, err := bLookups.Quickrolls(ctx, cid, alice)
		require.NoError(t, err)
		return len(qr)
	}
	require.Equal(t, 2, read())

	env.addQuickroll(t, "Wits + Awareness")
	silent.InvalidateQuickrolls(ctx, cid, alice)
	assert.Equal(t, 2, read(), "B serves its copy while it is younger than L1TTL")
	bClock.Advance(DefaultL1TTL)
	assert.Equal(t, 3, read(), "and never past L1TTL")
}

func TestStateWrittenOnOneReplicaIsReadOnAnother(t *testing.T) {
	env := newTestStore(t)
	b, _, _ := (&testEnv{store: env.store}).replica(t)
	waitL1(t, env.store)
	waitL1(t, b)
	ctx := t.Context()
	for _, s := range []*Store{env.store, b} { // both hold "unbound" and "no default" in their l1
		c, err := s.ChannelCampaign(ctx, "g", "ch")
		require.NoError(t, err)
		require.Empty(t, c)
		d, err := s.DefaultCharacter(ctx, "g", "u", "camp")
		require.NoError(t, err)
		require.Empty(t, d)
	}

	require.NoError(t, env.store.BindChannel(ctx, "g", "ch", "camp"))
	require.NoError(t, env.store.SetDefaultCharacter(ctx, "g", "u", "camp", "char"))
	c, err := env.store.ChannelCampaign(ctx, "g", "ch")
	require.NoError(t, err)
	assert.Equal(t, "camp", c, "A reads its own binding at once")
	d, err := env.store.DefaultCharacter(ctx, "g", "u", "camp")
	require.NoError(t, err)
	assert.Equal(t, "char", d, "A reads its own default at once")
	assert.Eventually(t, func() bool {
		c, err := b.ChannelCampaign(ctx, "g", "ch")
		d, err2 := b.DefaultCharacter(ctx, "g", "u", "camp")
		return err == nil && err2 == nil && c == "camp" && d == "char"
	}, 30*time.Second, time.Millisecond, "B reads them once the invalidation arrives")
}

func TestTheL1IsBoundedAndStartsOverWhenFull(t *testing.T) {
	clock := newFakeClock()
	c := newL1(time.Minute, 3, clock.Now, "p:c:")
	c.online.Store(true)
	for i, k := range []string{"a", "b", "c", "d"} {
		c.put(k, "", i, nil, c.generation())
	}
	_, _, ok := c.get("a", "")
	assert.False(t, ok, "the fourth entry emptied the full l1")
	v, _, ok := c.get("d", "")
	assert.True(t, ok)
	assert.Equal(t, 3, v)
	assert.LessOrEqual(t, c.count, 3)
}

func TestAReadRacingAnInvalidationKeepsNothing(t *testing.T) {
	c := newL1(time.Minute, 10, newFakeClock().Now, "p:c:")
	c.online.Store(true)
	gen := c.generation() // a reader starts reading Redis
	c.drop("k")           // a write's invalidation arrives meanwhile
	c.put("k", "", "old", nil, gen)
	_, _, ok := c.get("k", "")
	assert.False(t, ok, "the value read before the invalidation is not kept")
}

func TestRollingTheQuickrollInFrontAgainWritesNothingAndAnotherReplicasRollIsKept(t *testing.T) {
	env := newTestStore(t)
	b, _, _ := (&testEnv{store: env.store}).replica(t)
	waitL1(t, env.store)
	waitL1(t, b)
	ctx := t.Context()
	counter := &commandCounter{}
	env.store.rdb.AddHook(counter)
	require.Eventually(t, func() bool { // until A's own announcement of the change has come back
		before := counter.cmds.Load()
		require.NoError(t, env.store.PushRecentQuickroll(ctx, "g", "u", "q1"))
		return counter.cmds.Load() == before
	}, 30*time.Second, time.Millisecond, "a roll of the quickroll in front costs no Redis command")

	require.NoError(t, b.PushRecentQuickroll(ctx, "g", "u", "q2"))
	assert.Eventually(t, func() bool {
		require.NoError(t, env.store.PushRecentQuickroll(ctx, "g", "u", "q1"))
		ids, err := env.store.RecentQuickrolls(ctx, "g", "u")
		require.NoError(t, err)
		return len(ids) == 2 && ids[0] == "q1" && ids[1] == "q2"
	}, 30*time.Second, time.Millisecond, "A forgets its front once B changed the list, and writes again")
}
