package bot

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLimiterStaysBoundedAcrossManyTokensAndChannels(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newLimiter(func() time.Time { return now })
	exhausted := http.Header{}
	exhausted.Set("X-RateLimit-Remaining", "0")
	exhausted.Set("X-RateLimit-Reset-After", "30")
	for i := range 10_000 {
		l.learn(tokenShard("webhook", "token-"+strconv.Itoa(i)), exhausted)
		l.learn(tokenShard("callback", "token-"+strconv.Itoa(i)), exhausted)
		l.learn("channel:"+strconv.Itoa(i), exhausted)
	}
	assert.LessOrEqual(t, l.size(), maxBuckets)
}

func TestLimiterForgetsExpiredBlocks(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newLimiter(func() time.Time { return now })
	l.block("channel:1", time.Second)
	assert.Equal(t, time.Second, l.delay("channel:1"))
	assert.Zero(t, l.delay("channel:2"), "other buckets are free")
	now = now.Add(2 * time.Second)
	assert.Zero(t, l.delay("channel:1"))
	assert.Zero(t, l.size())

	l.blockGlobal(time.Second)
	assert.Equal(t, time.Second, l.delay("channel:2"), "a global limit blocks every bucket")
}

func TestTokenShardsAreFew(t *testing.T) {
	keys := map[string]bool{}
	for i := range 10_000 {
		keys[tokenShard("webhook", strconv.Itoa(i))] = true
	}
	assert.LessOrEqual(t, len(keys), webhookShards)
}
