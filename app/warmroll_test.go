package app

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAWarmQuickrollCostsAtMostThreeRedisCommands pins SPEC §9's Redis budget of a warm
// /quickroll through the whole app (signature, de-duplication, routing, the command): at most
// 3 Redis commands in at most 2 round trips (a go-redis hook counts them: a command sent
// alone or a pipeline is one round trip), on the embedded Redis and on real Redis. The
// in-process cache's TTL is raised so that a slow machine cannot expire it mid-test.
func TestAWarmQuickrollCostsAtMostThreeRedisCommands(t *testing.T) {
	setups := []struct{ name, url string }{{"embedded Redis", ""}, {"real Redis", os.Getenv("TEST_REDIS_URL")}}
	for _, setup := range setups {
		t.Run(setup.name, func(t *testing.T) {
			if setup.name == "real Redis" && setup.url == "" {
				t.Skip("set TEST_REDIS_URL")
			}
			env := newBenchEnv(t, benchSetup{redisURL: setup.url, appOpts: []Option{withL1TTL(time.Hour)}})
			require.Eventually(t, env.app.store.InProcessCacheOn, 30*time.Second, time.Millisecond)
			ctx := context.Background()
			for range 2 { // cold, then warm once more: every read is now in process memory
				o := env.send(ctx, env.quickroll())
				require.NoError(t, o.err)
				require.Equal(t, 4, o.typ)
			}

			counter := &redisCounter{}
			env.app.store.Redis().AddHook(counter)
			env.emu.ResetRequests()
			o := env.send(ctx, env.quickroll())
			require.NoError(t, o.err)
			require.Equal(t, 4, o.typ, "answered inline")
			assert.Equal(t, 1, env.emu.CountRequests("", ""), "one API call: the roll")
			assert.LessOrEqual(t, counter.cmds.Load(), int64(3), "Redis commands")
			assert.LessOrEqual(t, counter.trips.Load(), int64(2), "Redis round trips")
		})
	}
}
